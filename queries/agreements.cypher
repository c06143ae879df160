// agreements — same question as agreements.rq, in Cypher.
// Parameters (all optional, null means "any"):
//   $region (STRING or null) — a region IRI: a party's region or the province it lies in;
//   $status (STRING or null) — the status notation (signed, planned, proposed …);
//   $kind (STRING or null) — the most specific class (MemorandumOfUnderstanding …).
// Engines: runs unchanged on Neo4j 5 and on the embedded LadybugDB. The typed use of each
// parameter comes before `$x IS NULL` (Ladybug types a null parameter at its first use).
// One row per agreement; lists are collect(DISTINCT …), sorted by the runner. A signatory
// reads "Name (party)" when an AgreementParty says whom they signed for. SPARQL sorts an
// unbound ?signed_on first: the CASE key does the same.
MATCH (a:Agreement)
WHERE a.name IS NOT NULL AND a.status IS NOT NULL
  AND (a.status = $status OR $status IS NULL)
  AND (a.kind = $kind OR $kind IS NULL)
  AND (EXISTS { MATCH (a)-[:PARTY_REGION]->(:Region)-[:IN_PROVINCE*0..1]->(r:Region) WHERE r.iri = $region }
       OR $region IS NULL)
OPTIONAL MATCH (a)-[:PARTY]->(p:Organization)
WITH a, collect(DISTINCT p.name) AS parties
OPTIONAL MATCH (a)-[:SIGNATORY]->(s:Person)
OPTIONAL MATCH (ap:AgreementParty)-[:PARTY_OF]->(a), (ap)-[:SIGNED_BY]->(s), (ap)-[:PARTY_ORGANIZATION]->(so:Organization)
WITH a, parties, collect(DISTINCT CASE WHEN so IS NULL THEN s.name ELSE s.name + ' (' + so.name + ')' END) AS signatories
OPTIONAL MATCH (a)-[:WITNESS]->(w)
WITH a, parties, signatories, collect(DISTINCT w.name) AS witnesses
OPTIONAL MATCH (a)-[:FACILITATOR]->(f:Organization)
WITH a, parties, signatories, witnesses, collect(DISTINCT f.name) AS facilitators
OPTIONAL MATCH (a)-[:BASED_ON|FOLLOWS]->(b:Agreement)
WITH a, parties, signatories, witnesses, facilitators, collect(DISTINCT b.name) AS based_on
OPTIONAL MATCH (a)-[:AMENDS|EXTENDS]->(m:Agreement)
WITH a, parties, signatories, witnesses, facilitators, based_on, collect(DISTINCT m.name) AS amends
OPTIONAL MATCH (a)-[:SIGNED_AT]->(e:Event)
UNWIND a.sources AS source
RETURN a.signedOn AS signed_on, a.name AS name, a.kind AS kind, a.status AS status, parties, signatories,
       witnesses, facilitators, a.validFrom AS valid_from, a.validUntil AS valid_until, a.validity AS validity,
       based_on, amends, e.name AS signed_at, e.venue AS venue, collect(DISTINCT source) AS sources,
       a.iri AS agreement, $region AS region
ORDER BY CASE WHEN signed_on IS NULL THEN 0 ELSE 1 END, signed_on, name, agreement
