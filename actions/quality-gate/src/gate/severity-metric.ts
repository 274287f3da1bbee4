/** `findings_high` and `vulnerabilities_high` count one severity; `findings` counts them all. */
import { SEVERITIES, type Severity } from '../../../../shared/result/phase-result.js';

export function severityOfMetric(metric: string): Severity | undefined {
  const suffix = metric.slice(metric.lastIndexOf('_') + 1);
  return (SEVERITIES as readonly string[]).includes(suffix) ? (suffix as Severity) : undefined;
}
