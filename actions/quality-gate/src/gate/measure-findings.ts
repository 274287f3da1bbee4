/**
 * Static-analysis findings counted by severity, overall or new, within a path (by the file
 * each finding is located in; findings without a file count overall only).
 */
import type { Baseline } from '../baseline/baseline.js';
import type { ChangeSet } from '../diff/changed-lines.js';
import type { Condition } from './condition.js';
import type { GateFinding } from './gate-inputs.js';
import { count, notApplicable, plural, type Measurement } from './measurement.js';
import { canJudgeNewFindings, isNewFinding, newFindingsBasis } from './new-code.js';
import { severityOfMetric } from './severity-metric.js';

export function measureFindings(
  condition: Condition,
  findings: readonly GateFinding[],
  changes: ChangeSet | undefined,
  baseline: Baseline | undefined,
): Measurement {
  const matching = findingsOf(condition, findings, changes, baseline);
  if (matching === undefined) {
    return notApplicable('new findings cannot be told from old ones: no diff and no baseline of the base branch');
  }
  const severity = severityOfMetric(condition.metric);
  const what = `${severity === undefined ? '' : `${severity} `}finding`;
  const within = condition.path === undefined ? '' : ` under ${condition.path.pattern}`;
  const basis = condition.scope === 'new_code' ? ` (new: ${newFindingsBasis(changes, baseline)})` : '';
  return count(
    matching.length,
    `${plural(matching.length, condition.scope === 'new_code' ? `new ${what}` : what)}${within}${basis}`,
  );
}

/** The findings a condition counts; undefined when it asks for new ones and nothing can tell. */
export function findingsOf(
  condition: Condition,
  findings: readonly GateFinding[],
  changes: ChangeSet | undefined,
  baseline: Baseline | undefined,
): GateFinding[] | undefined {
  const severity = severityOfMetric(condition.metric);
  const inPath = condition.path?.matches;
  const newOnly = condition.scope === 'new_code';
  const judgeable = canJudgeNewFindings(changes, baseline) || findings.some((f) => f.baselineState !== undefined);
  if (newOnly && !judgeable) return undefined;
  return findings.filter(
    (finding) =>
      (severity === undefined || finding.severity === severity) &&
      (inPath === undefined || (finding.location?.file !== undefined && inPath(finding.location.file))) &&
      (!newOnly || isNewFinding(finding, changes, baseline) === true),
  );
}
