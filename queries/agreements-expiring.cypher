// agreements-expiring — same question as agreements-expiring.rq, in Cypher.
// Parameters: $before (DATE, required here) — the cut-off; `kg ask` fills in its default,
//   one year from today, so the text never calls date() (Ladybug has no date() without args).
// Engines: runs unchanged on Neo4j 5 and on the embedded LadybugDB.
// One row per (agreement, source) with the smallest and largest party name and the number of
// parties. `kind` is the agreement's most specific class; `sources` = prov:wasDerivedFrom.
MATCH (a:Agreement)-[:PARTY]->(party:Organization)
WHERE a.validUntil < $before AND a.name IS NOT NULL AND party.name IS NOT NULL
UNWIND a.sources AS source
RETURN a.iri AS agreement, a.name AS name, a.kind AS kind,
       a.validUntil AS valid_until, min(party.name) AS party_a, max(party.name) AS party_b,
       count(DISTINCT party.iri) AS parties, source
ORDER BY valid_until, agreement, source
