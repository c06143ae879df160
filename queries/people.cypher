// people — same question as people.rq, in Cypher.
// Parameters (all optional, null means "any"):
//   $region (STRING or null) — a region IRI: the post's region or its province;
//   $body (STRING or null) — a body's name or short name (case-insensitive), or a unit under it;
//   $who (STRING or null) — the person's name (case-insensitive).
// Engines: runs unchanged on Neo4j 5 and on the embedded LadybugDB. The typed use of each
// parameter comes before `$x IS NULL` (Ladybug types a null parameter at its first use).
// One row per post; `acting` is the notation of the acting qualifier; lists are sorted by
// the runner, which also drops repeats: so `sources` is the post's own list (kept when it
// is not empty, as the SPARQL requires a source), not an UNWIND and collect(DISTINCT …) of it,
// which took LadybugDB about twice as long on 10,000 records (docs/performance.md).
// The units under $body and the regions in $region are found once, first (none when the
// parameter is null), instead of a PART_OF*0..5 / IN_PROVINCE*0..1 pattern for every post.
OPTIONAL MATCH (unit:Organization)-[:PART_OF*0..5]->(named:Organization)
WHERE toLower(named.name) = toLower($body) OR toLower(named.shortName) = toLower($body)
WITH collect(DISTINCT unit.iri) AS units
OPTIONAL MATCH (area:Region)-[:IN_PROVINCE*0..1]->(:Region {iri: $region})
WITH units, collect(DISTINCT area.iri) AS areas
MATCH (post:Post)-[:HOLDER]->(h:Person), (post)-[:HAS_ROLE]->(ro:Role), (post)-[:POST_IN]->(o:Organization)
WHERE h.name IS NOT NULL AND o.name IS NOT NULL AND ro.name IS NOT NULL AND size(post.sources) > 0
  AND (EXISTS { MATCH (post)-[:POST_REGION]->(in_area:Region) WHERE in_area.iri IN areas } OR $region IS NULL)
  AND (toLower(h.name) = toLower($who) OR $who IS NULL)
  AND (o.iri IN units OR $body IS NULL)
OPTIONAL MATCH (post)-[:POST_REGION]->(pr:Region)
RETURN DISTINCT h.name AS person, h.honorificTitle AS titles, ro.name AS role, post.acting AS acting,
       post.portfolio AS portfolio, o.name AS organization, pr.name AS post_region,
       post.sources AS sources, h.iri AS holder, post.iri AS post,
       $region AS region, $body AS body, $who AS who
ORDER BY organization, role, person, post
