// region-sectors — same question as region-sectors.rq, in Cypher.
// Parameters: $region (STRING or null, optional) — a region IRI; null means every region.
// Engines: runs unchanged on Neo4j 5 and on the embedded LadybugDB. The typed use of
// $region comes before `$region IS NULL`: Ladybug types a null parameter at its first use.
// The SPARQL property-path alternative (hostRegion | delegation/fromRegion | partyRegion |
// ownerRegion | implementedIn | originRegion) is one step over those relationship types after
// FROM_REGION*0..1 from the region: into a region, the only two-step path among them is
// HAS_DELEGATION then FROM_REGION (no listed type leaves a Region, a Delegation leaves only by
// FROM_REGION), and the one-step FROM_REGION starts at a Delegation, which has no topic; so it
// reaches exactly the SPARQL places. Starting from the region keeps Ladybug fast when $region
// is given; a `*1..2` over the seven types instead runs a recursive join from every region
// (2 to 3 times as long on LadybugDB without $region: docs/performance.md).
MATCH (r:Region)
WHERE (r.iri = $region OR $region IS NULL) AND r.name IS NOT NULL AND r.kemendagriCode IS NOT NULL
MATCH (r)<-[:FROM_REGION*0..1]-(y)<-[:HOST_REGION|HAS_DELEGATION|FROM_REGION|PARTY_REGION|OWNER_REGION|IMPLEMENTED_IN|ORIGIN_REGION]-(x)
MATCH (x)-[:TOPIC]->(s:Sector)
WITH r, x, s.notation AS sector WHERE sector IS NOT NULL
RETURN r.name AS region_name, r.kemendagriCode AS code, sector, count(DISTINCT x.iri) AS evidence_count
ORDER BY code, sector
