/**
 * Small helpers for walking parsed JSON of unknown shape. Report files come from other tools
 * (and sometimes from an attacker's pull request), so every parser checks types before use and
 * names the offending place with a JSON pointer, which is what a user can search for in the file.
 */
import { UserError } from '../../../../shared/runtime/errors.js';

export type JsonRecord = Record<string, unknown>;

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** "an array", "a string", "null"... for messages like "expected an object, found an array". */
export function describeJsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'object':
      return 'an object';
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'a boolean';
    default:
      return typeof value;
  }
}

/** RFC 6901 pointer from path segments: `['runs', 0, 'results']` -> `/runs/0/results`. */
export function jsonPointer(segments: readonly (string | number)[]): string {
  if (segments.length === 0) return '/';
  return segments.map((segment) => '/' + String(segment).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

/** The value at `segments` must be an object; anything else is the user's file at fault. */
export function expectRecord(value: unknown, segments: readonly (string | number)[], file: string): JsonRecord {
  if (isRecord(value)) return value;
  throw new UserError(`${jsonPointer(segments)}: expected an object, found ${describeJsonType(value)}`, file);
}

export function expectArray(value: unknown, segments: readonly (string | number)[], file: string): unknown[] {
  if (Array.isArray(value)) return value;
  throw new UserError(`${jsonPointer(segments)}: expected an array, found ${describeJsonType(value)}`, file);
}

/** A string that is present and non-empty, else undefined: optional text fields. */
export function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** A positive safe integer (line, column, count), else undefined. Rejects 1e308 and 1.5. */
export function positiveInteger(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : undefined;
}

/** A non-negative safe integer (totals may be 0), else undefined. */
export function countValue(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}
