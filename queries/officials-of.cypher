// officials-of — same question as officials-of.rq, in Cypher.
// Parameters: $region (STRING, required) — the region's IRI;
//   $date (DATE or null, optional) — keep only posts not known to have ended before it or
//   begun after it; null means any date.
// Engines: runs unchanged on Neo4j 5 and on the embedded LadybugDB. In the date test the
// typed use of $date comes before `$date IS NULL`: Ladybug types a null parameter at its
// first use, and `$date IS NULL` first would type it BOOL and fail the comparison.
// One row per post: `sources` are its articles (prov:wasDerivedFrom), first_attested and
// last_attested the earliest and latest of its `attestedOn` dates (null when it has none).
// The dates are unwound and aggregated before the articles are, so a post costs its dates
// plus its articles, not their product. A post without a source has no row, as in the .rq.
// since / until are the post's stated start and end (jj:startDate / jj:endDate), when known.
MATCH (p:Post)-[:POST_REGION]->(:Region {iri: $region})
MATCH (p)-[:HOLDER]->(h:Person)
MATCH (p)-[:HAS_ROLE]->(r:Role)
MATCH (p)-[:POST_IN]->(o:Organization)
WHERE h.name IS NOT NULL AND r.name IS NOT NULL AND o.name IS NOT NULL AND size(p.sources) > 0
WITH p, h, r, o, p.startDate AS since, p.endDate AS until
WHERE ((since IS NULL OR since <= $date) AND (until IS NULL OR until >= $date)) OR $date IS NULL
UNWIND coalesce(p.attestedOn, [NULL]) AS attested_on
WITH p, h, r, o, since, until, min(attested_on) AS first_attested, max(attested_on) AS last_attested
RETURN h.name AS person, r.name AS role, o.name AS organization, since, until,
       first_attested, last_attested, p.sources AS sources, p.iri AS post
ORDER BY organization, role, person, post
