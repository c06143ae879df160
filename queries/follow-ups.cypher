// follow-ups — same question as follow-ups.rq, in Cypher.
// Parameters: $region (STRING or null) — a region IRI: a host region, party region or
//   delegation origin (or its province) of either side; null: every pair.
// Engines: runs unchanged on Neo4j 5 and on the embedded LadybugDB. The relationship's type
// is not read (type() on Neo4j, label() on Ladybug): `relation` is the first pattern that
// holds, in the order of the SPARQL IF chain. The typed use of $region comes before
// `$region IS NULL`. SPARQL sorts an unbound ?date first: the CASE key does the same.
MATCH (x)-[:FOLLOWS_UP|BASED_ON|FOLLOWS|AMENDS|EXTENDS]->(y)
WHERE x.name IS NOT NULL AND y.name IS NOT NULL
  AND (EXISTS { MATCH (x)-[:HOST_REGION|PARTY_REGION]->(:Region)-[:IN_PROVINCE*0..1]->(r:Region) WHERE r.iri = $region }
       OR EXISTS { MATCH (x)-[:HAS_DELEGATION]->(:Delegation)-[:FROM_REGION]->(:Region)-[:IN_PROVINCE*0..1]->(r:Region) WHERE r.iri = $region }
       OR EXISTS { MATCH (y)-[:HOST_REGION|PARTY_REGION]->(:Region)-[:IN_PROVINCE*0..1]->(r:Region) WHERE r.iri = $region }
       OR EXISTS { MATCH (y)-[:HAS_DELEGATION]->(:Delegation)-[:FROM_REGION]->(:Region)-[:IN_PROVINCE*0..1]->(r:Region) WHERE r.iri = $region }
       OR $region IS NULL)
WITH DISTINCT x, y
WITH x, y,
     CASE WHEN EXISTS { MATCH (x)-[:FOLLOWS_UP]->(y) } THEN 'follows up'
          WHEN EXISTS { MATCH (x)-[:BASED_ON|FOLLOWS]->(y) } THEN 'based on'
          WHEN EXISTS { MATCH (x)-[:AMENDS]->(y) } THEN 'amends'
          ELSE 'extends' END AS relation,
     coalesce(x.startDate, x.signedOn) AS date
UNWIND x.sources AS source
RETURN date, x.name AS name, x.kind AS kind, coalesce(x.status, x.eventStatus) AS status, relation,
       coalesce(y.startDate, y.signedOn) AS earlier_date, y.name AS earlier_name, y.kind AS earlier_kind,
       coalesce(y.status, y.eventStatus) AS earlier_status, collect(DISTINCT source) AS sources,
       x.iri AS item, y.iri AS earlier, $region AS region
ORDER BY CASE WHEN date IS NULL THEN 0 ELSE 1 END, date, name, item, earlier
