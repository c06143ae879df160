// people — same question as people.rq, in Cypher.
// Parameters (all optional, null means "any"):
//   $region (STRING or null) — a region IRI: the post's region or its province;
//   $body (STRING or null) — a body's name or short name (case-insensitive), or a unit under it;
//   $who (STRING or null) — the person's name (case-insensitive).
// Engines: runs unchanged on Neo4j 5 and on the embedded LadybugDB. The typed use of each
// parameter comes before `$x IS NULL` (Ladybug types a null parameter at its first use).
// One row per post; `acting` is the notation of the acting qualifier; lists are sorted by
// the runner.
MATCH (post:Post)-[:HOLDER]->(h:Person), (post)-[:HAS_ROLE]->(ro:Role), (post)-[:POST_IN]->(o:Organization)
WHERE h.name IS NOT NULL AND o.name IS NOT NULL AND ro.name IS NOT NULL
  AND (EXISTS { MATCH (post)-[:POST_REGION]->(:Region)-[:IN_PROVINCE*0..1]->(r:Region) WHERE r.iri = $region }
       OR $region IS NULL)
  AND (toLower(h.name) = toLower($who) OR $who IS NULL)
  AND (EXISTS { MATCH (o)-[:PART_OF*0..5]->(u:Organization)
                WHERE toLower(u.name) = toLower($body) OR toLower(u.shortName) = toLower($body) }
       OR $body IS NULL)
OPTIONAL MATCH (post)-[:POST_REGION]->(pr:Region)
UNWIND post.sources AS source
RETURN h.name AS person, h.honorificTitle AS titles, ro.name AS role, post.acting AS acting,
       post.portfolio AS portfolio, o.name AS organization, pr.name AS post_region,
       collect(DISTINCT source) AS sources, h.iri AS holder, post.iri AS post,
       $region AS region, $body AS body, $who AS who
ORDER BY organization, role, person, post
