// partners-of — same question as partners-of.rq, in Cypher.
// Parameters: $region (STRING, required) — the region's IRI.
// Engines: runs unchanged on Neo4j 5 and on the embedded LadybugDB.
// The five SPARQL UNION branches are one pair of patterns: side a is the delegation's origin
// (HAS_DELEGATION then FROM_REGION), a party or the owner region; side b is the host region,
// a party or a region the program runs in. $region on one side makes the other side a
// partner (a visit either way, an agreement, a program either way). Each evidence label has
// only its own pair of these relationship types (mapping), so the pairs are the UNION's.
// tie_kinds is a list (GROUP_CONCAT in SPARQL); the runner sorts it.
// Side a is one step, then FROM_REGION*0..1: the only two-step path among these types is
// HAS_DELEGATION then FROM_REGION (none leaves a Region; a Delegation leaves only by
// FROM_REGION), so it reaches what `*1..2` reaches; on LadybugDB a `*1..2` over four types
// runs a recursive join from every start and took 3 to 7 times as long (docs/performance.md).
MATCH (x)-[:HAS_DELEGATION|FROM_REGION|PARTY_REGION|OWNER_REGION]->(ya)-[:FROM_REGION*0..1]->(ra:Region)
MATCH (x)-[:HOST_REGION|PARTY_REGION|IMPLEMENTED_IN]->(rb:Region)
WHERE ra.iri = $region OR rb.iri = $region
WITH x, CASE WHEN ra.iri = $region THEN rb.iri ELSE ra.iri END AS other_iri
MATCH (other:Region {iri: other_iri})
WHERE other.iri <> $region AND other.name IS NOT NULL AND other.kemendagriCode IS NOT NULL
RETURN other.name AS partner, other.kemendagriCode AS partner_code, collect(DISTINCT x.kind) AS tie_kinds,
       count(DISTINCT x.iri) AS ties
ORDER BY ties DESC, partner_code
