// mou-without-pks — same question as mou-without-pks.rq, in Cypher.
// Parameters: none.
// Engines: runs unchanged on Neo4j 5 and on the embedded LadybugDB.
// `a jj:MemorandumOfUnderstanding` is kind = 'MemorandumOfUnderstanding'; `jj:status jj:Signed`
// is status = 'signed' (the skos:notation of jj:Signed). No agreement FOLLOWS it.
// One row per (MoU, source); `sources` = prov:wasDerivedFrom.
MATCH (a:Agreement)-[:PARTY]->(party:Organization)
WHERE a.kind = 'MemorandumOfUnderstanding' AND a.status = 'signed'
  AND a.name IS NOT NULL AND party.name IS NOT NULL
  AND NOT EXISTS { MATCH (:Agreement)-[:FOLLOWS]->(a) }
UNWIND a.sources AS source
RETURN a.iri AS agreement, a.name AS name, a.signedOn AS signed,
       a.validUntil AS valid_until, min(party.name) AS party_a, max(party.name) AS party_b,
       count(DISTINCT party.iri) AS parties, source
ORDER BY party_b, agreement, source
