/**
 * Completes a hand-built response object with every field the response schema requires but
 * the fake has no opinion on (GitHub's full repository object alone requires 75 fields).
 * The fields the suite reads are always set by the fake itself; this only fills the rest with
 * plain, schema-valid placeholders so the response still matches GitHub's description.
 */
import type { JsonSchema } from './openapi-subset.js';

const PLACEHOLDER_TIME = '2024-01-01T00:00:00Z';
const PLACEHOLDER_URI = 'https://example.invalid/placeholder';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function firstBranch(schema: JsonSchema): JsonSchema | undefined {
  const branches = (schema.oneOf ?? schema.anyOf) as JsonSchema[] | undefined;
  return branches?.[0];
}

/** A minimal value that satisfies the schema. */
export function placeholderFor(schema: JsonSchema | undefined): unknown {
  if (!schema) return null;
  if (schema.nullable === true) return null;
  if (schema.default !== undefined) return schema.default;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  const branch = firstBranch(schema);
  if (branch) return placeholderFor(branch);
  switch (schema.type) {
    case 'string':
      if (schema.format === 'date-time') return PLACEHOLDER_TIME;
      if (schema.format === 'uri') return PLACEHOLDER_URI;
      if (schema.format === 'email') return 'placeholder@example.invalid';
      return '';
    case 'integer':
    case 'number':
      return typeof schema.minimum === 'number' ? schema.minimum : 0;
    case 'boolean':
      return false;
    case 'array':
      return [];
    default:
      return fillRequired(schema, {});
  }
}

/** Returns `value` with the schema's missing required fields filled, recursively. */
export function fillRequired(schema: JsonSchema | undefined, value: unknown): unknown {
  if (!schema) return value;
  if (Array.isArray(value)) {
    const items = schema.items as JsonSchema | undefined;
    return items ? value.map((item) => fillRequired(items, item)) : value;
  }
  if (!isPlainObject(value)) return value;
  const properties = (schema.properties ?? firstBranch(schema)?.properties ?? {}) as Record<string, JsonSchema>;
  const required = (schema.required ?? firstBranch(schema)?.required ?? []) as string[];
  const out: Record<string, unknown> = { ...value };
  for (const name of required) {
    if (!(name in out)) out[name] = placeholderFor(properties[name]);
  }
  for (const [name, sub] of Object.entries(properties)) {
    if (name in out) out[name] = fillRequired(sub, out[name]);
  }
  return out;
}
