/**
 * Numbers from XML attributes of coverage reports, read with the same tolerance as LCOV counts
 * (hit-count.ts): huge counts kept, negative or wrapped ones flagged, junk reported as such.
 */
import type { XmlAttributes } from '../xml/index.js';
import { NEGATIVE_COUNT, parseHitCountText, parseLineNumber } from './hit-count.js';

/** A count attribute: >= 0, NEGATIVE_COUNT, NaN for junk, undefined when absent. */
export function countAttribute(attributes: XmlAttributes, name: string): number | undefined {
  const text = attributes.get(name);
  return text === undefined ? undefined : parseHitCountText(text.trim());
}

/** A 1-based line number attribute, or undefined when absent or not a valid line. */
export function lineAttribute(attributes: XmlAttributes, name: string): number | undefined {
  const text = attributes.get(name)?.trim();
  if (text === undefined) return undefined;
  const line = parseLineNumber(text, 0, text.length);
  return line > 0 ? line : undefined;
}

/** A count usable as is: absent or junk -> undefined, negative -> 0 (callers warn for those). */
export function usableCount(value: number | undefined): number | undefined {
  if (value === undefined || Number.isNaN(value)) return undefined;
  return value === NEGATIVE_COUNT ? 0 : value;
}

/**
 * Cobertura's `condition-coverage="50% (1/2)"`: covered and total, or undefined. Scanned by
 * hand: it is on every branch line of a large report, and a regex per line showed in profiles.
 */
export function parseConditionCoverage(text: string | undefined): { covered: number; total: number } | undefined {
  if (text === undefined) return undefined;
  const open = text.indexOf('(');
  if (open < 0) return undefined;
  let p = open + 1;
  const number = (): number => {
    while (text.charCodeAt(p) === 32) p += 1;
    const from = p;
    let value = 0;
    for (let digit = text.charCodeAt(p) - 48; digit >= 0 && digit <= 9; digit = text.charCodeAt(p) - 48) {
      value = value * 10 + digit;
      p += 1;
    }
    const read = p > from && p - from <= 9 ? value : -1;
    while (text.charCodeAt(p) === 32) p += 1;
    return read;
  };
  const covered = number();
  if (covered < 0 || text.charCodeAt(p) !== 47 /* / */) return undefined;
  p += 1;
  const total = number();
  if (total < 0 || text.charCodeAt(p) !== 41 /* ) */ || covered > total) return undefined;
  return { covered, total };
}
