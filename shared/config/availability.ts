/**
 * Availability targets. Users write a level name (`very_high`), a percentage (`99.99`) or a
 * percentage string (`"99.99%"`); every consumer gets the same three facts: the percentage, the
 * fraction, and the level name when the target is exactly one of the named levels.
 */
import { UserError } from '../runtime/errors.js';
import { cleanFloat } from './float.js';

export const AVAILABILITY_LEVELS = ['standard', 'high', 'very_high', 'extreme', 'ultimate'] as const;
export type AvailabilityLevel = (typeof AVAILABILITY_LEVELS)[number];

/** Targets in percent, from the specification's availability table. */
export const AVAILABILITY_LEVEL_PERCENT: Readonly<Record<AvailabilityLevel, number>> = {
  standard: 99.0,
  high: 99.9,
  very_high: 99.99,
  extreme: 99.999,
  ultimate: 99.9999,
};

export const AVAILABILITY_EXPECTATION =
  "an availability target: a percentage like 99.99 or '99.99%', or a level name (standard, high, very_high, extreme, ultimate)";

/**
 * Percentages are bounded to [1, 100): 100 % leaves no error budget (every burn rate divides by
 * zero), and anything below 1 is almost certainly a fraction written by mistake (0.999 meaning
 * 99.9 %), which we would rather reject than read as "0.999 % of the time".
 */
export const MIN_AVAILABILITY_PERCENT = 1;
export const MAX_AVAILABILITY_PERCENT_EXCLUSIVE = 100;

export interface AvailabilityTarget {
  /** e.g. 99.99 */
  percent: number;
  /** e.g. 0.9999 */
  target: number;
  /** The named level whose target this is, if any. */
  level?: AvailabilityLevel;
}

export function isAvailabilityLevel(value: unknown): value is AvailabilityLevel {
  return typeof value === 'string' && (AVAILABILITY_LEVELS as readonly string[]).includes(value);
}

/** The level whose target is exactly this percentage, if any. */
export function availabilityLevelOf(percent: number): AvailabilityLevel | undefined {
  return AVAILABILITY_LEVELS.find((level) => AVAILABILITY_LEVEL_PERCENT[level] === percent);
}

export function availabilityFromPercent(percent: number): AvailabilityTarget {
  if (
    !Number.isFinite(percent) ||
    percent < MIN_AVAILABILITY_PERCENT ||
    percent >= MAX_AVAILABILITY_PERCENT_EXCLUSIVE
  ) {
    throw new UserError(`expected ${AVAILABILITY_EXPECTATION}; got ${percent}`);
  }
  const level = availabilityLevelOf(percent);
  const result: AvailabilityTarget = { percent, target: cleanFloat(percent / 100) };
  if (level) result.level = level;
  return result;
}

/** Accepts `very_high`, `99.99`, `"99.99"` and `"99.99%"`. */
export function parseAvailability(value: unknown): AvailabilityTarget {
  if (isAvailabilityLevel(value)) {
    return {
      percent: AVAILABILITY_LEVEL_PERCENT[value],
      target: cleanFloat(AVAILABILITY_LEVEL_PERCENT[value] / 100),
      level: value,
    };
  }
  if (typeof value === 'number') return availabilityFromPercent(value);
  if (typeof value === 'string' && /^[0-9]+(?:\.[0-9]+)?\s*%?$/.test(value.trim())) {
    return availabilityFromPercent(Number(value.trim().replace(/\s*%$/, '')));
  }
  const shown = typeof value === 'string' ? `'${value}'` : String(value);
  throw new UserError(`expected ${AVAILABILITY_EXPECTATION}; got ${shown}`);
}

/** `99.99 % (very_high)` */
export function formatAvailability(availability: AvailabilityTarget): string {
  return `${availability.percent} %${availability.level ? ` (${availability.level})` : ''}`;
}
