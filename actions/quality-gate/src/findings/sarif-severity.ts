/**
 * SARIF result to Severity.
 * - `properties.security-severity` (result first, then rule), a CVSS-like score as a string, is
 *   what GitHub code scanning ranks security results by; it uses CVSS's bands: >= 9.0 critical,
 *   >= 7.0 high, >= 4.0 medium, > 0 low (0 is info).
 * - Otherwise the level: error -> high, warning -> medium, note -> low, none -> info. This is the
 *   inverse of what shared/render/sarif.ts writes, so our own SARIF reads back the same.
 * The level is the result's, else the rule's `defaultConfiguration.level`, else `warning`
 * (SARIF 2.1.0 section 3.27.10); results whose `kind` is not `fail` have level `none`.
 */
import type { Severity } from '../../../../shared/result/phase-result.js';
import { parseCvssScore, severityFromScore } from '../vulnerabilities/cvss-rating.js';
import { isRecord } from '../detect/json-shape.js';

export type SarifLevel = 'error' | 'warning' | 'note' | 'none';

const LEVEL_SEVERITY: Record<SarifLevel, Severity> = { error: 'high', warning: 'medium', note: 'low', none: 'info' };

export function isSarifLevel(value: unknown): value is SarifLevel {
  return value === 'error' || value === 'warning' || value === 'note' || value === 'none';
}

export function severityFromLevel(level: SarifLevel): Severity {
  return LEVEL_SEVERITY[level];
}

/** The security-severity score of a property bag, when present and a number in 0..10. */
export function securitySeverityScore(properties: unknown): number | undefined {
  return isRecord(properties) ? parseCvssScore(properties['security-severity']) : undefined;
}

export function severityFromSecurityScore(score: number): Severity {
  return severityFromScore(score);
}
