/**
 * Each metric's change against the base branch's last result: value minus the base's value of
 * the metric with the same name. New-code metrics get none: they measure two different changes
 * (this pull request's lines, the base run's own), so their difference means nothing.
 */
import type { Metric } from '../../../../shared/result/phase-result.js';
import { cleanFloat } from '../../../../shared/config/float.js';
import type { Baseline } from './baseline.js';

export function deltaAgainstBaseline(metrics: readonly Metric[], baseline: Baseline | undefined): Metric[] {
  return metrics.map((metric) => {
    const copy: Metric = { ...metric };
    delete copy.delta;
    const delta = metricDelta(metric, baseline);
    if (delta !== undefined) copy.delta = delta;
    return copy;
  });
}

export function metricDelta(
  metric: Pick<Metric, 'name' | 'value'>,
  baseline: Baseline | undefined,
): number | undefined {
  if (baseline === undefined || metric.value === null || isNewCodeMetric(metric.name)) return undefined;
  const base = baseline.metrics.get(metric.name);
  if (base === undefined || base.value === null) return undefined;
  return cleanFloat(metric.value - base.value);
}

function isNewCodeMetric(name: string): boolean {
  return name.startsWith('new_');
}
