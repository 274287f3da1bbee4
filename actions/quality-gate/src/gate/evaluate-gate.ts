/**
 * Judges one gate: measures every condition, applies the thresholds and the waivers, and
 * decides the gate.
 *
 * The rules, in order of precedence:
 * 1. Fail closed. A required report that is missing or unreadable fails the gate, and so does a
 *    condition whose required input has no data (no test ran, no file under its path, a
 *    measurement not passed in): "no data" is never a pass.
 * 2. A condition fails when `value operator threshold` does not hold, and its failure fails the
 *    gate unless it is waived.
 * 3. Waivers are always shown. Coverage conditions on new code are waived while the change adds
 *    fewer than new_code_min_lines lines ("waived: only N new lines"), as SonarQube does, but
 *    only when that count is exact (a file with unknown changed lines could hide more). A
 *    configured waiver keeps the condition's true verdict and reason in the result. The
 *    phase-wide quality_gate.waive turns a failed gate into a neutral one, never a pass.
 * 4. Without data a condition is not assessed; a gate with nothing assessed is not assessed.
 *
 * Score: the share of assessed conditions that pass, each weighing the same (a condition waived
 * for a small change is not assessed; a configured waiver counts with its true verdict, since a
 * waiver changes the decision, not the measurement). A gate that fails closed scores 0: its
 * evidence is missing, and a partial score would read as "mostly fine". A passing gate whose
 * conditions were all waived for a small change scores 1.
 */
import type { EnvironmentConfig } from '../../../../shared/config/types.js';
import {
  QUALITY_REPORT_KINDS,
  type QualityReportKind,
  type RequiredInput,
} from '../../../../shared/config/quality-metrics.js';
import type { QualityGateName } from '../../../../shared/config/vocabulary.js';
import type { Status, Tier } from '../../../../shared/result/phase-result.js';
import { formatNumber } from '../../../../shared/render/format.js';
import { metricDelta } from '../baseline/metric-delta.js';
import { countNewLines, type NewLineCount } from '../diff/changed-lines.js';
import { satisfies } from './compare.js';
import { conditionsOf, type Condition } from './condition.js';
import type { TestClassification } from '../flaky/test-classifier.js';
import type { CoverageView, GateInputs } from './gate-inputs.js';
import { measureCoverage } from './measure-coverage.js';
import { measureFindings } from './measure-findings.js';
import { measureNewLines, measureSupplied } from './measure-other.js';
import { measureTests } from './measure-tests.js';
import { measureVulnerabilities } from './measure-vulnerabilities.js';
import { noData, type Measurement } from './measurement.js';

export interface GateDefinition {
  gate: QualityGateName;
  tier: Tier;
  conditions: readonly Condition[];
  requiredReports: readonly RequiredInput[];
  /** Coverage conditions on new code are waived while fewer lines than this are new. */
  newCodeMinLines: number;
  /** quality_gate.waive: a failed gate is reported, and does not fail the phase. */
  waiver?: { reason?: string };
}

export type ConditionVerdict = 'pass' | 'fail' | 'not_assessed';

export interface ConditionResult {
  condition: Condition;
  value: number | null;
  unit: string;
  verdict: ConditionVerdict;
  /** How it was measured, why it has no value, or why it failed closed; waivers included. */
  detail: string;
  /** Failed because a required input had no data. */
  failedClosed: boolean;
  waived?: { kind: 'small_change' | 'configured'; reason: string };
  /** True when this condition's failure fails the gate. */
  blocking: boolean;
  /** Value minus the base branch's value (overall metrics only). */
  delta?: number;
  part?: number;
  whole?: number;
}

export type GateOutcome = 'passed' | 'failed' | 'waived' | 'not_assessed';

export interface GateEvaluation {
  gate: QualityGateName;
  tier: Tier;
  outcome: GateOutcome;
  /** For the PhaseResult: success, failure, neutral (failed but waived), not_assessed. */
  status: Status;
  /** 0..1, null when nothing was assessed. */
  score: number | null;
  conditions: ConditionResult[];
  /** Required reports that were missing or unreadable, with why. */
  missingReports: { kind: QualityReportKind; reason: string }[];
  failedClosed: boolean;
  /** Lines the change adds, when the change is known. */
  newLines?: NewLineCount;
  /** One line of plain text. */
  summary: string;
  notes: string[];
  /** Every waiver in force, as sentences. */
  waivers: string[];
}

/** A gate of an environment as its configuration defines it. */
export function gateDefinition(gate: QualityGateName, environment: EnvironmentConfig): GateDefinition {
  const settings = environment.phases.qualityGate;
  const definition: GateDefinition = {
    gate,
    tier: environment.tier,
    conditions: conditionsOf(gate, settings),
    requiredReports: settings.byGate[gate].requiredReports,
    newCodeMinLines: settings.newCodeMinLines,
  };
  if (settings.waive) definition.waiver = settings.waiveReason === undefined ? {} : { reason: settings.waiveReason };
  return definition;
}

export function evaluateGate(definition: GateDefinition, inputs: GateInputs): GateEvaluation {
  const newLines = inputs.changes === undefined ? undefined : countNewLines(inputs.changes);
  const missingReports = QUALITY_REPORT_KINDS.filter((kind) => definition.requiredReports.includes(kind))
    .map((kind) => ({ kind, reason: absence(kind, inputs) }))
    .filter((missing): missing is { kind: QualityReportKind; reason: string } => missing.reason !== undefined);
  const conditions = definition.conditions.map((condition) => judge(condition, definition, inputs, newLines));
  const failedClosed = missingReports.length > 0 || conditions.some((result) => result.failedClosed);
  const blocking = conditions.filter((result) => result.blocking);

  const assessed = conditions.filter((r) => r.verdict !== 'not_assessed' && r.waived?.kind !== 'small_change');
  let outcome: GateOutcome;
  if (failedClosed || blocking.length > 0) outcome = definition.waiver !== undefined ? 'waived' : 'failed';
  else if (assessed.length > 0) outcome = 'passed';
  else if (conditions.length > 0 && conditions.every((r) => r.waived?.kind === 'small_change')) outcome = 'passed';
  else outcome = 'not_assessed';

  let score: number | null;
  if (failedClosed) score = 0;
  else if (assessed.length === 0) score = outcome === 'passed' ? 1 : null;
  else score = Math.round((assessed.filter((r) => r.verdict === 'pass').length / assessed.length) * 10_000) / 10_000;

  const evaluation: GateEvaluation = {
    gate: definition.gate,
    tier: definition.tier,
    outcome,
    status: STATUS_OF[outcome],
    score,
    conditions,
    missingReports,
    failedClosed,
    summary: '',
    notes: notesFor(definition, inputs, conditions),
    waivers: waiversOf(definition, conditions),
  };
  if (newLines !== undefined) evaluation.newLines = newLines;
  evaluation.summary = summarize(evaluation, definition);
  return evaluation;
}

const STATUS_OF: Readonly<Record<GateOutcome, Status>> = {
  passed: 'success',
  failed: 'failure',
  waived: 'neutral',
  not_assessed: 'not_assessed',
};

/** Why a report counts as absent, or undefined when it is there. */
function absence(kind: QualityReportKind, inputs: GateInputs): string | undefined {
  const unreadable = inputs.unreadable?.[kind];
  if (unreadable !== undefined) return `the ${kind} report could not be read: ${unreadable}`;
  return inputs[kind] === undefined ? `no ${kind} report was found` : undefined;
}

function measure(condition: Condition, inputs: GateInputs): Measurement {
  const source = condition.source;
  if (source === 'metrics') return measureSupplied(condition, inputs.metrics?.[condition.metric]);
  if (source === 'changes') return measureNewLines(condition, inputs.changes);
  const missing = absence(source, inputs);
  if (missing !== undefined) return noData(missing);
  // absence() returned undefined, so the report of `source` is present.
  switch (source) {
    case 'coverage':
      return measureCoverage(condition, inputs.coverage as CoverageView, inputs.changes);
    case 'tests':
      return measureTests(condition, inputs.tests as TestClassification, inputs.baseline);
    case 'findings':
      return measureFindings(condition, inputs.findings ?? [], inputs.changes, inputs.baseline);
    case 'vulnerabilities':
      return measureVulnerabilities(condition, inputs.vulnerabilities ?? [], inputs.baseline);
  }
}

function isRequired(condition: Condition, definition: GateDefinition): boolean {
  return condition.source !== 'changes' && definition.requiredReports.includes(condition.source);
}

function judge(
  condition: Condition,
  definition: GateDefinition,
  inputs: GateInputs,
  newLines: NewLineCount | undefined,
): ConditionResult {
  const measured = measure(condition, inputs);
  const unit = condition.unit !== '' ? condition.unit : (inputs.metrics?.[condition.metric]?.unit ?? '');
  const result: ConditionResult = {
    condition,
    value: measured.value,
    unit,
    verdict: 'not_assessed',
    detail: measured.detail,
    failedClosed: false,
    blocking: false,
  };
  if (measured.part !== undefined) result.part = measured.part;
  if (measured.whole !== undefined) result.whole = measured.whole;
  if (measured.value !== null) {
    result.verdict = satisfies(measured.value, condition.operator, condition.threshold) ? 'pass' : 'fail';
    const delta =
      condition.scope === 'overall'
        ? metricDelta({ name: condition.name, value: measured.value }, inputs.baseline)
        : undefined;
    if (delta !== undefined) result.delta = delta;
  } else if (measured.empty === 'no_data' && isRequired(condition, definition)) {
    result.verdict = 'fail';
    result.failedClosed = true;
    result.detail = `${measured.detail}; ${condition.source} ${condition.source === 'metrics' ? 'are' : 'is'} required, so the condition fails closed`;
  }

  const smallChange =
    condition.source === 'coverage' &&
    condition.scope === 'new_code' &&
    newLines !== undefined &&
    newLines.exact &&
    newLines.count < definition.newCodeMinLines;
  if (smallChange) {
    result.waived = {
      kind: 'small_change',
      reason: `only ${newLines.count} new line${newLines.count === 1 ? '' : 's'} (under ${definition.newCodeMinLines})`,
    };
  } else if (condition.waiver !== undefined) {
    result.waived = { kind: 'configured', reason: condition.waiver.reason ?? 'no reason given' };
  }
  if (result.waived !== undefined) result.detail = `waived: ${result.waived.reason}; ${result.detail}`;
  result.blocking = result.verdict === 'fail' && result.waived === undefined;
  return result;
}

function waiversOf(definition: GateDefinition, conditions: readonly ConditionResult[]): string[] {
  const waivers = conditions
    .filter((result) => result.waived !== undefined)
    .map((result) => `${result.condition.name}: waived, ${result.waived?.reason}`);
  if (definition.waiver !== undefined) {
    waivers.push(`the whole gate: failures do not fail the phase (${definition.waiver.reason ?? 'no reason given'})`);
  }
  return waivers;
}

function notesFor(definition: GateDefinition, inputs: GateInputs, conditions: readonly ConditionResult[]): string[] {
  const notes: string[] = [];
  if (definition.conditions.length === 0) notes.push(`the ${definition.gate} gate has no conditions`);
  if (inputs.changes !== undefined) notes.push(...inputs.changes.notes);
  if (inputs.tests !== undefined) notes.push(...inputs.tests.notes);
  if (inputs.changes === undefined && conditions.some((result) => result.condition.scope === 'new_code')) {
    notes.push(
      'the change is unknown (no pull request diff and no checkout to diff): new-code conditions lean on the baseline alone',
    );
  }
  for (const [kind, reason] of Object.entries(inputs.unreadable ?? {})) {
    if (!definition.requiredReports.includes(kind as QualityReportKind)) {
      notes.push(`the ${kind} report could not be read (${reason}); its conditions are not assessed`);
    }
  }
  return notes;
}

function describeCondition(result: ConditionResult): string {
  const { condition } = result;
  const needs = `${condition.operator} ${formatNumber(condition.threshold, result.unit)}`;
  if (result.value === null) return `${condition.name} has no data (needs ${needs})`;
  return `${condition.name} ${formatNumber(result.value, result.unit)} (needs ${needs})`;
}

function summarize(evaluation: GateEvaluation, definition: GateDefinition): string {
  const name = `${evaluation.gate} gate`;
  const total = evaluation.conditions.length;
  const passing = evaluation.conditions.filter((r) => r.verdict === 'pass').length;
  const waived = evaluation.conditions.filter((r) => r.waived !== undefined).length;
  const waivedText = waived > 0 ? `; ${waived} waived` : '';
  const failures = [
    ...evaluation.missingReports.map((missing) => missing.reason),
    ...evaluation.conditions.filter((r) => r.blocking).map(describeCondition),
  ];
  let line: string;
  switch (evaluation.outcome) {
    case 'passed':
      line = `${name} passed: ${passing} of ${total} conditions met${waivedText}`;
      break;
    case 'not_assessed':
      line = `${name} not assessed: ${total === 0 ? 'no conditions' : 'no condition had data'}`;
      break;
    case 'failed':
    case 'waived': {
      const how = evaluation.failedClosed ? 'failed closed' : 'failed';
      const waiver =
        evaluation.outcome === 'waived' ? ` (waived: ${definition.waiver?.reason ?? 'no reason given'})` : '';
      line = `${name} ${how}${waiver}: ${failures.join('; ')}`;
      break;
    }
  }
  return line.length > 1000 ? `${line.slice(0, 997)}...` : line;
}
