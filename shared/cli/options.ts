import { UserError } from '../runtime/errors.js';

/** A numeric option within a range; the error names the option. */
export function numberOption(
  value: string | undefined,
  name: string,
  range: { min: number; max: number },
): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isFinite(parsed) || parsed < range.min || parsed > range.max) {
    throw new UserError(`must be a number from ${range.min} to ${range.max}, got '${value}'`, `option --${name}`);
  }
  return parsed;
}
