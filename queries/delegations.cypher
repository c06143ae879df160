// delegations — same question as delegations.rq, in Cypher.
// Parameters (all optional, null means "any"):
//   $host (STRING or null) — a region IRI: the event's host region or location (a planned or
//     cancelled visit may name only its destination), or the province it lies in;
//   $origin (STRING or null) — a region IRI: the delegation's region or its province;
//   $status (STRING or null) — the event status notation (held, planned, cancelled).
// Engines: runs unchanged on Neo4j 5 and on the embedded LadybugDB. The typed use of each
// parameter comes before `$x IS NULL` (Ladybug types a null parameter at its first use).
// One row per delegation; lists are collect(DISTINCT …), sorted by the runner. SPARQL sorts
// an unbound ?date first: the CASE key does the same (Cypher puts nulls last).
MATCH (e:Event)-[:HAS_DELEGATION]->(d:Delegation)
WHERE e.name IS NOT NULL AND e.eventStatus IS NOT NULL
  AND (e.eventStatus = $status OR $status IS NULL)
  AND (EXISTS { MATCH (e)-[:HOST_REGION|LOCATED_IN]->(:Region)-[:IN_PROVINCE*0..1]->(r:Region) WHERE r.iri = $host }
       OR $host IS NULL)
  AND (EXISTS { MATCH (d)-[:FROM_REGION]->(:Region)-[:IN_PROVINCE*0..1]->(r:Region) WHERE r.iri = $origin }
       OR $origin IS NULL)
OPTIONAL MATCH (e)-[:HOST_REGION]->(hr:Region)
OPTIONAL MATCH (e)-[:LOCATED_IN]->(li:Region)
OPTIONAL MATCH (d)-[:FROM_REGION]->(fr:Region)
OPTIONAL MATCH (d)-[:FROM_ORGANIZATION]->(so:Organization)
OPTIONAL MATCH (d)-[:LEADER]->(l:Person)
OPTIONAL MATCH (d)-[:MEMBER]->(m:Person)
OPTIONAL MATCH (e)-[:RECEIVED_BY]->(rb:Person)
UNWIND e.sources AS source
WITH e, d, fr.name AS from_region, so.name AS sender, hr.name AS host_name, li.name AS located, l.name AS leader,
     m.name AS member, rb.name AS receiver, source
RETURN e.startDate AS date, e.name AS event_name, e.kind AS event_kind, e.eventStatus AS status,
       collect(DISTINCT host_name) AS host_regions, collect(DISTINCT located) AS located_in, from_region, sender,
       collect(DISTINCT leader) AS leaders, collect(DISTINCT receiver) AS received_by,
       collect(DISTINCT member) AS members, d.size AS size, e.venue AS venue,
       collect(DISTINCT source) AS sources, e.iri AS event, d.iri AS delegation,
       $host AS host, $origin AS origin
ORDER BY CASE WHEN date IS NULL THEN 0 ELSE 1 END, date, event_name, sender, delegation
