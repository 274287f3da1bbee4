#!/usr/bin/env node
/**
 * Extracts the few GitHub REST operations the suite calls from GitHub's official OpenAPI
 * description (the `@octokit/openapi` package, dereferenced so every schema is inline) into
 * `test/support/fake-github/openapi-subset.json`. The fake GitHub server validates every
 * request against that subset, so a test that passes against the fake sends requests real
 * GitHub would accept.
 *
 * The subset is committed so tests need not parse a 70 MB file; a test re-runs this script with
 * `--stdout` and compares, so an upgrade of `@octokit/openapi` that changes a shape we use
 * shows up as a failing test instead of silently drifting.
 *
 *   node scripts/extract-openapi.mjs           writes the subset file
 *   node scripts/extract-openapi.mjs --stdout  prints it instead
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Every operation the suite (or its fake) uses; add here, re-run, commit the subset. */
export const OPERATIONS = [
  ['GET', '/rate_limit'],
  ['GET', '/repos/{owner}/{repo}'],
  ['GET', '/repos/{owner}/{repo}/branches/{branch}/protection'],
  ['POST', '/repos/{owner}/{repo}/check-runs'],
  ['GET', '/repos/{owner}/{repo}/check-runs/{check_run_id}'],
  ['PATCH', '/repos/{owner}/{repo}/check-runs/{check_run_id}'],
  ['GET', '/repos/{owner}/{repo}/check-runs/{check_run_id}/annotations'],
  ['GET', '/repos/{owner}/{repo}/commits/{ref}/check-runs'],
  ['GET', '/repos/{owner}/{repo}/deployments'],
  ['POST', '/repos/{owner}/{repo}/deployments'],
  ['GET', '/repos/{owner}/{repo}/deployments/{deployment_id}/statuses'],
  ['POST', '/repos/{owner}/{repo}/deployments/{deployment_id}/statuses'],
  ['GET', '/repos/{owner}/{repo}/issues'],
  ['POST', '/repos/{owner}/{repo}/issues'],
  ['PATCH', '/repos/{owner}/{repo}/issues/comments/{comment_id}'],
  ['GET', '/repos/{owner}/{repo}/issues/{issue_number}/comments'],
  ['POST', '/repos/{owner}/{repo}/issues/{issue_number}/comments'],
  ['GET', '/repos/{owner}/{repo}/pulls/{pull_number}'],
  ['GET', '/repos/{owner}/{repo}/pulls/{pull_number}/files'],
  ['POST', '/repos/{owner}/{repo}/statuses/{sha}'],
  // Repository settings read by compliance-audit.
  ['GET', '/repos/{owner}/{repo}/rules/branches/{branch}'],
  ['GET', '/repos/{owner}/{repo}/rulesets'],
  ['GET', '/repos/{owner}/{repo}/rulesets/{ruleset_id}'],
  ['GET', '/repos/{owner}/{repo}/environments'],
  ['GET', '/repos/{owner}/{repo}/environments/{environment_name}'],
  ['GET', '/repos/{owner}/{repo}/keys'],
  ['GET', '/repos/{owner}/{repo}/collaborators'],
  ['GET', '/repos/{owner}/{repo}/dependabot/alerts'],
  ['GET', '/repos/{owner}/{repo}/code-scanning/alerts'],
  ['GET', '/repos/{owner}/{repo}/secret-scanning/alerts'],
  // Git data and pull requests, for deploy's revert pull request.
  ['GET', '/repos/{owner}/{repo}/git/commits/{commit_sha}'],
  ['POST', '/repos/{owner}/{repo}/git/commits'],
  ['POST', '/repos/{owner}/{repo}/git/refs'],
  ['GET', '/repos/{owner}/{repo}/pulls'],
  ['POST', '/repos/{owner}/{repo}/pulls'],
];

/**
 * Keywords that only annotate a schema. Dropping them keeps the committed file small enough to
 * review; none of them changes what validates.
 */
const ANNOTATION_KEYWORDS = new Set(['description', 'example', 'examples', 'externalDocs', 'title', 'deprecated']);

/** Schema keywords whose value is a map from names to sub-schemas (names must be kept verbatim). */
const SCHEMA_MAP_KEYWORDS = new Set(['properties', 'patternProperties', 'definitions', '$defs']);
/** Keywords whose value is one sub-schema. */
const SCHEMA_KEYWORDS = new Set([
  'items',
  'additionalProperties',
  'not',
  'contains',
  'propertyNames',
  'if',
  'then',
  'else',
]);
/** Keywords whose value is a list of sub-schemas. */
const SCHEMA_LIST_KEYWORDS = new Set(['allOf', 'anyOf', 'oneOf', 'prefixItems']);

/** Returns a copy of a JSON Schema without annotations and vendor extensions. */
export function stripSchema(schema) {
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) return schema;
  const out = {};
  for (const [key, value] of Object.entries(schema)) {
    if (ANNOTATION_KEYWORDS.has(key) || key.startsWith('x-')) continue;
    if (SCHEMA_MAP_KEYWORDS.has(key) && value && typeof value === 'object') {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, stripSchema(sub)]));
    } else if (SCHEMA_KEYWORDS.has(key)) {
      out[key] = stripSchema(value);
    } else if (SCHEMA_LIST_KEYWORDS.has(key) && Array.isArray(value)) {
      out[key] = value.map(stripSchema);
    } else {
      out[key] = value;
    }
  }
  return out;
}

function jsonSchemaOf(content) {
  const json = content?.['application/json'];
  return json?.schema ? stripSchema(json.schema) : undefined;
}

/** Builds the subset document from a dereferenced OpenAPI description. */
export function extractSubset(spec, sourceVersion) {
  const operations = OPERATIONS.map(([method, path]) => {
    const operation = spec.paths?.[path]?.[method.toLowerCase()];
    if (!operation) throw new Error(`${method} ${path} is not in the OpenAPI description`);
    const parameters = (operation.parameters ?? []).map((p) => ({
      name: p.name,
      in: p.in,
      required: p.required === true,
      schema: stripSchema(p.schema ?? {}),
    }));
    const responses = {};
    for (const [status, response] of Object.entries(operation.responses ?? {})) {
      if (!/^2\d\d$/.test(status)) continue;
      responses[status] = { schema: jsonSchemaOf(response.content) ?? null };
    }
    const requestBody = operation.requestBody
      ? {
          required: operation.requestBody.required === true,
          schema: jsonSchemaOf(operation.requestBody.content) ?? null,
        }
      : null;
    return { method, path, operationId: operation.operationId, parameters, requestBody, responses };
  });
  return {
    source: { package: '@octokit/openapi', version: sourceVersion, file: 'generated/api.github.com.deref.json' },
    openapi: spec.openapi,
    operations,
  };
}

function loadSource() {
  const require = createRequire(import.meta.url);
  const packageJsonPath = require.resolve('@octokit/openapi/package.json');
  const { version } = JSON.parse(readFileSync(packageJsonPath, 'utf8'));
  const spec = JSON.parse(readFileSync(join(dirname(packageJsonPath), 'generated/api.github.com.deref.json'), 'utf8'));
  return { spec, version };
}

function main(argv) {
  const { spec, version } = loadSource();
  const text = `${JSON.stringify(extractSubset(spec, version), null, 2)}\n`;
  if (argv.includes('--stdout')) {
    process.stdout.write(text);
    return;
  }
  const target = fileURLToPath(new URL('../test/support/fake-github/openapi-subset.json', import.meta.url));
  writeFileSync(target, text);
  console.log(`wrote ${target} (${OPERATIONS.length} operations from @octokit/openapi ${version})`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main(process.argv.slice(2));
}
