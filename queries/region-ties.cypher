// region-ties — same question as region-ties.rq, in Cypher.
// Parameters: $status (STRING or null) — null: only ties that happened (held; signed,
//   in-force, extended, amended, expired; running; or no status); 'all': every tie; else one
//   status notation (planned, proposed …).
// Engines: runs unchanged on Neo4j 5 and on the embedded LadybugDB.
// The three kinds of tie of the SPARQL UNION are one pair of patterns here (a UNION could
// not be sorted as a whole without CALL {}, which Ladybug lacks):
//   side a: the delegation's origin (HAS_DELEGATION then FROM_REGION), a party, the owner region;
//   side b: the host region, a party, a region the program runs in.
// Each evidence label has only its own pair of these relationship types (mapping), so the
// pairs are exactly the UNION's. `weight` is 1/(n−1) for the n distinct regions on both sides
// of the evidence (the SPARQL sub-select). `sources` holds the evidence's articles
// (prov:wasDerivedFrom), kept when they are news articles. RETURN DISTINCT matches SELECT
// DISTINCT; SPARQL sorts an unbound ?date first, the CASE key does the same. The date is the
// visit's or the signing's: a program's start is not a tie date (as in the .rq).
// The status test is a plain OR, not a CASE on `$status IS NULL`: with NULL written for an
// absent $status (kg.cypher_questions.absent_as_null), LadybugDB 0.22 answered that CASE wrong.
// Side a is one step, then FROM_REGION*0..1: the only two-step path among these types is
// HAS_DELEGATION then FROM_REGION (none leaves a Region; a Delegation leaves only by
// FROM_REGION), so it reaches what `*1..2` reaches; on LadybugDB a `*1..2` over four types
// runs a recursive join from every start and took 3 to 7 times as long (docs/performance.md).
MATCH (x)-[:HOST_REGION|PARTY_REGION|IMPLEMENTED_IN]->(rb:Region)
MATCH (x)-[:HAS_DELEGATION|FROM_REGION|PARTY_REGION|OWNER_REGION]->(ya)-[:FROM_REGION*0..1]->(ra:Region)
WITH x, collect(DISTINCT ra.iri) AS side_a, collect(DISTINCT rb.iri) AS side_b
UNWIND side_a + side_b AS region
WITH x, count(DISTINCT region) AS regions
WITH x, regions, coalesce(x.eventStatus, x.status, x.programStatus) AS tie_status
WHERE x.name IS NOT NULL
  AND ($status = 'all' OR coalesce(tie_status = $status, false)
       OR ($status IS NULL
           AND coalesce(tie_status IN ['held', 'signed', 'in-force', 'extended', 'amended', 'expired', 'running'], true)))
MATCH (x)-[:HOST_REGION|PARTY_REGION|IMPLEMENTED_IN]->(rb:Region)
MATCH (x)-[:HAS_DELEGATION|FROM_REGION|PARTY_REGION|OWNER_REGION]->(ya)-[:FROM_REGION*0..1]->(ra:Region)
WHERE ra.kemendagriCode <> rb.kemendagriCode
UNWIND x.sources AS source
MATCH (article:Source {iri: source})
WHERE article.kind = 'NewsArticle'
WITH x, regions, tie_status, source, ra, rb, ra.kemendagriCode < rb.kemendagriCode AS in_order
RETURN DISTINCT
       CASE WHEN in_order THEN ra.name ELSE rb.name END AS region_a,
       CASE WHEN in_order THEN ra.kemendagriCode ELSE rb.kemendagriCode END AS code_a,
       CASE WHEN in_order THEN rb.name ELSE ra.name END AS region_b,
       CASE WHEN in_order THEN rb.kemendagriCode ELSE ra.kemendagriCode END AS code_b,
       x.kind AS tie_kind, tie_status,
       CASE WHEN x.kind = 'Program' THEN NULL ELSE coalesce(x.startDate, x.signedOn) END AS date,
       1.0 / (regions - 1) AS weight, x.name AS evidence_name, x.iri AS evidence, source, $status AS status
ORDER BY code_a, code_b, CASE WHEN date IS NULL THEN 0 ELSE 1 END, date, evidence, source
