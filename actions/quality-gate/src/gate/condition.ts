/**
 * A gate condition as the evaluator uses it: the configured condition with its metric name
 * split into metric and scope (`new_line_coverage` is line_coverage on new code), its path
 * resolved against the monorepo packages, and the name it is reported under.
 */
import type { QualityGateSettings } from '../../../../shared/config/types.js';
import {
  parseMetricName,
  scopedMetricName,
  type MetricSource,
  type QualityScope,
} from '../../../../shared/config/quality-metrics.js';
import type { QualityGateName } from '../../../../shared/config/vocabulary.js';
import type { Operator } from '../../../../shared/result/phase-result.js';
import { pathScope, type PathScope } from './path-scope.js';

export interface Condition {
  gate: QualityGateName;
  /** Reported name: `new_line_coverage`, or `new_line_coverage[api]` within a path. */
  name: string;
  /** The built-in metric (`line_coverage`) or the caller metric's name. */
  metric: string;
  scope: QualityScope;
  operator: Operator;
  threshold: number;
  /** `%`, `count`, `ms`...; a caller metric's unit comes with its value. */
  unit: string;
  source: MetricSource;
  path?: PathScope;
  /** Configured waiver: measured and shown, never failing the gate. */
  waiver?: { reason?: string };
}

/** A condition as written, before resolution (the configuration's QualityCondition). */
export type ConditionSpec = QualityGateSettings['byGate'][QualityGateName]['conditions'][number];

export function resolveCondition(
  gate: QualityGateName,
  spec: ConditionSpec,
  packages: Readonly<Record<string, string>> = {},
): Condition {
  const parsed = parseMetricName(spec.metric);
  const scope = spec.scope ?? parsed.impliedScope ?? parsed.definition?.scopes[0] ?? 'overall';
  const reported = parsed.definition === undefined ? spec.metric : scopedMetricName(parsed.metric, scope);
  const condition: Condition = {
    gate,
    name: spec.path === undefined ? reported : `${reported}[${spec.path}]`,
    metric: parsed.metric,
    scope,
    operator: spec.operator,
    threshold: spec.threshold,
    unit: parsed.definition?.unit ?? '',
    source: parsed.definition?.source ?? 'metrics',
  };
  if (spec.path !== undefined) condition.path = pathScope(spec.path, packages);
  if (spec.waive) condition.waiver = spec.waiveReason === undefined ? {} : { reason: spec.waiveReason };
  return condition;
}

/** The conditions of one gate from an environment's quality-gate settings. */
export function conditionsOf(gate: QualityGateName, settings: QualityGateSettings): Condition[] {
  return settings.byGate[gate].conditions.map((spec) => resolveCondition(gate, spec, settings.paths));
}
