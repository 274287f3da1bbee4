/**
 * The `metrics` input: measurements a later phase passes in for the deployment, post-deployment
 * and runtime gates, one `name=value` per line (or comma-separated), e.g.
 *
 *     error_rate=0.004
 *     p95_latency_ms=87
 *
 * A value may carry its unit after a space (`p95_latency_ms=87 ms`); `null` (or nothing after
 * `=`) records a measurement that was attempted and failed, which a gate requiring metrics treats
 * as missing, never as a pass.
 */
import { METRIC_NAME_PATTERN } from '../../../../shared/config/quality-metrics.js';
import { UserError } from '../../../../shared/runtime/errors.js';
import type { SuppliedMetric } from '../gate/gate-inputs.js';

const NAME = new RegExp(METRIC_NAME_PATTERN);
const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
const MAX_METRICS = 1000;

export function parseMetricsInput(text: string, where = "input 'metrics'"): Record<string, SuppliedMetric> {
  const metrics: Record<string, SuppliedMetric> = {};
  const entries = text
    .split(/[\n,]/)
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '' && !entry.startsWith('#'));
  if (entries.length > MAX_METRICS) throw new UserError(`more than ${MAX_METRICS} metrics`, where);
  for (const entry of entries) {
    const eq = entry.indexOf('=');
    if (eq <= 0) throw new UserError(`expected name=value, got '${clip(entry)}'`, where);
    const name = entry.slice(0, eq).trim();
    if (!NAME.test(name) || name.length > 200) {
      throw new UserError(`'${clip(name)}' is not a metric name (lower case, digits and _)`, where);
    }
    if (Object.prototype.hasOwnProperty.call(metrics, name)) throw new UserError(`'${name}' is given twice`, where);
    const [rawValue = '', ...unitParts] = entry
      .slice(eq + 1)
      .trim()
      .split(/\s+/);
    const unit = unitParts.join(' ');
    if (rawValue === '' || rawValue === 'null') {
      metrics[name] = { value: null, detail: `${name} was passed in without a value (the measurement failed)` };
      continue;
    }
    if (!NUMBER.test(rawValue) || !Number.isFinite(Number(rawValue))) {
      throw new UserError(`the value of ${name} must be a number, got '${clip(rawValue)}'`, where);
    }
    const metric: SuppliedMetric = { value: Number(rawValue), detail: 'as passed in (input metrics)' };
    if (unit !== '') metric.unit = unit.slice(0, 20);
    metrics[name] = metric;
  }
  return metrics;
}

function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
