// programs — same question as programs.rq, in Cypher.
// Parameters (optional, null means "any"):
//   $sector (STRING or null) — a sector IRI; programs on it or on a narrower sector (BROADER*0..);
//   $owner (STRING or null) — the IRI of the owner's region.
// Engines: runs unchanged on Neo4j 5 and on the embedded LadybugDB. In every optional test
// the typed use of the parameter comes before `$x IS NULL`: Ladybug types a null parameter
// at its first use, and `$x IS NULL` first would type it BOOL and fail the comparison.
// One row per (program, owner, owner region, source); implemented_in and topics are lists
// (GROUP_CONCAT in SPARQL), sorted by the runner.
MATCH (p:Program)-[:OWNER]->(o:Organization)
WHERE p.name IS NOT NULL AND o.name IS NOT NULL
OPTIONAL MATCH (p)-[:OWNER_REGION]->(r:Region)
WITH p, o, r
WHERE (r.iri = $owner OR $owner IS NULL)
  AND (EXISTS { MATCH (p)-[:TOPIC]->(:Sector)-[:BROADER*0..]->(s:Sector) WHERE s.iri = $sector }
       OR $sector IS NULL)
OPTIONAL MATCH (p)-[:IMPLEMENTED_IN]->(place:Region)
OPTIONAL MATCH (p)-[:TOPIC]->(topic:Sector)
UNWIND p.sources AS source
RETURN p.iri AS program, p.name AS name, o.name AS owner_name, r.name AS owner_region,
       collect(DISTINCT place.name) AS implemented_in, collect(DISTINCT topic.notation) AS topics, source
ORDER BY name, program, source
