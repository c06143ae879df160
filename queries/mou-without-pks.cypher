// mou-without-pks — same question as mou-without-pks.rq, in Cypher.
// Parameters: none.
// Engines: runs unchanged on Neo4j 5 and on the embedded LadybugDB.
// `?class rdfs:subClassOf* jj:MemorandumOfUnderstanding` is kind MemorandumOfUnderstanding or
// its subclass JointAgreement (kesepakatan bersama). "Signed" is any status after signing.
// No signed PKS (CooperationAgreement, or an Amendment) is BASED_ON it or FOLLOWS it.
// One row per (agreement, source); `sources` = prov:wasDerivedFrom.
MATCH (a:Agreement)-[:PARTY]->(party:Organization)
WHERE a.kind IN ['MemorandumOfUnderstanding', 'JointAgreement']
  AND a.status IN ['signed', 'in-force', 'extended', 'amended']
  AND a.name IS NOT NULL AND party.name IS NOT NULL
  AND NOT EXISTS { MATCH (pks:Agreement)-[:BASED_ON|FOLLOWS]->(a)
                   WHERE pks.kind IN ['CooperationAgreement', 'Amendment']
                     AND pks.status IN ['signed', 'in-force', 'extended', 'amended'] }
UNWIND a.sources AS source
RETURN a.name AS name, a.kind AS kind, a.status AS status, a.signedOn AS signed,
       a.validUntil AS valid_until, min(party.name) AS party_a, max(party.name) AS party_b,
       count(DISTINCT party.iri) AS parties, a.iri AS agreement, source
ORDER BY party_b, agreement, source
