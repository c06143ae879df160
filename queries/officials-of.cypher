// officials-of — same question as officials-of.rq, in Cypher.
// Parameters: $region (STRING, required) — the region's IRI;
//   $date (DATE or null, optional) — keep only posts not known to have ended before it or
//   begun after it; null means any date.
// Engines: runs unchanged on Neo4j 5 and on the embedded LadybugDB. In the date test the
// typed use of $date comes before `$date IS NULL`: Ladybug types a null parameter at its
// first use, and `$date IS NULL` first would type it BOOL and fail the comparison.
// One row per (post, source, attested date): `attestedOn` is a list, unwound like the
// SPARQL OPTIONAL (a post without one gives a single row with null).
// since / until are the post's stated start and end (jj:startDate / jj:endDate), when known.
MATCH (post:Post)-[:POST_REGION]->(:Region {iri: $region})
MATCH (post)-[:HOLDER]->(h:Person)
MATCH (post)-[:HAS_ROLE]->(r:Role)
MATCH (post)-[:POST_IN]->(o:Organization)
WHERE h.name IS NOT NULL AND r.name IS NOT NULL AND o.name IS NOT NULL
UNWIND post.sources AS source
UNWIND coalesce(post.attestedOn, [NULL]) AS attested_on
WITH h, r, o, attested_on, source, post.startDate AS since, post.endDate AS until
WHERE ((since IS NULL OR since <= $date) AND (until IS NULL OR until >= $date)) OR $date IS NULL
RETURN h.name AS person, r.name AS role, o.name AS organization, attested_on,
       since, until, source
ORDER BY organization, role, person, source, attested_on
