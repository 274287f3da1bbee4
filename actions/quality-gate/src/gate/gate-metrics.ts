/**
 * A gate's conditions as PhaseResult metrics: value, threshold, verdict, delta and a sentence.
 * A condition waived for a small change was not applied, so its verdict is not_assessed (its
 * value is still shown); a condition waived by configuration keeps its true verdict, with the
 * waiver in its detail, so a waiver never looks like a pass.
 */
import type { Metric } from '../../../../shared/result/phase-result.js';
import type { GateEvaluation } from './evaluate-gate.js';

/** The PhaseResult schema's limits. */
const MAX_DETAIL = 2000;
const MAX_UNIT = 20;

export function gateMetrics(evaluation: GateEvaluation): Metric[] {
  return evaluation.conditions.map((result) => {
    const metric: Metric = {
      name: result.condition.name,
      value: result.value,
      unit: result.unit.slice(0, MAX_UNIT),
      threshold: { operator: result.condition.operator, value: result.condition.threshold },
      verdict: result.waived?.kind === 'small_change' ? 'not_assessed' : result.verdict,
      detail: result.detail.length > MAX_DETAIL ? `${result.detail.slice(0, MAX_DETAIL - 3)}...` : result.detail,
    };
    if (result.delta !== undefined) metric.delta = result.delta;
    return metric;
  });
}
