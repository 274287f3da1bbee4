import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import schema from './phase-result.schema.json' with { type: 'json' };
import type { PhaseResult } from './phase-result.js';
import { UserError } from '../runtime/errors.js';

// RFC 3339 date-time, the one format the schema uses; checked here rather than pulling in
// ajv-formats for a single regular expression.
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

let compiled: ValidateFunction | undefined;

/** Compiled lazily: most entry points never read a result and should not pay for Ajv. */
function validator(): ValidateFunction {
  if (!compiled) {
    const ajv = new Ajv({ allErrors: true, strict: true });
    ajv.addFormat('date-time', DATE_TIME);
    compiled = ajv.compile(schema);
  }
  return compiled;
}

export function phaseResultErrors(value: unknown): string[] {
  const validate = validator();
  if (validate(value)) return [];
  return (validate.errors ?? []).map(describe);
}

/** Throws a UserError naming the file and each place that does not fit the schema. */
export function assertPhaseResult(value: unknown, file: string): asserts value is PhaseResult {
  const version = (value as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (typeof version === 'number' && version > 1) {
    throw new UserError(
      `was written by a newer Ancient Elder (PhaseResult schema ${version}); this release reads schema 1`,
      file,
    );
  }
  const errors = phaseResultErrors(value);
  if (errors.length > 0) {
    const shown = errors.slice(0, 20);
    const more = errors.length > shown.length ? `\n  ... and ${errors.length - shown.length} more` : '';
    throw new UserError(`is not a valid PhaseResult:\n  ${shown.join('\n  ')}${more}`, file);
  }
}

function describe(error: ErrorObject): string {
  const where = error.instancePath === '' ? '(root)' : error.instancePath;
  if (error.keyword === 'additionalProperties') {
    return `${where}: unknown property '${String(error.params['additionalProperty'])}'`;
  }
  if (error.keyword === 'enum') {
    return `${where}: must be one of ${(error.params['allowedValues'] as unknown[]).join(', ')}`;
  }
  return `${where}: ${error.message ?? error.keyword}`;
}
