/**
 * CVSS's qualitative rating scale (CVSS v3.1 specification, section 5): None 0.0, Low 0.1-3.9,
 * Medium 4.0-6.9, High 7.0-8.9, Critical 9.0-10.0. GitHub code scanning uses the same bands for
 * SARIF `security-severity`, so findings and vulnerabilities rank alike. "None" is our `info`.
 */
import type { Severity } from '../../../../shared/result/phase-result.js';

export function severityFromScore(score: number): Severity {
  if (score >= 9.0) return 'critical';
  if (score >= 7.0) return 'high';
  if (score >= 4.0) return 'medium';
  if (score > 0) return 'low';
  return 'info';
}

/** A score as producers write it ("9.8", 9.8): a finite number in 0..10, else undefined. */
export function parseCvssScore(value: unknown): number | undefined {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  if (!/^\d+(\.\d+)?$/.test(text)) return undefined;
  const score = Number(text);
  return score >= 0 && score <= 10 ? score : undefined;
}
