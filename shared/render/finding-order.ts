/**
 * The order findings are shown in. A reviewer acts first on what their pull request
 * touched, so findings on changed lines come first, then by severity; code scanning keeps
 * only the most severe results, so SARIF ranks by severity alone. Ties break on file, line
 * and rule so the same input always renders the same output.
 */
import { SEVERITIES, type Finding, type Severity } from '../result/phase-result.js';

/** Most severe first. */
export const SEVERITY_ORDER: readonly Severity[] = SEVERITIES;

const SEVERITY_RANK: Record<Severity, number> = Object.fromEntries(SEVERITIES.map((s, i) => [s, i])) as Record<
  Severity,
  number
>;

/** 0 for critical up to 4 for info. */
export function severityRank(severity: Severity): number {
  return SEVERITY_RANK[severity];
}

/** True when `severity` is `minimum` or more severe. */
export function severityAtLeast(severity: Severity, minimum: Severity): boolean {
  return SEVERITY_RANK[severity] <= SEVERITY_RANK[minimum];
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareTieBreak(a: Finding, b: Finding): number {
  return (
    compareText(a.location?.file ?? '\uffff', b.location?.file ?? '\uffff') ||
    (a.location?.line ?? 0) - (b.location?.line ?? 0) ||
    (a.location?.column ?? 0) - (b.location?.column ?? 0) ||
    compareText(a.ruleId, b.ruleId) ||
    compareText(a.message, b.message)
  );
}

export function compareBySeverity(a: Finding, b: Finding): number {
  return SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || compareTieBreak(a, b);
}

/** Changed lines first, then severity, then location. */
export function compareForReview(a: Finding, b: Finding): number {
  const changed = Number(b.onChangedLine === true) - Number(a.onChangedLine === true);
  return changed || compareBySeverity(a, b);
}

/** A sorted copy for people: changed lines first, then most severe. */
export function rankFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(compareForReview);
}

/** A sorted copy, most severe first (what code scanning keeps when it truncates). */
export function rankBySeverity(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(compareBySeverity);
}

export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
  for (const finding of findings) counts[finding.severity]++;
  return counts;
}
