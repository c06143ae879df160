// timeline — same question as timeline.rq, in Cypher.
// Parameters (all optional, null means "any"):
//   $region (STRING or null) — a region IRI: the event's host region, location, a
//     delegation's origin, or the host region of the event it is part of (or their province);
//   $from (DATE or null), $to (DATE or null) — inclusive; with either, undated events drop out;
//   $status (STRING or null) — the event status notation (held, planned, cancelled);
//   $body (STRING or null) — a body's name or short name (case-insensitive) taking part as
//     host, organizer, participant, delegation sender or member, or a unit under it.
// Engines: runs unchanged on Neo4j 5 and on the embedded LadybugDB. In every optional test
// the typed use of the parameter comes before `$x IS NULL`: Ladybug types a null parameter
// at its first use, and `$x IS NULL` first would type it BOOL and fail the comparison.
// One row per event; `section` is 'dated' or 'undated' and sorts first, as in the SPARQL.
MATCH (e:Event)
WHERE e.name IS NOT NULL AND e.eventStatus IS NOT NULL
  AND (e.eventStatus = $status OR $status IS NULL)
  AND (EXISTS { MATCH (e)-[:HOST_REGION|LOCATED_IN]->(:Region)-[:IN_PROVINCE*0..1]->(r:Region) WHERE r.iri = $region }
       OR EXISTS { MATCH (e)-[:HAS_DELEGATION]->(:Delegation)-[:FROM_REGION]->(:Region)-[:IN_PROVINCE*0..1]->(r:Region) WHERE r.iri = $region }
       OR EXISTS { MATCH (e)-[:PART_OF]->(:Event)-[:HOST_REGION]->(:Region)-[:IN_PROVINCE*0..1]->(r:Region) WHERE r.iri = $region }
       OR $region IS NULL)
  AND ((e.startDate IS NOT NULL AND e.startDate >= $from) OR $from IS NULL)
  AND ((e.startDate IS NOT NULL AND e.startDate <= $to) OR $to IS NULL)
  AND (EXISTS { MATCH (e)-[:HOST_ORGANIZATION|ORGANIZER|PARTICIPANT]->(:Organization)-[:PART_OF*0..5]->(o:Organization)
                WHERE toLower(o.name) = toLower($body) OR toLower(o.shortName) = toLower($body) }
       OR EXISTS { MATCH (e)-[:HAS_DELEGATION]->(:Delegation)-[:FROM_ORGANIZATION|MEMBER_ORGANIZATION]->(:Organization)-[:PART_OF*0..5]->(o:Organization)
                   WHERE toLower(o.name) = toLower($body) OR toLower(o.shortName) = toLower($body) }
       OR $body IS NULL)
OPTIONAL MATCH (e)-[:HOST_ORGANIZATION]->(h:Organization)
OPTIONAL MATCH (e)-[:HOST_REGION]->(hr:Region)
UNWIND e.sources AS source
WITH e, h.name AS host, hr.name AS host_region, source
RETURN CASE WHEN e.startDate IS NULL THEN 'undated' ELSE 'dated' END AS section,
       e.startDate AS date, e.endDate AS end_date,
       CASE WHEN e.startDate IS NULL THEN 'undated' ELSE e.datePrecision END AS precision,
       e.dateAsWritten AS date_as_written, e.eventStatus AS status, e.kind AS event_kind, e.name AS event_name,
       collect(DISTINCT host) AS hosts, collect(DISTINCT host_region) AS host_regions, e.venue AS venue,
       collect(DISTINCT source) AS sources, e.iri AS event,
       $region AS region, $from AS from, $to AS to, $body AS body
ORDER BY section, date, event_name, event
