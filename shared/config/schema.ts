/**
 * The published JSON Schema for elder.yml and its compiled validator. The schema is imported as
 * a JSON module so the bundler inlines it; the same file ships for editors
 * (`# yaml-language-server: $schema=...`).
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import schema from './elder.schema.json' with { type: 'json' };

export const ELDER_SCHEMA: Readonly<Record<string, unknown>> = schema;
export const ELDER_SCHEMA_ID: string = schema.$id;

let compiled: ValidateFunction | undefined;

/**
 * Compiled lazily and once: compiling costs a few milliseconds that entry points which never
 * read the configuration should not pay. `verbose` gives each error its schema, which the
 * message builder needs to suggest the nearest valid key.
 */
function validator(): ValidateFunction {
  // strictRequired is off because environments add `required: [tier]` beside a $ref to the
  // shared environment definition (which `defaults:` reuses without requiring a tier); Ajv's
  // strict check cannot see through the $ref that `tier` is defined there.
  compiled ??= new Ajv({ allErrors: true, verbose: true, strict: true, strictRequired: false }).compile(schema);
  return compiled;
}

/** Every way `data` departs from the schema (empty when it fits). */
export function schemaErrors(data: unknown): ErrorObject[] {
  const validate = validator();
  return validate(data) ? [] : [...(validate.errors ?? [])];
}
