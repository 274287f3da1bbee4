/**
 * The two metrics that need no report: measurements a caller passes in (a canary's error rate),
 * and the number of lines the change adds.
 */
import { countNewLines, type ChangeSet } from '../diff/changed-lines.js';
import type { Condition } from './condition.js';
import type { SuppliedMetric } from './gate-inputs.js';
import { count, noData, notApplicable, type Measurement } from './measurement.js';

export function measureSupplied(condition: Condition, supplied: SuppliedMetric | undefined): Measurement {
  if (supplied === undefined) return noData(`no value for ${condition.metric} was passed in`);
  if (supplied.value === null || !Number.isFinite(supplied.value)) {
    return noData(supplied.detail ?? `${condition.metric} was passed in without a value`);
  }
  return { value: supplied.value, detail: supplied.detail ?? 'as passed in' };
}

export function measureNewLines(condition: Condition, changes: ChangeSet | undefined): Measurement {
  if (changes === undefined) return notApplicable('the change is unknown (no diff)');
  const inPath = condition.path?.matches ?? (() => true);
  const scoped = new Map([...changes.files].filter(([path]) => inPath(path)));
  const counted = countNewLines({ ...changes, files: scoped });
  const within = condition.path === undefined ? '' : ` under ${condition.path.pattern}`;
  const bound = counted.exact ? '' : ' at least (some files have unknown changed lines)';
  return count(counted.count, `${counted.count} lines added${within}${bound}`);
}
