// delegations-visiting — same question as delegations-visiting.rq, in Cypher.
// Parameters: $region (STRING, required) — the host region's IRI, e.g.
//   'https://w3id.org/jejaring/id/region/61.71' (`kg ask` resolves names and codes to it).
// Engines: runs unchanged on Neo4j 5 and on the embedded LadybugDB.
// One row per (event, source, origin, leader …): an event's `sources` are the articles it
// was derived from (prov:wasDerivedFrom). `kind` is the event's most specific class, so the
// Event label stands for `?class rdfs:subClassOf* jj:Event`. The date and its precision
// come as a pair, as in the SPARQL OPTIONAL. SPARQL sorts an unbound ?date first: the
// CASE key does the same here (Cypher puts nulls last).
// One path from $region (a primary-key look-up) to its events, their delegations and senders:
// as two MATCH clauses, LadybugDB joined every delegation's HAS_DELEGATION to the events.
MATCH (:Region {iri: $region})<-[:HOST_REGION]-(e:Event)-[:HAS_DELEGATION]->(d:Delegation)-[:FROM_ORGANIZATION]->(sender:Organization)
WHERE sender.name IS NOT NULL
OPTIONAL MATCH (d)-[:FROM_REGION]->(fr:Region)
OPTIONAL MATCH (d)-[:LEADER]->(l:Person)
// the leader's posts, anywhere: the smallest role label is kept, as MIN(?role) does
OPTIONAL MATCH (post:Post)-[:HOLDER]->(l)
OPTIONAL MATCH (post)-[:HAS_ROLE]->(ro:Role)
UNWIND e.sources AS source
WITH e, source, d, coalesce(fr.name, sender.name) AS origin, fr.kemendagriCode AS origin_code,
     l.name AS leader, ro.name AS role,
     CASE WHEN e.datePrecision IS NOT NULL THEN e.startDate END AS date,
     CASE WHEN e.startDate IS NOT NULL THEN e.datePrecision END AS precision
RETURN origin, origin_code, leader, min(role) AS leader_role, d.size AS size, date, precision,
       e.kind AS event_kind, e.eventStatus AS status, e.iri AS event, source
ORDER BY CASE WHEN date IS NULL THEN 0 ELSE 1 END, date, origin, event, source
