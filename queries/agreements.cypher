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
// The signing event comes first (one row per agreement and distinct event name and venue, as
// the SPARQL groups them), and `sources` is the agreement's own list (the runner sorts it and
// drops repeats; an agreement without one is left out, as the SPARQL requires a source): the
// last step is then no aggregate over eighteen keys, six of them lists (about a fifth of
// LadybugDB's time on 10,000 records: docs/performance.md).
MATCH (a:Agreement)
WHERE a.name IS NOT NULL AND a.status IS NOT NULL AND size(a.sources) > 0
  AND (a.status = $status OR $status IS NULL)
  AND (a.kind = $kind OR $kind IS NULL)
  AND (EXISTS { MATCH (a)-[:PARTY_REGION]->(:Region)-[:IN_PROVINCE*0..1]->(r:Region) WHERE r.iri = $region }
       OR $region IS NULL)
OPTIONAL MATCH (a)-[:SIGNED_AT]->(e:Event)
WITH DISTINCT a, e.name AS signed_at, e.venue AS venue
OPTIONAL MATCH (a)-[:PARTY]->(p:Organization)
WITH a, signed_at, venue, collect(DISTINCT p.name) AS parties
OPTIONAL MATCH (a)-[:SIGNATORY]->(s:Person)
OPTIONAL MATCH (ap:AgreementParty)-[:PARTY_OF]->(a), (ap)-[:SIGNED_BY]->(s), (ap)-[:PARTY_ORGANIZATION]->(so:Organization)
WITH a, signed_at, venue, parties,
     collect(DISTINCT CASE WHEN so IS NULL THEN s.name ELSE s.name + ' (' + so.name + ')' END) AS signatories
OPTIONAL MATCH (a)-[:WITNESS]->(w)
WITH a, signed_at, venue, parties, signatories, collect(DISTINCT w.name) AS witnesses
OPTIONAL MATCH (a)-[:FACILITATOR]->(f:Organization)
WITH a, signed_at, venue, parties, signatories, witnesses, collect(DISTINCT f.name) AS facilitators
OPTIONAL MATCH (a)-[:BASED_ON|FOLLOWS]->(b:Agreement)
WITH a, signed_at, venue, parties, signatories, witnesses, facilitators, collect(DISTINCT b.name) AS based_on
OPTIONAL MATCH (a)-[:AMENDS|EXTENDS]->(m:Agreement)
WITH a, signed_at, venue, parties, signatories, witnesses, facilitators, based_on, collect(DISTINCT m.name) AS amends
RETURN a.signedOn AS signed_on, a.name AS name, a.kind AS kind, a.status AS status, parties, signatories,
       witnesses, facilitators, a.validFrom AS valid_from, a.validUntil AS valid_until, a.validity AS validity,
       based_on, amends, signed_at, venue, a.sources AS sources, a.iri AS agreement, $region AS region
ORDER BY CASE WHEN signed_on IS NULL THEN 0 ELSE 1 END, signed_on, name, agreement
