// products — same question as products.rq, in Cypher.
// Parameters (optional, null means "any"):
//   $sector (STRING or null) — a sector IRI; products on it or on a narrower sector (BROADER*0..);
//   $region (STRING or null) — the IRI of the region of origin.
// Engines: runs unchanged on Neo4j 5 and on the embedded LadybugDB. In every optional test
// the typed use of the parameter comes before `$x IS NULL`: Ladybug types a null parameter
// at its first use, and `$x IS NULL` first would type it BOOL and fail the comparison.
// One row per (product, origin region, source); sectors is a list (GROUP_CONCAT in SPARQL),
// sorted by the runner. A product without an origin sorts first, as an unbound ?origin_code
// does in SPARQL (Cypher puts nulls last: hence the CASE key).
MATCH (p:Product)
WHERE p.name IS NOT NULL
OPTIONAL MATCH (p)-[:ORIGIN_REGION]->(r:Region)
WITH p, r
WHERE (r.iri = $region OR $region IS NULL)
  AND (EXISTS { MATCH (p)-[:TOPIC]->(:Sector)-[:BROADER*0..]->(s:Sector) WHERE s.iri = $sector }
       OR $sector IS NULL)
OPTIONAL MATCH (p)-[:TOPIC]->(s2:Sector)
UNWIND p.sources AS source
RETURN p.iri AS product, p.name AS name, r.name AS origin, r.kemendagriCode AS origin_code,
       coalesce(p.potential, false) AS potential, collect(DISTINCT s2.notation) AS sectors, source
ORDER BY CASE WHEN origin_code IS NULL THEN 0 ELSE 1 END, origin_code, name, source
