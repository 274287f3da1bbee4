/**
 * The conditions each quality gate applies when elder.yml does not list its own, per tier.
 *
 * pre_deployment follows "clean as you code" (SonarQube's Sonar way): judge what the change
 * adds, so a legacy code base can adopt the gate without first paying off its past. Production-
 * grade tiers (pre_production rehearses production, disaster_recovery becomes it) get the
 * specification's bar: no new finding, new-code line coverage >= 80 %, no new failing test, a
 * 100 % pass rate (so a flaky test blocks), 0 critical and 0 high vulnerabilities, and every
 * report required, because a condition on a report nobody produced would otherwise pass silently.
 * Staging keeps the new-code bar but tolerates flaky tests and high vulnerabilities (reported,
 * not blocking) and needs only coverage and tests. Development blocks only what is plainly
 * broken: a failing test and critical vulnerabilities.
 *
 * deployment, post_deployment and runtime judge measurements that later phases pass in, with
 * thresholds taken from the environment's own objectives rather than invented here: the error
 * rate may not exceed the availability target's error budget (100 - 99.99 = 0.01 %, the
 * specification's figure for production), latency percentiles not the monitoring objectives,
 * utilisation not the autoscaler's targets.
 *
 * Written in the YAML's shape so defaults and what users write go through one conversion; a
 * list written in elder.yml replaces the default list (as every list in the file does).
 */
import { cleanFloat } from './float.js';
import type { RequiredInput } from './quality-metrics.js';
import type { RawCondition, RawGateSettings } from './raw-config.js';
import type { QualityGateName, Tier } from './vocabulary.js';

/** SonarQube ignores coverage conditions on new code while fewer than 20 lines are new. */
export const DEFAULT_NEW_CODE_MIN_LINES = 20;

/** The environment values the runtime thresholds derive from. */
export interface GateDefaultsContext {
  availabilityPercent: number;
  latencyP95Ms: number;
  latencyP99Ms: number;
  targetCpuPercent: number;
  targetMemoryPercent: number;
}

type Strictness = 'production_grade' | 'staging' | 'development';

const STRICTNESS: Readonly<Record<Tier, Strictness>> = {
  development: 'development',
  staging: 'staging',
  pre_production: 'production_grade',
  production: 'production_grade',
  disaster_recovery: 'production_grade',
};

function condition(metric: string, operator: RawCondition['operator'], threshold: number): RawCondition {
  return { metric, operator, threshold };
}

const PRE_DEPLOYMENT: Readonly<Record<Strictness, RawGateSettings>> = {
  production_grade: {
    conditions: [
      condition('new_findings', '==', 0),
      condition('new_line_coverage', '>=', 80),
      condition('new_failing_tests', '==', 0),
      condition('test_pass_rate', '==', 100),
      condition('vulnerabilities_critical', '==', 0),
      condition('vulnerabilities_high', '==', 0),
    ],
    required_reports: ['coverage', 'tests', 'findings', 'vulnerabilities'],
  },
  staging: {
    conditions: [
      condition('new_findings', '==', 0),
      condition('new_line_coverage', '>=', 80),
      condition('failing_tests', '==', 0),
      condition('vulnerabilities_critical', '==', 0),
    ],
    required_reports: ['coverage', 'tests'],
  },
  development: {
    conditions: [condition('new_failing_tests', '==', 0), condition('vulnerabilities_critical', '==', 0)],
    required_reports: ['tests'],
  },
};

/** Development does not stop a rollout for a measurement nobody wired up; the others do. */
function measuredInputs(strictness: Strictness): RequiredInput[] {
  return strictness === 'development' ? [] : ['metrics'];
}

/** The built-in settings of one gate for one tier, in the YAML's shape. */
export function defaultGateSettings(tier: Tier, gate: QualityGateName, context: GateDefaultsContext): RawGateSettings {
  const strictness = STRICTNESS[tier];
  if (gate === 'pre_deployment') return structuredClone(PRE_DEPLOYMENT[strictness]);
  const errorBudgetPercent = cleanFloat(100 - context.availabilityPercent);
  const errorRate = condition('error_rate', '<=', errorBudgetPercent);
  const p95 = condition('p95_latency_ms', '<=', context.latencyP95Ms);
  const required_reports = measuredInputs(strictness);
  switch (gate) {
    case 'deployment':
      return { conditions: [errorRate, p95], required_reports };
    case 'post_deployment':
      return {
        conditions: [errorRate, p95, condition('p99_latency_ms', '<=', context.latencyP99Ms)],
        required_reports,
      };
    case 'runtime':
      return {
        conditions: [
          condition('availability', '>=', context.availabilityPercent),
          errorRate,
          p95,
          condition('cpu_percent', '<=', context.targetCpuPercent),
          condition('memory_percent', '<=', context.targetMemoryPercent),
        ],
        required_reports,
      };
  }
}
