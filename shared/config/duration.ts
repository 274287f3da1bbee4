/**
 * Durations in the configuration are written the way operators say them: `15m`, `1h30m`,
 * `90s`, `500ms`, `2d`, `1w`. The grammar follows Prometheus: whole numbers, units from largest
 * to smallest, each unit at most once.
 *
 * A bare number is rejected rather than read as seconds: `rto: 15` is far more likely to mean
 * fifteen minutes than fifteen seconds, and guessing wrong would quietly loosen a recovery
 * objective. Asking for a unit costs the user two keystrokes.
 */
import { UserError } from '../runtime/errors.js';

/** The same expression is the `duration` definition's `pattern` in elder.schema.json (a test checks). */
export const DURATION_PATTERN = '^(?=[0-9])(?:[0-9]+w)?(?:[0-9]+d)?(?:[0-9]+h)?(?:[0-9]+m)?(?:[0-9]+s)?(?:[0-9]+ms)?$';

export const DURATION_EXPECTATION = 'a duration like 15m, 1h30m, 90s';

const MS_PER_UNIT = {
  w: 7 * 24 * 3_600_000,
  d: 24 * 3_600_000,
  h: 3_600_000,
  m: 60_000,
  s: 1_000,
  ms: 1,
} as const;
type Unit = keyof typeof MS_PER_UNIT;

const DURATION_RE = new RegExp(DURATION_PATTERN);
const COMPONENT_RE = /([0-9]+)(ms|w|d|h|m|s)/g;

export function isDuration(text: string): boolean {
  return DURATION_RE.test(text);
}

/** Parses `1h30m` into seconds (fractional for millisecond parts). */
export function parseDuration(text: string): number {
  if (typeof text !== 'string' || !DURATION_RE.test(text)) {
    throw new UserError(`expected ${DURATION_EXPECTATION}; got ${describeInput(text)}`);
  }
  let totalMs = 0;
  for (const match of text.matchAll(COMPONENT_RE)) {
    totalMs += Number(match[1]) * MS_PER_UNIT[match[2] as Unit];
  }
  if (!Number.isSafeInteger(totalMs)) {
    throw new UserError(`duration '${text}' is too long`);
  }
  return totalMs / 1000;
}

export interface FormatDurationOptions {
  /**
   * Keep only this many units, rounding the rest away: 3153.6 s is `52m33s600ms` exactly and
   * `52m34s` with two units. Without it the output is exact to the millisecond and parses back
   * with parseDuration.
   */
  maxUnits?: number;
}

/** Weeks are accepted on input but not printed: `14d` reads better than `2w`, `365d` than `52w1d`. */
const FORMAT_UNITS: readonly Exclude<Unit, 'w'>[] = ['d', 'h', 'm', 's', 'ms'];

/** Formats seconds in the short form the configuration uses, e.g. 5400 -> `1h30m`. */
export function formatDuration(seconds: number, options: FormatDurationOptions = {}): string {
  if (!Number.isFinite(seconds) || seconds < 0) {
    throw new RangeError(`cannot format ${seconds} as a duration`);
  }
  let totalMs = Math.round(seconds * 1000);
  if (totalMs === 0) return '0s';
  const { maxUnits } = options;
  if (maxUnits !== undefined && maxUnits >= 1) {
    const first = FORMAT_UNITS.findIndex((unit) => totalMs >= MS_PER_UNIT[unit]);
    const smallest = FORMAT_UNITS[Math.min(first + maxUnits - 1, FORMAT_UNITS.length - 1)] ?? 'ms';
    const step = MS_PER_UNIT[smallest];
    totalMs = Math.round(totalMs / step) * step;
  }
  let rest = totalMs;
  let out = '';
  for (const unit of FORMAT_UNITS) {
    const count = Math.floor(rest / MS_PER_UNIT[unit]);
    if (count > 0) {
      out += `${count}${unit}`;
      rest -= count * MS_PER_UNIT[unit];
    }
  }
  return out;
}

function describeInput(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : String(value);
}
