// agreements-of — same question as agreements-of.rq, in Cypher.
// Parameters: $region (STRING, required) — the region's IRI, e.g.
//   'https://w3id.org/jejaring/id/region/35.72' (Kota Blitar).
// Engines: runs unchanged on Neo4j 5 and on the embedded LadybugDB.
// One row per (agreement, partner body, source): the partners are the parties that neither
// govern nor serve $region. `kind` is the agreement's most specific class (the Agreement
// label stands for rdfs:subClassOf* jj:Agreement); `status` and `cooperationType` hold the
// skos:notation of the status and type concepts. `sources` = prov:wasDerivedFrom.
// One path from $region (a primary-key look-up) to its agreements and their parties, filtered
// after a WITH: with the filters in the MATCH, LadybugDB read every agreement and every PARTY
// relationship and joined them (12,000 at 10,000 records) instead of following the region's.
MATCH (region:Region {iri: $region})<-[:PARTY_REGION]-(a:Agreement)-[:PARTY]->(party:Organization)
WITH region, a, party
WHERE a.name IS NOT NULL AND a.status IS NOT NULL AND party.name IS NOT NULL
  AND NOT EXISTS { MATCH (party)-[:GOVERNS|SERVES_REGION]->(region) }
OPTIONAL MATCH (party)-[:GOVERNS|SERVES_REGION]->(partner_region:Region)
UNWIND a.sources AS source
RETURN a.iri AS agreement, a.name AS name, a.kind AS kind, a.status AS status,
       party.name AS partner, partner_region.kemendagriCode AS partner_code, a.signedOn AS signed,
       a.validUntil AS valid_until, a.cooperationType AS cooperation_type, source
ORDER BY status, partner, agreement, source
