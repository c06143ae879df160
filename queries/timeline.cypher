// timeline — same question as timeline.rq, in Cypher.
// Parameters (all optional, null means "any"):
//   $region (STRING or null) — a region IRI: the event's host region, location, a
//     delegation's origin, or the host region of the event it is part of;
//   $from (DATE or null), $to (DATE or null) — inclusive; with either, undated events drop out.
// Engines: runs unchanged on Neo4j 5 and on the embedded LadybugDB. In every optional test
// the typed use of the parameter comes before `$x IS NULL`: Ladybug types a null parameter
// at its first use, and `$x IS NULL` first would type it BOOL and fail the comparison.
// One row per (event, source, host organization). Without a date the precision is 'undated'.
// Undated events sort last, as the SPARQL COALESCE(?date, 9999-12-31) key does (Cypher puts
// nulls last in ascending order).
MATCH (e:Event)
WHERE e.name IS NOT NULL
  AND (EXISTS { MATCH (e)-[:HOST_REGION|LOCATED_IN]->(r:Region) WHERE r.iri = $region }
       OR EXISTS { MATCH (e)-[:HAS_DELEGATION]->(:Delegation)-[:FROM_REGION]->(r:Region) WHERE r.iri = $region }
       OR EXISTS { MATCH (e)-[:PART_OF]->(:Event)-[:HOST_REGION]->(r:Region) WHERE r.iri = $region }
       OR $region IS NULL)
  AND ((e.startDate IS NOT NULL AND e.startDate >= $from) OR $from IS NULL)
  AND ((e.startDate IS NOT NULL AND e.startDate <= $to) OR $to IS NULL)
OPTIONAL MATCH (e)-[:HOST_ORGANIZATION]->(h:Organization)
UNWIND e.sources AS source
RETURN e.startDate AS date, e.endDate AS end_date,
       CASE WHEN e.startDate IS NULL THEN 'undated' ELSE e.datePrecision END AS precision,
       e.dateAsWritten AS date_as_written, e.kind AS event_kind, e.name AS event_name,
       h.name AS host, e.iri AS event, source
ORDER BY date, event_name, event, source
