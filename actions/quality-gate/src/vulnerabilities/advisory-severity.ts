/**
 * Advisory severity words to the kernel's Severity. npm and GitHub advisories say
 * low/moderate/high/critical (npm also `info`); OSV's `database_specific.severity` copies
 * GitHub's upper-case words, and some databases write MEDIUM or NONE. `moderate` is `medium`.
 *
 * When an advisory carries no usable severity at all, the gate assumes `high`
 * (UNKNOWN_SEVERITY_FALLBACK) and warns: the production bar is "0 critical and 0 high", so an
 * unrated advisory fails it until someone looks, instead of slipping through as `medium`.
 */
import type { Severity } from '../../../../shared/result/phase-result.js';

export const UNKNOWN_SEVERITY_FALLBACK: Severity = 'high';

const WORDS: Record<string, Severity> = {
  critical: 'critical',
  high: 'high',
  important: 'high',
  moderate: 'medium',
  medium: 'medium',
  low: 'low',
  negligible: 'info',
  info: 'info',
  informational: 'info',
  none: 'info',
};

export function severityFromWord(value: unknown): Severity | undefined {
  return typeof value === 'string' ? WORDS[value.trim().toLowerCase()] : undefined;
}

const RANK: Record<Severity, number> = { critical: 4, high: 3, medium: 2, low: 1, info: 0 };

export function maxSeverity(a: Severity | undefined, b: Severity | undefined): Severity | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return RANK[a] >= RANK[b] ? a : b;
}

export function emptySeverityCounts(): Record<Severity, number> {
  return { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
}
