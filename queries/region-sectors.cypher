// region-sectors — same question as region-sectors.rq, in Cypher.
// Parameters: $region (STRING or null, optional) — a region IRI; null means every region.
// Engines: runs unchanged on Neo4j 5 and on the embedded LadybugDB. The typed use of
// $region comes before `$region IS NULL`: Ladybug types a null parameter at its first use.
// The SPARQL property-path alternative (hostRegion | delegation/fromRegion | partyRegion |
// ownerRegion | implementedIn | originRegion) is one variable-length pattern over those
// relationship types: into a region, the only two-step path among them is HAS_DELEGATION
// then FROM_REGION (no listed type leaves a Region), and the one-step FROM_REGION starts at a
// Delegation, which has no topic; so it reaches exactly the SPARQL places. Starting from the
// region keeps Ladybug fast when $region is given.
MATCH (r:Region)
WHERE (r.iri = $region OR $region IS NULL) AND r.name IS NOT NULL AND r.kemendagriCode IS NOT NULL
MATCH (x)-[:HOST_REGION|HAS_DELEGATION|FROM_REGION|PARTY_REGION|OWNER_REGION|IMPLEMENTED_IN|ORIGIN_REGION*1..2]->(r)
MATCH (x)-[:TOPIC]->(s:Sector)
WITH r, x, s.notation AS sector WHERE sector IS NOT NULL
RETURN r.name AS region_name, r.kemendagriCode AS code, sector, count(DISTINCT x.iri) AS evidence_count
ORDER BY code, sector
