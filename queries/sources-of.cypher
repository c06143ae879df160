// sources-of — same question as sources-of.rq, in Cypher.
// Parameters: $entity (STRING, required) — an IRI (a region name is resolved to its IRI by
//   `kg ask`), or an exact name, compared case-insensitively.
// Engines: runs unchanged on Neo4j 5 and on the embedded LadybugDB.
// The SPARQL ?about is anything with a jj:name: every label but Role and Sector (whose
// `name` is their skos:prefLabel). Its articles are the news articles among
//   - its own `sources` (prov:wasDerivedFrom) — an article node has none of its own;
//   - the `sources` of every node with a relationship to it (?fact ?points_to ?about);
//   - for an article, the `sources` of every fact derived from it (prov:wasDerivedFrom points
//     to the article; the mapping keeps it as `sources` rather than as a relationship).
// The lists are gathered, then unwound. Ladybug cannot type an empty list literal in CASE,
// so the own sources are added as one list that is null for an article (UNWIND null gives no row).
MATCH (n:Region|Organization|Person|Post|Event|Delegation|Agreement|Program|Product|Source)
WHERE (n.iri = $entity OR toLower(n.name) = toLower($entity)) AND n.name IS NOT NULL
OPTIONAL MATCH (fact)-->(n)
WITH n, collect(fact.sources) AS pointing
OPTIONAL MATCH (derived)
WHERE n.kind IN ['NewsArticle', 'Gazetteer'] AND n.iri IN derived.sources AND derived.iri <> n.iri
WITH n, pointing, collect(derived.sources) AS derived_lists
UNWIND pointing + derived_lists + [CASE WHEN n.kind IN ['NewsArticle', 'Gazetteer'] THEN NULL ELSE n.sources END] AS list
UNWIND list AS source
MATCH (article:Source {iri: source})
WHERE article.kind = 'NewsArticle' AND article.sourceFile IS NOT NULL
RETURN DISTINCT n.iri AS about, n.name AS about_name, article.iri AS source, article.headline AS headline,
       article.publisherName AS publisher, article.sourceFile AS file
ORDER BY about_name, file, about, source
