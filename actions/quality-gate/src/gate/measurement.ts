/**
 * What measuring one condition yields, before it is judged.
 *
 * Two kinds of "no value" are kept apart because they are judged differently:
 * - `no_data`: the input is missing, unreadable, or holds nothing for the condition's scope (no
 *   test ran, no file under the path). A required input fails the gate here: it fails closed.
 * - `not_applicable`: the input is there and there is nothing to measure (a change with no new
 *   executable lines), or new code cannot be told from old (no diff, no baseline). Reported as
 *   not assessed, never a failure and never a pass.
 */
export interface Measurement {
  value: number | null;
  /** How it was measured, or why there is no value. */
  detail: string;
  empty?: 'no_data' | 'not_applicable';
  /** The counts behind a ratio: `part` of `whole` (45 of 60 new lines covered). */
  part?: number;
  whole?: number;
}

export function noData(detail: string): Measurement {
  return { value: null, detail, empty: 'no_data' };
}

export function notApplicable(detail: string): Measurement {
  return { value: null, detail, empty: 'not_applicable' };
}

/** Percentages are judged as shown, to two decimals: 79.996 % is 80 %, never "80 % < 80 %". */
export function percent(part: number, whole: number): number {
  return Math.round((part / whole) * 100 * 100) / 100;
}

export function ratio(part: number, whole: number, what: string): Measurement {
  return { value: percent(part, whole), detail: `${part} of ${whole} ${what}`, part, whole };
}

export function count(value: number, detail: string): Measurement {
  return { value, detail };
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
