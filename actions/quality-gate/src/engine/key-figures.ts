/**
 * The figures every run reports whatever its gate's conditions are: the action's outputs
 * (`line-coverage`, `failing-tests`...) and, where the gate has no condition on them,
 * informational metrics, so that overall coverage still gets its delta against the base branch
 * on a gate that only judges new code.
 *
 * They are measured by the gate's own evaluator on a definition with no thresholds that matter
 * and nothing required, so a figure means exactly what the condition of the same name means.
 */
import type { QualityCondition } from '../../../../shared/config/types.js';
import type { QualityGateName } from '../../../../shared/config/vocabulary.js';
import type { Metric, Tier } from '../../../../shared/result/phase-result.js';
import { metricDelta } from '../baseline/metric-delta.js';
import { resolveCondition } from '../gate/condition.js';
import { evaluateGate, type GateEvaluation } from '../gate/evaluate-gate.js';
import type { GateInputs } from '../gate/gate-inputs.js';
import type { KeyFigures } from './details.js';

const FIGURES: readonly [keyof KeyFigures, string][] = [
  ['lineCoverage', 'line_coverage'],
  ['newLineCoverage', 'new_line_coverage'],
  ['failingTests', 'failing_tests'],
  ['flakyTests', 'flaky_tests'],
  ['newFindings', 'new_findings'],
  ['vulnerabilitiesCritical', 'vulnerabilities_critical'],
  ['vulnerabilitiesHigh', 'vulnerabilities_high'],
];

/** Shown as informational metrics when the gate has no condition of the same name. */
const INFORMATIONAL = new Set([
  'line_coverage',
  'branch_coverage',
  'new_line_coverage',
  'failing_tests',
  'flaky_tests',
]);

export interface MeasuredFigures {
  figures: KeyFigures;
  /** Metrics for figures that are not conditions of the gate. */
  informational: Metric[];
}

export function measureKeyFigures(
  gate: QualityGateName,
  tier: Tier,
  inputs: GateInputs,
  conditionNames: ReadonlySet<string>,
): MeasuredFigures {
  const names = [...new Set([...FIGURES.map(([, name]) => name), ...INFORMATIONAL])];
  const conditions = names.map((metric) => {
    const spec: QualityCondition = { metric, operator: '>=', threshold: 0, waive: false };
    return resolveCondition(gate, spec);
  });
  const evaluation: GateEvaluation = evaluateGate(
    { gate, tier, conditions, requiredReports: [], newCodeMinLines: 0 },
    { ...inputs, unreadable: inputs.unreadable ?? {} },
  );
  const byName = new Map(evaluation.conditions.map((result) => [result.condition.name, result]));
  const figures = Object.fromEntries(
    FIGURES.map(([key, name]) => [key, round(byName.get(name)?.value ?? null)]),
  ) as unknown as KeyFigures;
  const informational: Metric[] = [];
  for (const name of INFORMATIONAL) {
    const result = byName.get(name);
    if (result === undefined || result.value === null || conditionNames.has(name)) continue;
    const metric: Metric = {
      name,
      value: round(result.value) as number,
      unit: result.unit,
      // No threshold: nothing to fail. A count of problems above zero is flagged, not failed.
      verdict: result.unit === 'count' && result.value > 0 ? 'marginal' : 'pass',
      detail: `informational, not a condition of the ${gate} gate: ${result.detail}`.slice(0, 2000),
    };
    const delta = metricDelta(metric, inputs.baseline);
    if (delta !== undefined) metric.delta = delta;
    informational.push(metric);
  }
  return { figures, informational };
}

function round(value: number | null): number | null {
  return value === null ? null : Math.round(value * 100) / 100;
}
