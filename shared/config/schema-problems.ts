/**
 * Turns Ajv's errors into problems a person can act on: one per mistake, worded in the file's
 * terms, pointing at the key (unknown keys) or the value (wrong values), with a "did you mean"
 * when the intended key or value is a near miss.
 *
 * Ajv reports some mistakes several times (an `anyOf` reports every branch that failed, then
 * itself); those collapse into one problem here so "exactly one error per mistake" holds.
 */
import type { ErrorObject } from 'ajv';
import { AVAILABILITY_EXPECTATION, AVAILABILITY_LEVELS } from './availability.js';
import type { ConfigProblem } from './config-error.js';
import { formatPath, isRecord, pathFromPointer, type PathSegment } from './config-path.js';
import { DATA_SIZE_EXPECTATION } from './data-size.js';
import { DURATION_EXPECTATION } from './duration.js';
import { ELDER_SCHEMA } from './schema.js';
import { didYouMean, nearest } from './suggest.js';

/** What a value of each definition looks like, for "expected ..." messages. */
const EXPECTATION_BY_DEFINITION: Record<string, string> = {
  duration: DURATION_EXPECTATION,
  dataSize: DATA_SIZE_EXPECTATION,
  availability: AVAILABILITY_EXPECTATION,
  httpUrl: 'an http:// or https:// URL',
  score: 'a number from 0 to 1',
  metricName: 'a metric name like new_line_coverage (lower-case letters, digits and _, starting with a letter)',
  repositoryPath:
    'a repository path prefix or glob like services/api (forward slashes, not starting with /, without .. segments)',
};

/** Expectations for inline schemas, found by where they sit in the schema. */
const EXPECTATION_BY_SCHEMA_PATH: [RegExp, string][] = [
  [/\/regions\/items\//, 'a region name like us-east-1 (lower case letters, digits and dashes)'],
  [/\/steps\/items\//, 'a whole percentage from 1 to 100'],
  [
    /\/paths\/propertyNames\//,
    'a package name like api (lower case letters, digits, _, . and -, starting with a letter or digit)',
  ],
  [
    /^#\/properties\/environments\/propertyNames\//,
    'an environment name like production (lower case letters, digits, _ and -, starting with a letter or digit, at most 63 characters)',
  ],
];

const TYPE_NAMES: Record<string, string> = {
  integer: 'a whole number',
  number: 'a number',
  string: 'text',
  boolean: 'true or false',
  object: 'a mapping of keys to values',
  array: 'a list',
  null: 'nothing',
};

export function problemsFromSchemaErrors(errors: readonly ErrorObject[], data: unknown): ConfigProblem[] {
  const kept = errors.filter((error) => !isSubsumed(error, errors) && error.keyword !== 'propertyNames');
  const problems = kept.map((error) => toProblem(error, data));
  return dropRequiredExplainedByTypo(dedupe(problems));
}

/** A branch error of an anyOf/oneOf that itself failed: the anyOf speaks for it. */
function isSubsumed(error: ErrorObject, all: readonly ErrorObject[]): boolean {
  return all.some(
    (other) =>
      other !== error &&
      (other.keyword === 'anyOf' || other.keyword === 'oneOf') &&
      (error.instancePath === other.instancePath || error.instancePath.startsWith(`${other.instancePath}/`)) &&
      error.schemaPath.startsWith(`${other.schemaPath}/`),
  );
}

interface TaggedProblem extends ConfigProblem {
  /** For `required`: which key is missing; for unknown keys: the suggested key. */
  missing?: string;
  suggested?: string;
}

function toProblem(error: ErrorObject, data: unknown): TaggedProblem {
  const path = pathFromPointer(error.instancePath, data);
  const params = error.params as Record<string, unknown>;
  const shown = describeValue(error.data);
  const expectation = expectationFor(error);
  const where = formatPath(path);

  // Errors about a property name (environment names) point at that name.
  const propertyName = (error as ErrorObject & { propertyName?: string }).propertyName;
  if (propertyName !== undefined) {
    return {
      path: [...path, propertyName],
      at: 'key',
      message: `invalid name '${propertyName}' in ${where}: expected ${expectation ?? error.message ?? 'a valid name'}`,
    };
  }

  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(params['additionalProperty']);
      const keyPath = [...path, key];
      if (key === '<<') {
        return {
          path: keyPath,
          at: 'key',
          message: `YAML merge keys (<<) are not supported in ${where}; put shared settings under 'defaults:' instead`,
        };
      }
      const allowed = Object.keys(propertiesOf(error.parentSchema));
      const suggestion = nearest(key, allowed);
      const hint = suggestion !== undefined ? didYouMean(key, allowed) : belongsUnder(key, error.parentSchema, allowed);
      const problem: TaggedProblem = {
        path: keyPath,
        at: 'key',
        message: `unknown key '${key}' ${path.length === 0 ? 'at the top level' : `in ${where}`}${hint}`,
      };
      if (suggestion !== undefined) problem.suggested = suggestion;
      return problem;
    }
    case 'required': {
      const missing = String(params['missingProperty']);
      return {
        path: [...path, missing],
        at: 'key',
        message: `missing required key '${missing}' ${path.length === 0 ? 'at the top level' : `in ${where}`}`,
        missing,
      };
    }
    case 'type': {
      const wanted = expectation ?? describeTypes(params['type']);
      return { path, at: 'value', message: `${where}: expected ${wanted}; got ${shown}` };
    }
    case 'enum': {
      const allowed = (params['allowedValues'] as unknown[]).map(String);
      const hint = typeof error.data === 'string' ? didYouMean(error.data, allowed) : '';
      return { path, at: 'value', message: `${where}: expected one of ${allowed.join(', ')}; got ${shown}${hint}` };
    }
    case 'const':
      return {
        path,
        at: 'value',
        message: `${where}: expected ${JSON.stringify(params['allowedValue'])}; got ${shown}`,
      };
    case 'anyOf':
    case 'oneOf': {
      const hint =
        typeof error.data === 'string' && expectation === AVAILABILITY_EXPECTATION
          ? didYouMean(error.data, AVAILABILITY_LEVELS)
          : '';
      return {
        path,
        at: 'value',
        message: `${where}: expected ${expectation ?? 'a valid value'}; got ${shown}${hint}`,
      };
    }
    case 'pattern':
    case 'format':
      return { path, at: 'value', message: `${where}: expected ${expectation ?? error.message}; got ${shown}` };
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum': {
      const wanted =
        expectation ?? `${describeTypes(error.parentSchema?.['type'])} ${params['comparison']} ${params['limit']}`;
      return { path, at: 'value', message: `${where}: expected ${wanted}; got ${shown}` };
    }
    case 'minItems':
      return {
        path,
        at: 'value',
        message: `${where}: expected at least ${params['limit']} item${params['limit'] === 1 ? '' : 's'}; got ${countOf(error.data)}`,
      };
    case 'maxItems':
      return {
        path,
        at: 'value',
        message: `${where}: expected at most ${params['limit']} items; got ${countOf(error.data)}`,
      };
    case 'minProperties':
      return {
        path,
        at: 'value',
        message:
          path.length === 1 && path[0] === 'environments'
            ? 'no environments are defined; add at least one under environments:'
            : `${where}: expected at least ${params['limit']} entries`,
      };
    case 'uniqueItems': {
      // Point at the repetition, not the first occurrence.
      const later = Math.max(Number(params['i']), Number(params['j']));
      const earlier = Math.min(Number(params['i']), Number(params['j']));
      const item = Array.isArray(error.data) ? describeValue(error.data[later]) : 'an item';
      return {
        path: [...path, later],
        at: 'value',
        message: `${where}: ${item} is listed twice (items ${earlier + 1} and ${later + 1}); list each once`,
      };
    }
    case 'minLength':
      return { path, at: 'value', message: `${where}: expected non-empty text; got ${shown}` };
    default:
      return { path, at: 'value', message: `${where}: ${error.message ?? `fails '${error.keyword}'`}` };
  }
}

function expectationFor(error: ErrorObject): string | undefined {
  const definition = /^#\/definitions\/([^/]+)\//.exec(error.schemaPath)?.[1];
  if (definition !== undefined && EXPECTATION_BY_DEFINITION[definition] !== undefined) {
    return EXPECTATION_BY_DEFINITION[definition];
  }
  return EXPECTATION_BY_SCHEMA_PATH.find(([pattern]) => pattern.test(error.schemaPath))?.[1];
}

function describeTypes(type: unknown): string {
  const types = Array.isArray(type) ? type : [type];
  return types.map((t) => TYPE_NAMES[String(t)] ?? String(t)).join(' or ');
}

/** How a value is shown after "got": text quoted, lists and mappings named, long text cut. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'nothing (an empty value)';
  if (typeof value === 'string') {
    const shown = value.length > 60 ? `${value.slice(0, 57)}...` : value;
    // Line breaks and tabs would break the one-line message; show them escaped.
    return /[\n\r\t]/.test(shown) ? JSON.stringify(shown) : `'${shown}'`;
  }
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return String(value);
}

function countOf(value: unknown): string {
  return Array.isArray(value) ? String(value.length) : describeValue(value);
}

type SchemaNode = Record<string, unknown>;

function resolveRef(node: unknown): SchemaNode | undefined {
  if (!isRecord(node)) return undefined;
  const ref = node['$ref'];
  if (typeof ref === 'string' && ref.startsWith('#/definitions/')) {
    const definitions = ELDER_SCHEMA['definitions'] as Record<string, unknown>;
    return resolveRef(definitions[ref.slice('#/definitions/'.length)]);
  }
  return node;
}

function propertiesOf(schemaNode: unknown): Record<string, unknown> {
  const properties = resolveRef(schemaNode)?.['properties'];
  return isRecord(properties) ? properties : {};
}

/** ` (it belongs under 'dr')` when the unknown key is valid one level down. */
function belongsUnder(key: string, parentSchema: unknown, siblings: string[]): string {
  const parents = siblings.filter((sibling) => key in propertiesOf(propertiesOf(parentSchema)[sibling]));
  return parents.length === 1 ? ` (it belongs under '${parents[0]}')` : '';
}

function dedupe(problems: TaggedProblem[]): TaggedProblem[] {
  const seen = new Set<string>();
  return problems.filter((problem) => {
    const key = `${JSON.stringify(problem.path)}|${problem.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * `teir: production` is one mistake, but the schema sees two: an unknown key and a missing
 * `tier`. The unknown-key problem already says "did you mean 'tier'?", so the other goes.
 */
function dropRequiredExplainedByTypo(problems: TaggedProblem[]): ConfigProblem[] {
  const parentKey = (path: readonly PathSegment[]): string => JSON.stringify(path.slice(0, -1));
  const typos = new Set(
    problems.filter((p) => p.suggested !== undefined).map((p) => `${parentKey(p.path)}|${p.suggested}`),
  );
  // A mapping that tried a merge key (<<) is missing keys because merges are refused; the
  // merge-key problem explains it.
  const merging = new Set(problems.filter((p) => p.path[p.path.length - 1] === '<<').map((p) => parentKey(p.path)));
  return problems
    .filter((p) => p.missing === undefined || !typos.has(`${parentKey(p.path)}|${p.missing}`))
    .filter((p) => p.missing === undefined || !merging.has(parentKey(p.path)))
    .map(({ path, at, message }) => ({ path, at, message }));
}
