/**
 * GitHub's description is OpenAPI 3.0, whose schemas say `nullable: true` where JSON Schema
 * says "or null". Ajv only accepts `nullable` beside a `type`, and GitHub also puts it beside
 * `oneOf` or an `enum` without null, so the schemas are rewritten to plain JSON Schema first.
 */
import type { JsonSchema } from './openapi-subset.js';

const SUBSCHEMA_MAPS = ['properties', 'patternProperties'];
const SUBSCHEMAS = ['items', 'additionalProperties', 'not'];
const SUBSCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf'];

export function toJsonSchema(schema: unknown): unknown {
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) return schema;
  const source = schema as JsonSchema;
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(source)) {
    if (key === 'nullable') continue;
    if (SUBSCHEMA_MAPS.includes(key) && value && typeof value === 'object') {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, toJsonSchema(sub)]));
    } else if (SUBSCHEMAS.includes(key)) {
      out[key] = toJsonSchema(value);
    } else if (SUBSCHEMA_LISTS.includes(key) && Array.isArray(value)) {
      out[key] = value.map(toJsonSchema);
    } else {
      out[key] = value;
    }
  }
  if (source.nullable !== true) return out;
  return { anyOf: [out, { type: 'null' }] };
}
