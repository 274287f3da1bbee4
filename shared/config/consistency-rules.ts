/**
 * Rules that relate several values, which JSON Schema cannot express: deploy steps that climb
 * to 100 %, a scaling range that is not upside down, latency objectives in order, a readiness
 * score that weighs something. They hold for every tier (tier-specific rules live in
 * tier-policy.ts) and, like those, read values defensively because they also run on files that
 * failed the schema, so that one pass reports every problem.
 */
import type { ConfigProblem } from './config-error.js';
import { isRecord, type ConfigPath } from './config-path.js';
import type { EnvironmentView } from './environment-view.js';

const STEPS: ConfigPath = ['phases', 'deploy', 'steps'];

/** Rules about the file's `defaults:` section itself. */
export function checkDefaultsSection(defaults: unknown): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  if (isRecord(defaults) && 'tier' in defaults) {
    problems.push({
      path: ['defaults', 'tier'],
      at: 'key',
      message: "'tier' cannot be set in defaults: each environment states its own tier, which decides its policies",
    });
  }
  if (isRecord(defaults)) problems.push(...checkSteps(valueAtSteps(defaults), ['defaults', ...STEPS]));
  return problems;
}

/** Rules about one environment's effective settings. */
export function checkConsistency(view: EnvironmentView): ConfigProblem[] {
  const problems: ConfigProblem[] = [];

  // Steps written in `defaults:` are checked once, by checkDefaultsSection.
  const steps = view.find(STEPS);
  if (steps?.path && steps.path[0] === 'environments') problems.push(...checkSteps(steps.value, steps.path));

  const min = view.find(['scaling', 'min_instances']);
  const max = view.find(['scaling', 'max_instances']);
  if (typeof min?.value === 'number' && typeof max?.value === 'number' && min.value > max.value) {
    // Point at the value the user wrote; if both were written, at the minimum.
    const blamed = min.path ? min : max.path ? max : min;
    problems.push({
      path: blamed.path ?? view.pathOf(['scaling']),
      at: 'value',
      message:
        `${view.describe()}: scaling.min_instances ${min.value}${min.path ? '' : ` (${min.label})`} exceeds ` +
        `scaling.max_instances ${max.value}${max.path ? '' : ` (${max.label})`}`,
    });
  }

  const p95 = view.find(['monitoring', 'latency_p95_ms']);
  const p99 = view.find(['monitoring', 'latency_p99_ms']);
  if (typeof p95?.value === 'number' && typeof p99?.value === 'number' && p99.value < p95.value) {
    const blamed = p99.path ? p99 : p95;
    problems.push({
      path: blamed.path ?? view.pathOf(['monitoring']),
      at: 'value',
      message:
        `${view.describe()}: monitoring.latency_p99_ms ${p99.value}${p99.path ? '' : ` (${p99.label})`} is below ` +
        `latency_p95_ms ${p95.value}${p95.path ? '' : ` (${p95.label})`}; the 99th percentile cannot be faster than the 95th`,
    });
  }

  // Weights merge key by key across layers, so judge the merged map.
  const weights = view.find(['phases', 'report', 'weights']);
  const effective = view.merged(['phases', 'report', 'weights']);
  if (weights?.path && isRecord(effective)) {
    const values = Object.values(effective);
    if (values.every((v) => typeof v === 'number') && values.every((v) => v === 0)) {
      problems.push({
        path: weights.path,
        at: 'key',
        message: `${view.describe()}: every phase has report weight 0, so the readiness score would weigh nothing`,
      });
    }
  }
  return problems;
}

function valueAtSteps(section: Record<string, unknown>): unknown {
  const phases = section['phases'];
  const deploy = isRecord(phases) ? phases['deploy'] : undefined;
  return isRecord(deploy) ? deploy['steps'] : undefined;
}

/** Steps must climb strictly and end with all traffic moved. */
function checkSteps(steps: unknown, path: ConfigPath): ConfigProblem[] {
  // Items the schema rejects (not whole numbers from 1 to 100) are its to report, not ours.
  const valid = (s: unknown): boolean => typeof s === 'number' && Number.isInteger(s) && s >= 1 && s <= 100;
  if (!Array.isArray(steps) || steps.length === 0 || !steps.every(valid)) return [];
  const numbers = steps as number[];
  for (let i = 1; i < numbers.length; i++) {
    if ((numbers[i] as number) <= (numbers[i - 1] as number)) {
      return [
        {
          path: [...path, i],
          at: 'value',
          message: `deploy steps must increase: ${numbers[i]} follows ${numbers[i - 1]}`,
        },
      ];
    }
  }
  const last = numbers[numbers.length - 1] as number;
  if (last !== 100) {
    return [
      {
        path: [...path, numbers.length - 1],
        at: 'value',
        message: `the last deploy step must be 100 (all traffic on the new version); got ${last}`,
      },
    ];
  }
  return [];
}
