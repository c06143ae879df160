#!/usr/bin/env node
// Lint Cypher texts with Neo4j's own front end (@neo4j-cypher/language-support).
//
// stdin : {"schema": {"labels": [...], "relationshipTypes": [...], "propertyKeys": [...],
//                     optional "parameters": {name: sampleValue, ...},
//                     optional "defaultLanguage": "CYPHER 5" | "CYPHER 25"},
//          "queries": [{"name": "...", "text": "..."}]}
// stdout: [{"name": ..., "diagnostics": [{"severity": "error"|"warning", "message": ...,
//                                        "line": N, "column": N}]}]   (line/column 1-based)
// exit  : 0 whenever the input was well formed (whatever the diagnostics), 2 on malformed input.
//
// Built-in functions: lintCypherQuery only checks function names when dbSchema.functions is
// given, and an empty registry makes every built-in (date, coalesce, size, collect, ...) an
// error. We pass the built-in (isBuiltIn: true) Neo4j functions from the package's own
// exported testData.mockSchema, so built-ins pass and misspelled functions are errors.
// Parameters: lintCypherQuery reports every $param missing from dbSchema.parameters as an
// error. Unless the schema lists "parameters", those errors are dropped (isNotParamError).
// Procedures: likewise, only Neo4j's own (db.*, dbms.*, tx.*, genai.*, cdc.*) are known.
import { readFileSync } from 'node:fs';
import {
  lintCypherQuery,
  isNotParamError,
  testData,
} from '@neo4j-cypher/language-support';

function fail(message) {
  process.stderr.write(`cypher-lint: malformed input: ${message}\n`);
  process.exit(2);
}

const isStringList = (v) => Array.isArray(v) && v.every((x) => typeof x === 'string');

let input;
try {
  input = JSON.parse(readFileSync(0, 'utf8'));
} catch (e) {
  fail(`stdin is not JSON (${e.message})`);
}
if (input === null || typeof input !== 'object' || Array.isArray(input)) fail('top level must be an object');
const { schema, queries } = input;
if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) fail('"schema" must be an object');
for (const key of ['labels', 'relationshipTypes', 'propertyKeys']) {
  if (!isStringList(schema[key])) fail(`"schema.${key}" must be a list of strings`);
}
if (schema.parameters !== undefined && (schema.parameters === null || typeof schema.parameters !== 'object' || Array.isArray(schema.parameters))) {
  fail('"schema.parameters" must be an object when given');
}
if (!Array.isArray(queries)) fail('"queries" must be a list');
queries.forEach((q, i) => {
  if (q === null || typeof q !== 'object' || typeof q.name !== 'string' || typeof q.text !== 'string') {
    fail(`queries[${i}] must be {"name": string, "text": string}`);
  }
});

// Only Neo4j built-in functions (drop the APOC etc. entries of the mock schema).
function builtInFunctions() {
  const out = {};
  for (const [version, registry] of Object.entries(testData.mockSchema.functions ?? {})) {
    out[version] = Object.fromEntries(Object.entries(registry).filter(([, fn]) => fn.isBuiltIn));
  }
  return out;
}

// Procedures carry no isBuiltIn flag; keep Neo4j's own namespaces (drop apoc.*, gds.*, ...).
function builtInProcedures() {
  const own = /^(db|dbms|tx|genai|cdc)\./;
  const out = {};
  for (const [version, registry] of Object.entries(testData.mockSchema.procedures ?? {})) {
    out[version] = Object.fromEntries(Object.entries(registry).filter(([name]) => own.test(name)));
  }
  return out;
}

const dbSchema = {
  labels: schema.labels,
  relationshipTypes: schema.relationshipTypes,
  propertyKeys: schema.propertyKeys,
  functions: builtInFunctions(),
  procedures: builtInProcedures(),
  parameters: schema.parameters ?? {},
  defaultLanguage: schema.defaultLanguage ?? 'CYPHER 5',
};
const keepParamErrors = schema.parameters !== undefined;

const SEVERITY = { 1: 'error', 2: 'warning' };

const results = queries.map(({ name, text }) => {
  const { diagnostics } = lintCypherQuery(text, dbSchema, { consoleCommandsEnabled: false });
  return {
    name,
    diagnostics: diagnostics
      .filter((d) => keepParamErrors || isNotParamError(d))
      .map((d) => ({
        severity: SEVERITY[d.severity] ?? 'warning',
        message: d.message,
        line: d.range.start.line + 1,
        column: d.range.start.character + 1,
      })),
  };
});

process.stdout.write(JSON.stringify(results, null, 2) + '\n');
