/**
 * The words quality-gate conditions are written in: metric names, scopes, operators and the
 * inputs a gate can require. They live in the configuration kernel because elder.yml names them
 * (the schema's enums, the typo warnings, the tier defaults); the quality-gate action measures
 * them. elder.schema.json spells the same lists; a test keeps the two identical.
 */
import type { Operator } from '../result/phase-result.js';

/** `overall`: the whole code base; `new_code`: what the change adds (see each metric for how). */
export const QUALITY_SCOPES = ['overall', 'new_code'] as const;
export type QualityScope = (typeof QUALITY_SCOPES)[number];

/** The report kinds the quality gate reads (the action's model names the same four). */
export const QUALITY_REPORT_KINDS = ['coverage', 'tests', 'findings', 'vulnerabilities'] as const;
export type QualityReportKind = (typeof QUALITY_REPORT_KINDS)[number];

/**
 * What a gate can require. `metrics` are the measurements a later phase passes in (a canary's
 * error rate, p95 latency): required, a condition on one that was not passed fails.
 */
export const REQUIRED_INPUTS = [...QUALITY_REPORT_KINDS, 'metrics'] as const;
export type RequiredInput = (typeof REQUIRED_INPUTS)[number];

/**
 * In YAML, `>=` starts a block scalar and `!=` a tag, so the symbols must be quoted; the words
 * are offered so nobody has to remember that.
 */
export const OPERATOR_WORDS = { gte: '>=', lte: '<=', eq: '==', ne: '!=', gt: '>', lt: '<' } as const satisfies Record<
  string,
  Operator
>;
export type OperatorWord = keyof typeof OPERATOR_WORDS;
export type ConditionOperator = Operator | OperatorWord;
/**
 * Two-character symbols first: "did you mean" picks the first of equally near candidates, and
 * `=>` is far likelier to mean `>=` than `>`.
 */
export const CONDITION_OPERATORS = [
  '>=',
  '<=',
  '==',
  '!=',
  '>',
  '<',
  ...(Object.keys(OPERATOR_WORDS) as OperatorWord[]),
] as const satisfies readonly ConditionOperator[];

export function operatorSymbol(operator: ConditionOperator): Operator {
  return (OPERATOR_WORDS as Record<string, Operator>)[operator] ?? (operator as Operator);
}

/** Where a metric's data comes from: a report, the change itself, or the caller. */
export type MetricSource = QualityReportKind | 'changes' | 'metrics';

export interface QualityMetricDefinition {
  source: MetricSource;
  unit: string;
  /** The scopes it can be measured on; the first is the default. */
  scopes: readonly QualityScope[];
  /** True when more is better (coverage, pass rate); false for counts of problems and latencies. */
  higherIsBetter: boolean;
  description: string;
}

const BOTH: readonly QualityScope[] = ['overall', 'new_code'];
const OVERALL: readonly QualityScope[] = ['overall'];

function counted(source: MetricSource, description: string, scopes = BOTH): QualityMetricDefinition {
  return { source, unit: 'count', scopes, higherIsBetter: false, description };
}

/**
 * The built-in metrics. On new code, coverage counts the lines the change adds; findings are
 * those on changed lines or not in the base branch's result; tests and vulnerabilities are those
 * not failing (not present) in the base branch's result. Metrics from `metrics` are supplied
 * by the caller; any other lower-case name is accepted as a caller metric too.
 */
export const QUALITY_METRICS = {
  line_coverage: {
    source: 'coverage',
    unit: '%',
    scopes: BOTH,
    higherIsBetter: true,
    description: 'covered executable lines / executable lines',
  },
  branch_coverage: {
    source: 'coverage',
    unit: '%',
    scopes: BOTH,
    higherIsBetter: true,
    description: 'covered branches / branches',
  },
  new_lines: {
    source: 'changes',
    unit: 'count',
    scopes: ['new_code'],
    higherIsBetter: false,
    description: 'lines the change adds',
  },
  findings: counted('findings', 'static analysis findings of any severity'),
  findings_critical: counted('findings', 'critical findings'),
  findings_high: counted('findings', 'high findings'),
  findings_medium: counted('findings', 'medium findings'),
  findings_low: counted('findings', 'low findings'),
  failing_tests: counted('tests', 'tests that failed or errored (flaky tests are counted apart)'),
  test_pass_rate: {
    source: 'tests',
    unit: '%',
    scopes: OVERALL,
    higherIsBetter: true,
    description: 'passed / executed tests; a flaky test is not a pass',
  },
  flaky_tests: counted('tests', 'tests that failed and then passed on a retry of the same commit', OVERALL),
  skipped_tests: counted('tests', 'skipped tests', OVERALL),
  vulnerabilities: counted('vulnerabilities', 'vulnerable dependencies of any severity'),
  vulnerabilities_critical: counted('vulnerabilities', 'critical vulnerabilities'),
  vulnerabilities_high: counted('vulnerabilities', 'high vulnerabilities'),
  vulnerabilities_medium: counted('vulnerabilities', 'medium vulnerabilities'),
  vulnerabilities_low: counted('vulnerabilities', 'low vulnerabilities'),
  error_rate: {
    source: 'metrics',
    unit: '%',
    scopes: OVERALL,
    higherIsBetter: false,
    description: 'failed requests / requests, supplied by the caller',
  },
  p95_latency_ms: {
    source: 'metrics',
    unit: 'ms',
    scopes: OVERALL,
    higherIsBetter: false,
    description: '95th-percentile response time, supplied by the caller',
  },
  p99_latency_ms: {
    source: 'metrics',
    unit: 'ms',
    scopes: OVERALL,
    higherIsBetter: false,
    description: '99th-percentile response time, supplied by the caller',
  },
  availability: {
    source: 'metrics',
    unit: '%',
    scopes: OVERALL,
    higherIsBetter: true,
    description: 'successful / all probes or requests, supplied by the caller',
  },
  throughput_rps: {
    source: 'metrics',
    unit: 'req/s',
    scopes: OVERALL,
    higherIsBetter: true,
    description: 'requests per second, supplied by the caller',
  },
  cpu_percent: {
    source: 'metrics',
    unit: '%',
    scopes: OVERALL,
    higherIsBetter: false,
    description: 'CPU utilisation, supplied by the caller',
  },
  memory_percent: {
    source: 'metrics',
    unit: '%',
    scopes: OVERALL,
    higherIsBetter: false,
    description: 'memory utilisation, supplied by the caller',
  },
} as const satisfies Record<string, QualityMetricDefinition>;
export type BuiltInMetric = keyof typeof QUALITY_METRICS;

/** Caller metric names follow the same rule as built-in ones. */
export const METRIC_NAME_PATTERN = '^[a-z][a-z0-9_]*$';

const NEW_PREFIX = 'new_';

export interface ParsedMetricName {
  /** The built-in metric, or the name itself for a caller metric. */
  metric: string;
  /** The scope the name itself implies (`new_line_coverage`), if any. */
  impliedScope?: QualityScope;
  definition?: QualityMetricDefinition;
}

/**
 * `new_line_coverage` is `line_coverage` on new code; every built-in metric that can be measured
 * on new code can be written either way. Anything else is a caller metric.
 */
export function parseMetricName(name: string): ParsedMetricName {
  const own = builtInMetric(name);
  if (own !== undefined) {
    const definition = QUALITY_METRICS[own];
    const implied = definition.scopes.length === 1 ? definition.scopes[0] : undefined;
    return implied === undefined ? { metric: own, definition } : { metric: own, impliedScope: implied, definition };
  }
  if (name.startsWith(NEW_PREFIX)) {
    const base = builtInMetric(name.slice(NEW_PREFIX.length));
    if (base !== undefined && (QUALITY_METRICS[base].scopes as readonly string[]).includes('new_code')) {
      return { metric: base, impliedScope: 'new_code', definition: QUALITY_METRICS[base] };
    }
  }
  return { metric: name };
}

/** The name a metric is reported under: `line_coverage` on new code is `new_line_coverage`. */
export function scopedMetricName(metric: string, scope: QualityScope): string {
  return scope === 'new_code' && !metric.startsWith(NEW_PREFIX) ? `${NEW_PREFIX}${metric}` : metric;
}

/** Every name a condition may use for a built-in metric, both spellings included. */
export function builtInMetricNames(): string[] {
  const names: string[] = [];
  for (const [name, definition] of Object.entries(QUALITY_METRICS) as [BuiltInMetric, QualityMetricDefinition][]) {
    names.push(name);
    if (definition.scopes.includes('new_code') && !name.startsWith(NEW_PREFIX)) names.push(`${NEW_PREFIX}${name}`);
  }
  return names;
}

function builtInMetric(name: string): BuiltInMetric | undefined {
  return Object.prototype.hasOwnProperty.call(QUALITY_METRICS, name) ? (name as BuiltInMetric) : undefined;
}
