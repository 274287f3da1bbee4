import type { Finding, Metric, PhaseResult, Status } from '../../../../shared/result/phase-result.js';
import type { FrameworkScore } from '../scoring/framework-score.js';

/** Per framework: score (against min_score), critical findings (against the maximum), coverage. */
export function frameworkMetrics(
  frameworks: readonly FrameworkScore[],
  minScore: number,
  maxCritical: number,
): Metric[] {
  return frameworks.flatMap((f): Metric[] => [
    {
      name: `${f.framework}_score`,
      value: f.score,
      unit: 'ratio',
      threshold: { operator: '>=', value: minScore },
      verdict: f.score === null ? 'not_assessed' : f.score >= minScore ? 'pass' : 'fail',
      detail: `weighted share of the ${f.assessedControls} assessed ${f.name} controls that pass`,
    },
    {
      name: `${f.framework}_critical_findings`,
      value: f.criticalFindings,
      unit: 'count',
      threshold: { operator: '<=', value: maxCritical },
      verdict: f.criticalFindings <= maxCritical ? 'pass' : 'fail',
    },
    {
      name: `${f.framework}_coverage`,
      value: f.coverage,
      unit: 'ratio',
      verdict: f.assessedControls === 0 ? 'not_assessed' : 'pass',
      detail: `${f.assessedControls} of ${f.totalControls} controls assessed; the rest are listed with reasons`,
    },
  ]);
}

/** failure when any framework fails or a waiver expired; not_assessed when nothing could be. */
export function phaseStatus(frameworks: readonly FrameworkScore[], expiredWaivers: number): Status {
  if (frameworks.some((f) => f.verdict === 'fail') || expiredWaivers > 0) return 'failure';
  if (frameworks.length === 0 || frameworks.every((f) => f.verdict === 'not_assessed')) return 'not_assessed';
  if (frameworks.some((f) => f.verdict === 'not_assessed')) return 'failure';
  return 'success';
}

export function summaryLine(
  frameworks: readonly FrameworkScore[],
  status: Status,
  findings: readonly Finding[],
): string {
  const parts = frameworks.map(
    (f) =>
      `${f.name} ${f.score === null ? 'n/a' : f.score.toFixed(2)} (${f.verdict}, coverage ${(f.coverage * 100).toFixed(0)} %)`,
  );
  return `Compliance audit ${status}: ${parts.join(', ') || 'no framework'}; ${findings.length} finding(s).`;
}

export type ResultSkeleton = Omit<PhaseResult, 'timings'>;
