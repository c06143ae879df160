// stalled-cooperation — same question as stalled-cooperation.rq, in Cypher.
// Parameters: $before (DATE or null) — only items whose date lies before it; null: all.
// Engines: runs unchanged on Neo4j 5 and on the embedded LadybugDB. The typed use of the
// parameter comes before `$before IS NULL` (Ladybug types a null parameter at its first use).
// Agreements and events in one pattern: `status` is an agreement's, `eventStatus` an event's
// (no other label has either, so `x:Agreement|Event` keeps every row and spares LadybugDB a
// scan of every node table).
// The date is the event's start or the signing, else the article's publication date
// (jj:publishedOn of the source); one source per item, as in the records. SPARQL sorts an
// unbound ?date first: the CASE key does the same.
MATCH (x:Agreement|Event)
WHERE x.name IS NOT NULL
  AND coalesce(x.status, x.eventStatus) IN ['planned', 'proposed', 'exploratory', 'drafted', 'awaiting-signature', 'cancelled', 'postponed']
UNWIND x.sources AS source
OPTIONAL MATCH (article:Source {iri: source})
WITH x, source, coalesce(x.startDate, x.signedOn, article.publishedOn) AS date
WHERE coalesce(date < $before, false) OR $before IS NULL
OPTIONAL MATCH (x)-[:PARTY_REGION|HOST_REGION]->(r1:Region)
OPTIONAL MATCH (x)-[:HAS_DELEGATION]->(:Delegation)-[:FROM_REGION]->(r2:Region)
WITH x, source, date, collect(DISTINCT r1.name) + collect(DISTINCT r2.name) AS regions
RETURN date, x.name AS name, x.kind AS kind, coalesce(x.status, x.eventStatus) AS status, regions,
       x.expectedFollowUp AS expected_follow_up, x.statusNote AS status_note,
       collect(DISTINCT source) AS sources, x.iri AS item, $before AS before
ORDER BY CASE WHEN date IS NULL THEN 0 ELSE 1 END, date, name, item
