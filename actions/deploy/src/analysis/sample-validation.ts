/**
 * What makes a RoleSample unusable, in words. Metrics sources can hand us NaN (Prometheus
 * returns it for 0/0 rates), negative or fractional counts after a counter reset, or errors
 * exceeding requests when two series were scraped at different moments. None of that may turn
 * into a verdict other than `inconclusive`.
 */
import type { RoleSample } from '../metrics/role-sample.js';

export function sampleProblem(
  sample: RoleSample | undefined,
  role: string,
  part: 'counts' | 'latencies',
): string | undefined {
  if (!sample || typeof sample !== 'object') return `no ${role} sample`;
  if (part === 'counts') {
    const { requests, errors } = sample;
    if (!Number.isFinite(requests) || !Number.isFinite(errors))
      return `${role} counts are not numbers (requests ${requests}, errors ${errors})`;
    if (requests < 0 || errors < 0) return `${role} counts are negative (requests ${requests}, errors ${errors})`;
    if (errors > requests) return `${role} has more errors (${errors}) than requests (${requests})`;
    return undefined;
  }
  if (!Array.isArray(sample.latenciesMs)) return `${role} has no latency list`;
  let bad = 0;
  for (const value of sample.latenciesMs) if (!(Number.isFinite(value) && value >= 0)) bad++;
  if (bad > 0) return `${role} has ${bad} latency values that are NaN, infinite or negative`;
  return undefined;
}
