// visits-by — same question as visits-by.rq, in Cypher.
// Parameters: $region (STRING, required) — the IRI of the region the delegations came from.
// Engines: runs unchanged on Neo4j 5 and on the embedded LadybugDB.
// One row per (delegation, event, source): `sources` holds the event's articles
// (prov:wasDerivedFrom). The host is the host region's name, else the host organization's.
// SPARQL sorts an unbound ?date first; the CASE key does the same (Cypher puts nulls last).
// The pattern is written from $region (a primary-key look-up) to its delegations and their events.
MATCH (:Region {iri: $region})<-[:FROM_REGION]-(d:Delegation)<-[:HAS_DELEGATION]-(e:Event)
OPTIONAL MATCH (e)-[:HOST_REGION]->(host_region:Region)
OPTIONAL MATCH (e)-[:HOST_ORGANIZATION]->(host_org:Organization)
OPTIONAL MATCH (d)-[:LEADER]->(l:Person)
UNWIND e.sources AS source
WITH e, source, d, l, host_region.kemendagriCode AS host_code,
     coalesce(host_region.name, host_org.name) AS host,
     CASE WHEN e.datePrecision IS NOT NULL THEN e.startDate END AS date,
     CASE WHEN e.startDate IS NOT NULL THEN e.datePrecision END AS precision
RETURN host, host_code, l.name AS leader, d.size AS size, date, precision,
       e.kind AS event_kind, e.eventStatus AS status, e.iri AS event, source
ORDER BY CASE WHEN date IS NULL THEN 0 ELSE 1 END, date, host, event, source
