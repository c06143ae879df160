// partners-of — same question as partners-of.rq, in Cypher.
// Parameters: $region (STRING, required) — the region's IRI.
// Engines: runs unchanged on Neo4j 5 and on the embedded LadybugDB.
// The five SPARQL UNION branches are one pair of patterns around a tie x: side a is the
// delegation's origin (HAS_DELEGATION then FROM_REGION), a party or the owner region; side b
// is the host region, a party or a region the program runs in. $region on one side makes the
// region on the other side a partner (a visit either way, an agreement, a program either
// way). Each evidence label has only its own pair of these relationship types (mapping), so
// the pairs are the UNION's. tie_kinds is a list (GROUP_CONCAT in SPARQL); the runner sorts it.
// The text starts from $region (a primary-key look-up) and walks to its ties, once with
// $region on side a and once on side b, each with side a's two shapes (one step, or a step
// then FROM_REGION) written out: matching every tie first and keeping those that touch
// $region read every tie of the graph (120-240 ms at 10,000 records; this way about 8 ms).
// Each walk's (tie, partner) pairs are collected as maps, so the four walks add up to one
// list that is unwound and counted; a tie counts once per partner (DISTINCT).
MATCH (r:Region {iri: $region})
OPTIONAL MATCH (r)<-[:HAS_DELEGATION|FROM_REGION|PARTY_REGION|OWNER_REGION]-(x)-[:HOST_REGION|PARTY_REGION|IMPLEMENTED_IN]->(other:Region)
WITH r, collect({tie: x.iri, kind: x.kind, other: other.iri}) AS a_direct
OPTIONAL MATCH (r)<-[:FROM_REGION]-()<-[:HAS_DELEGATION|FROM_REGION|PARTY_REGION|OWNER_REGION]-(x)-[:HOST_REGION|PARTY_REGION|IMPLEMENTED_IN]->(other:Region)
WITH r, a_direct, collect({tie: x.iri, kind: x.kind, other: other.iri}) AS a_via
OPTIONAL MATCH (r)<-[:HOST_REGION|PARTY_REGION|IMPLEMENTED_IN]-(x)-[:HAS_DELEGATION|FROM_REGION|PARTY_REGION|OWNER_REGION]->(other:Region)
WITH r, a_direct, a_via, collect({tie: x.iri, kind: x.kind, other: other.iri}) AS b_direct
OPTIONAL MATCH (r)<-[:HOST_REGION|PARTY_REGION|IMPLEMENTED_IN]-(x)-[:HAS_DELEGATION|FROM_REGION|PARTY_REGION|OWNER_REGION]->()-[:FROM_REGION]->(other:Region)
WITH a_direct, a_via, b_direct, collect({tie: x.iri, kind: x.kind, other: other.iri}) AS b_via
UNWIND a_direct + a_via + b_direct + b_via AS pair
WITH pair.tie AS tie, pair.kind AS kind, pair.other AS other_iri
WHERE other_iri IS NOT NULL AND other_iri <> $region
MATCH (other:Region {iri: other_iri})
WHERE other.name IS NOT NULL AND other.kemendagriCode IS NOT NULL
RETURN other.name AS partner, other.kemendagriCode AS partner_code, collect(DISTINCT kind) AS tie_kinds,
       count(DISTINCT tie) AS ties
ORDER BY ties DESC, partner_code
