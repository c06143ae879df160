// learning-network — same question as learning-network.rq, in Cypher.
// Parameters: $sector (STRING or null, optional) — a sector IRI; visits on it or on a
//   narrower sector (BROADER*0..); null means any.
// Engines: runs unchanged on Neo4j 5 and on the embedded LadybugDB. The typed use of
// $sector comes before `$sector IS NULL`: Ladybug types a null parameter at its first use.
// One row per (learner, teacher, event, source); topics is a list (GROUP_CONCAT in SPARQL),
// sorted by the runner; learner_program is the smallest name of a program the learner's
// region owns on one of the visit's topics and started on or after the visit
// (program_started: the earliest such start). A program's startDate in the property graph is
// its earliest stated start, so 'on or after' means every stated start is. SPARQL sorts an unbound ?date first: hence the
// CASE key (Cypher puts nulls last).
MATCH (e:Event)-[:HAS_DELEGATION]->(:Delegation)-[:FROM_REGION]->(l:Region)
MATCH (e)-[:HOST_REGION]->(t:Region)
WHERE e.learningPurpose = true AND l.iri <> t.iri
  AND (EXISTS { MATCH (e)-[:TOPIC]->(:Sector)-[:BROADER*0..]->(s:Sector) WHERE s.iri = $sector }
       OR $sector IS NULL)
OPTIONAL MATCH (e)-[:TOPIC]->(topic_s:Sector)
OPTIONAL MATCH (l)<-[:OWNER_REGION]-(program:Program)-[:TOPIC]->(:Sector)<-[:TOPIC]-(e)
WHERE program.startDate >= e.startDate
UNWIND e.sources AS source
RETURN l.name AS learner, l.kemendagriCode AS learner_code, t.name AS teacher,
       t.kemendagriCode AS teacher_code, e.kind AS event_kind, e.startDate AS date,
       collect(DISTINCT topic_s.notation) AS topics, min(program.name) AS learner_program,
       min(program.startDate) AS program_started, e.iri AS event, source
ORDER BY CASE WHEN date IS NULL THEN 0 ELSE 1 END, date, learner_code, teacher_code, event, source
