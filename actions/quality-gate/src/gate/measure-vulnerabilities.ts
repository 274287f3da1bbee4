/**
 * Vulnerable dependencies counted by severity, overall or new (not in the base branch's result),
 * within a path (by the manifest or lockfile that pulls them in).
 */
import type { Baseline } from '../baseline/baseline.js';
import type { Vulnerability } from '../model.js';
import type { Condition } from './condition.js';
import { count, notApplicable, plural, type Measurement } from './measurement.js';
import { isNewVulnerability } from './new-code.js';
import { severityOfMetric } from './severity-metric.js';

export function measureVulnerabilities(
  condition: Condition,
  vulnerabilities: readonly Vulnerability[],
  baseline: Baseline | undefined,
): Measurement {
  const matching = vulnerabilitiesOf(condition, vulnerabilities, baseline);
  if (matching === undefined) {
    return notApplicable('new vulnerabilities cannot be told from old ones without a baseline of the base branch');
  }
  const severity = severityOfMetric(condition.metric);
  const what = `${condition.scope === 'new_code' ? 'new ' : ''}${severity === undefined ? '' : `${severity} `}vulnerabilit`;
  const n = matching.length;
  const within = condition.path === undefined ? '' : ` under ${condition.path.pattern}`;
  const packages = new Set(matching.map((v) => v.package)).size;
  return count(n, `${n} ${what}${n === 1 ? 'y' : 'ies'}${within}${n > 0 ? ` in ${plural(packages, 'package')}` : ''}`);
}

export function vulnerabilitiesOf(
  condition: Condition,
  vulnerabilities: readonly Vulnerability[],
  baseline: Baseline | undefined,
): Vulnerability[] | undefined {
  if (condition.scope === 'new_code' && baseline?.vulnerabilities === undefined) return undefined;
  const severity = severityOfMetric(condition.metric);
  const inPath = condition.path?.matches;
  return vulnerabilities.filter(
    (v) =>
      (severity === undefined || v.severity === severity) &&
      (inPath === undefined || (v.manifest !== undefined && inPath(v.manifest))) &&
      (condition.scope !== 'new_code' || isNewVulnerability(v, baseline) === true),
  );
}
