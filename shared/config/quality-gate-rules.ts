/**
 * Checks on quality-gate conditions that the schema cannot express: a scope that contradicts
 * the metric's name, a percentage written as a fraction, a near miss of a built-in metric or
 * package name (which would otherwise quietly become a caller metric or a directory that matches
 * nothing), a waiver without a reason, settings for a gate that is not enforced.
 *
 * Only conditions written in the file are checked (built-in defaults are tested instead). Like
 * the other rules, values are read defensively: the schema reports wrong types.
 */
import type { ConfigProblem } from './config-error.js';
import { isRecord, type ConfigPath } from './config-path.js';
import type { EnvironmentView } from './environment-view.js';
import { builtInMetricNames, parseMetricName, QUALITY_SCOPES } from './quality-metrics.js';
import { didYouMean, nearest } from './suggest.js';
import type { PolicyOutcome, TierPolicy } from './tier-policy.js';
import { QUALITY_GATES, type QualityGateName } from './vocabulary.js';

const GATE_SECTION: ConfigPath = ['phases', 'quality_gate'];

/** `policy` is the environment's tier policy, undefined when the tier itself is invalid. */
export function checkQualityGateConditions(
  view: EnvironmentView,
  policy: TierPolicy | undefined,
  outcome: PolicyOutcome,
): void {
  const packages = view.merged([...GATE_SECTION, 'paths']);
  const packageNames = isRecord(packages) ? Object.keys(packages) : [];
  for (const gate of QUALITY_GATES) {
    checkGateEnforced(view, gate, outcome);
    const found = view.find([...GATE_SECTION, gate, 'conditions']);
    if (found?.path === undefined || !Array.isArray(found.value)) continue;
    found.value.forEach((item, index) => {
      if (!isRecord(item)) return;
      const at = [...(found.path as ConfigPath), index];
      const context = { view, gate, at, condition: item, outcome };
      checkMetric(context);
      checkScope(context);
      checkThreshold(context);
      checkPath(context, packageNames);
      if (policy !== undefined) checkConditionWaiver(context, policy);
    });
  }
}

interface ConditionContext {
  view: EnvironmentView;
  gate: QualityGateName;
  /** Where the condition is in the file. */
  at: ConfigPath;
  condition: Record<string, unknown>;
  outcome: PolicyOutcome;
}

function metricOf(condition: Record<string, unknown>): string | undefined {
  const metric = condition['metric'];
  return typeof metric === 'string' && /^[a-z][a-z0-9_]*$/.test(metric) ? metric : undefined;
}

/** `new_line_coverag` would be a caller metric nobody supplies: say so while it is a typo. */
function checkMetric({ view, at, condition, outcome }: ConditionContext): void {
  const metric = metricOf(condition);
  if (metric === undefined || parseMetricName(metric).definition !== undefined) return;
  const suggestion = nearest(metric, builtInMetricNames());
  if (suggestion === undefined) return;
  outcome.warnings.push({
    path: [...at, 'metric'],
    at: 'value',
    message: `${view.describe()}: metric '${metric}' is not built in, so the gate expects the caller to supply it (did you mean '${suggestion}'?)`,
  });
}

function checkScope({ view, at, condition, outcome }: ConditionContext): void {
  const metric = metricOf(condition);
  const scope = condition['scope'];
  if (metric === undefined || typeof scope !== 'string' || !(QUALITY_SCOPES as readonly string[]).includes(scope)) {
    return;
  }
  const parsed = parseMetricName(metric);
  let problem: string | undefined;
  if (parsed.definition === undefined || parsed.definition.source === 'metrics') {
    if (scope === 'new_code')
      problem = `'${metric}' is supplied by the caller and measured as given; scope new_code does not apply`;
  } else if (parsed.impliedScope !== undefined && parsed.impliedScope !== scope) {
    problem =
      parsed.impliedScope === 'new_code' && parsed.definition.scopes.includes('overall')
        ? `'${metric}' is measured on new code; write ${parsed.metric} for the overall measure`
        : `'${metric}' is measured on ${parsed.impliedScope === 'new_code' ? 'new code' : 'the whole code base'} only; leave scope out`;
  } else if (!parsed.definition.scopes.includes(scope as 'overall' | 'new_code')) {
    problem = `'${metric}' has no ${scope === 'new_code' ? 'new-code' : 'overall'} measure; leave scope out`;
  }
  if (problem !== undefined) {
    outcome.errors.push({ path: [...at, 'scope'], at: 'value', message: `${view.describe()}: ${problem}` });
  }
}

/**
 * `new_line_coverage >= 0.8` passes with 1 % coverage: almost certainly meant 80. Only for
 * percentages where more is better: `error_rate <= 0.05` is a real objective.
 */
function checkThreshold({ view, at, condition, outcome }: ConditionContext): void {
  const metric = metricOf(condition);
  const threshold = condition['threshold'];
  if (metric === undefined || typeof threshold !== 'number') return;
  const definition = parseMetricName(metric).definition;
  if (definition?.unit !== '%' || !definition.higherIsBetter || !(threshold > 0 && threshold < 1)) return;
  outcome.warnings.push({
    path: [...at, 'threshold'],
    at: 'value',
    message: `${view.describe()}: threshold ${threshold} for ${metric} reads as ${threshold} %; percentages are written as percentages (did you mean ${Number((threshold * 100).toPrecision(12))}?)`,
  });
}

/** A bare word that is not a package is read as a directory; a near miss of a package is a typo. */
function checkPath({ view, at, condition, outcome }: ConditionContext, packageNames: string[]): void {
  const path = condition['path'];
  if (typeof path !== 'string' || /[/*?]/.test(path) || packageNames.includes(path)) return;
  if (nearest(path, packageNames) === undefined) return;
  outcome.warnings.push({
    path: [...at, 'path'],
    at: 'value',
    message: `${view.describe()}: path '${path}' is not a package in quality_gate.paths, so it is read as a directory${didYouMean(path, packageNames)}`,
  });
}

function describeCondition(gate: QualityGateName, condition: Record<string, unknown>): string {
  const parts = [condition['metric'], condition['operator'], condition['threshold']].filter((p) => p !== undefined);
  return `condition ${parts.map(String).join(' ')} of gate ${gate}`;
}

/** The specification: a production tier's quality gates cannot be waived silently. */
function checkConditionWaiver({ view, gate, at, condition, outcome }: ConditionContext, policy: TierPolicy): void {
  if (condition['waive'] !== true) return;
  const reason = condition['waive_reason'];
  if (reason !== undefined && typeof reason !== 'string') return; // the schema reports the type
  const what = describeCondition(gate, condition);
  if (typeof reason !== 'string' || reason.trim() === '') {
    const problem: ConfigProblem = {
      path: [...at, 'waive'],
      at: 'value',
      message: `${view.describe()} waives ${what} without waive_reason; say why, so the waiver is never silent`,
    };
    (policy.unexplainedWaiver === 'error' ? outcome.errors : outcome.warnings).push(problem);
  } else if (policy.announceWaiver) {
    outcome.warnings.push({
      path: [...at, 'waive'],
      at: 'value',
      message: `${view.describe()} waives ${what}: ${reason.trim()}`,
    });
  }
}

/** Settings for a gate that `gates` leaves out would never be applied. */
function checkGateEnforced(view: EnvironmentView, gate: QualityGateName, outcome: PolicyOutcome): void {
  const section = view.find([...GATE_SECTION, gate]);
  const gates = view.value([...GATE_SECTION, 'gates']);
  if (section?.path === undefined || !Array.isArray(gates) || gates.includes(gate)) return;
  outcome.warnings.push({
    path: section.path,
    at: 'key',
    message: `${view.describe()}: quality_gate.${gate} is configured but '${gate}' is not in quality_gate.gates, so it is not enforced`,
  });
}
