/**
 * One PhaseResult from an evaluated gate: status and score (with the fail-closed rules that sit
 * above the evaluator: unusable report files and missing matrix legs), metrics with threshold,
 * verdict and delta, findings, evidence hashes, and the typed details.
 */
import type { EnvironmentConfig } from '../../../../shared/config/types.js';
import type { QualityGateName } from '../../../../shared/config/vocabulary.js';
import {
  PHASE_RESULT_SCHEMA_VERSION,
  type Metric,
  type PhaseResult,
  type Status,
} from '../../../../shared/result/phase-result.js';
import { TOOL } from '../../../../shared/version.js';
import { baselineRecord } from '../baseline/baseline.js';
import type { BaselineLoad } from '../baseline/load-baseline.js';
import { countNewLines } from '../diff/changed-lines.js';
import type { GateEvaluation } from '../gate/evaluate-gate.js';
import { gateMetrics } from '../gate/gate-metrics.js';
import type { RemediationPlan } from '../gate/remediation.js';
import type { ClassifiedTest } from '../flaky/test-classifier.js';
import type { LegStatus } from '../matrix/merge-legs.js';
import type { ResolvedChanges } from './changes.js';
import { oneLine } from './clamp.js';
import type { QualityGateDetails, TestDetail } from './details.js';
import type { GateEvidence } from './evidence.js';
import type { MeasuredFigures } from './key-figures.js';
import type { ResultFindings } from './result-findings.js';

export interface AssembleInput {
  mode: QualityGateDetails['mode'];
  gate: QualityGateName;
  environment: EnvironmentConfig;
  evaluation: GateEvaluation;
  plan?: RemediationPlan;
  figures: MeasuredFigures;
  findings: ResultFindings;
  evidence: GateEvidence;
  changes: ResolvedChanges;
  baseline: BaselineLoad;
  legs?: LegStatus[];
  attempt: number;
  commit?: string;
  source?: PhaseResult['source'];
  startedAt: Date;
  finishedAt: Date;
  extraNotes: string[];
}

const MAX_TESTS_IN_DETAILS = 1000;

export function assembleResult(input: AssembleInput): { result: PhaseResult; details: QualityGateDetails } {
  const { evaluation, evidence, gate, environment } = input;
  const settings = environment.phases.qualityGate;
  const enforced = settings.gates.includes(gate);
  const waived = settings.waive;

  const failedClosedReasons = [
    ...evaluation.missingReports.map((missing) => missing.reason),
    // Conditions that failed closed for a missing report are explained by that report's line.
    ...evaluation.conditions
      .filter((r) => r.failedClosed && !evaluation.missingReports.some((m) => m.kind === r.condition.source))
      .map((r) => `${r.condition.name}: ${r.detail}`),
    ...evidence.problems.map((p) => `${p.leg ? `leg ${p.leg}: ` : ''}${p.file}: ${p.message}`),
    ...(input.legs ?? [])
      .filter((leg) => leg.state !== 'merged')
      .map((leg) => `matrix leg ${leg.leg} is ${leg.state}${leg.reason ? ` (${leg.reason})` : ''}`),
  ];
  const aboveEvaluator = evidence.problems.length > 0 || (input.legs ?? []).some((leg) => leg.state !== 'merged');

  let status: Status = evaluation.status;
  let score = evaluation.score;
  let summary = evaluation.summary;
  if (aboveEvaluator) {
    status = waived ? 'neutral' : 'failure';
    score = 0;
    const reasons = [
      ...evidence.problems.map((p) => `${p.leg ? `leg ${p.leg}: ` : ''}${p.file} could not be used`),
      ...(input.legs ?? []).filter((leg) => leg.state !== 'merged').map((leg) => `leg ${leg.leg} is ${leg.state}`),
    ];
    summary = `${gate} gate failed closed: ${reasons.join('; ')}; ${evaluation.summary}`;
  }
  const notes = [...input.extraNotes, ...evaluation.notes];
  if (!settings.enabled) {
    status = 'not_assessed';
    score = null;
    summary = `the quality gate is disabled for ${environment.name} (quality_gate.enabled: false); measured but not judged`;
  } else if (!enforced && status === 'failure') {
    status = 'neutral';
    notes.push(
      `the ${gate} gate is not in quality_gate.gates for ${environment.name}: its failure is reported, not enforced`,
    );
    summary = `${summary} (not enforced for ${environment.name})`;
  }

  // Failing conditions first (the readiness report shows a phase's first metric as its key
  // figure), then assessed ones, then those without a value; informational figures last.
  const rank = (metric: Metric) => (metric.verdict === 'fail' ? 0 : metric.value !== null ? 1 : 2);
  const conditionMetrics = gateMetrics(evaluation)
    .map((metric, index) => ({ metric, index }))
    .sort((a, b) => rank(a.metric) - rank(b.metric) || a.index - b.index)
    .map(({ metric }) => metric);
  const metrics: Metric[] = [...conditionMetrics, ...input.figures.informational];
  const tests = evidence.tests;
  const details: QualityGateDetails = {
    gate,
    mode: input.mode,
    enforced,
    outcome: settings.enabled ? evaluation.outcome : 'disabled',
    failedClosed: evaluation.failedClosed || aboveEvaluator,
    failedClosedReasons,
    conditions: evaluation.conditions.map((result) => ({
      name: result.condition.name,
      metric: result.condition.metric,
      scope: result.condition.scope,
      operator: result.condition.operator,
      threshold: result.condition.threshold,
      unit: result.unit,
      value: result.value,
      verdict: result.verdict,
      blocking: result.blocking,
      failedClosed: result.failedClosed,
      ...(result.waived ? { waived: result.waived } : {}),
      ...(result.condition.path
        ? { path: { written: result.condition.path.written, pattern: result.condition.path.pattern } }
        : {}),
    })),
    waivers: evaluation.waivers,
    remediation: {
      items: (input.plan?.items ?? []).map((item) => ({
        kind: item.kind,
        title: item.title,
        helps: item.helps,
        ...(item.detail !== undefined ? { detail: item.detail.slice(0, 2000) } : {}),
        ...(item.file !== undefined ? { file: item.file } : {}),
        ...(item.line !== undefined ? { line: item.line } : {}),
        ...(item.ranges !== undefined
          ? { ranges: item.ranges.map(([start, end]) => [start, end] as [number, number]) }
          : {}),
        ...(item.severity !== undefined ? { severity: item.severity } : {}),
        ...(item.onChangedLine !== undefined ? { onChangedLine: item.onChangedLine } : {}),
      })),
      omitted: input.plan?.omitted ?? 0,
      notes: input.plan?.notes ?? [],
    },
    notes,
    warnings: evidence.warnings,
    warningsOmitted: evidence.warningsOmitted,
    reports: evidence.reports,
    problems: evidence.problems,
    change: {
      source: input.changes.source,
      detail: input.changes.detail,
      ...(input.changes.changes
        ? {
            files: input.changes.changes.files.size,
            newLines: (({ count, exact }) => ({ count, exact }))(countNewLines(input.changes.changes)),
          }
        : {}),
      ...(input.changes.mergeBase ? { mergeBase: input.changes.mergeBase } : {}),
    },
    baselineComparison: {
      found: input.baseline.baseline !== undefined,
      note: input.baseline.note,
      ...(input.baseline.baseline?.commit ? { commit: input.baseline.baseline.commit } : {}),
      ...(input.baseline.baseline?.ref ? { ref: input.baseline.baseline.ref } : {}),
    },
    attempt: { number: input.attempt, ...(input.commit ? { commit: input.commit } : {}) },
    unreadable: evidence.unreadable,
    keyFigures: input.figures.figures,
    baseline: baselineRecord({
      ...(evidence.findings ? { findings: evidence.findings } : {}),
      ...(tests ? { tests } : {}),
      ...(evidence.vulnerabilities ? { vulnerabilities: evidence.vulnerabilities } : {}),
    }),
  };
  if (input.legs !== undefined) details.legs = input.legs;
  if (tests !== undefined) {
    details.tests = {
      counts: tests.counts,
      failedNotKept: tests.failedNotKept + Math.max(0, tests.failed.length - MAX_TESTS_IN_DETAILS),
      flakyNotKept: tests.flakyNotKept + Math.max(0, tests.flaky.length - MAX_TESTS_IN_DETAILS),
      failed: tests.failed.slice(0, MAX_TESTS_IN_DETAILS).map((test) => testDetail(test, evidence)),
      flaky: tests.flaky.slice(0, MAX_TESTS_IN_DETAILS).map((test) => testDetail(test, evidence)),
    };
  }
  if (evidence.coverage !== undefined) {
    const totals = evidence.coverage.totals();
    details.coverage = {
      files: totals.files,
      linesFound: totals.linesFound,
      linesHit: totals.linesHit,
      branchesFound: totals.branchesFound,
      branchesHit: totals.branchesHit,
      filesWithoutLineData: totals.filesWithoutLineData,
    };
  }
  if (evidence.findings !== undefined) {
    details.findings = {
      read: evidence.findings.length,
      new: input.findings.newFindings,
      preexisting: input.findings.preexistingFindings,
    };
  }
  if (evidence.vulnerabilities !== undefined) details.vulnerabilities = { read: evidence.vulnerabilities.length };

  const result: PhaseResult = {
    schemaVersion: PHASE_RESULT_SCHEMA_VERSION,
    phase: 'quality-gate',
    environment: environment.name,
    tier: environment.tier,
    status,
    score: status === 'not_assessed' ? null : score,
    summary: oneLine(summary),
    metrics,
    findings: input.findings.findings,
    evidence: evidence.reports.map((report) => ({
      name: `${report.format} report${report.leg ? ` (leg ${report.leg})` : ''}`,
      path: report.path,
      sha256: report.sha256,
      bytes: report.bytes,
    })),
    timings: {
      startedAt: input.startedAt.toISOString(),
      finishedAt: input.finishedAt.toISOString(),
      durationMs: Math.max(0, input.finishedAt.getTime() - input.startedAt.getTime()),
    },
    tool: { ...TOOL },
    key: gate,
    details: details as unknown as Record<string, unknown>,
  };
  if (input.source !== undefined) result.source = input.source;
  return { result, details };
}

function testDetail(test: ClassifiedTest, evidence: GateEvidence): TestDetail {
  const { record } = test;
  const out: TestDetail = {
    suites: record.suites,
    name: record.name,
    attempt: test.attempt,
    failedInAttempts: test.failedInAttempts,
  };
  if (record.classname !== undefined) out.classname = record.classname;
  if (record.file !== undefined) out.file = record.file;
  if (record.line !== undefined) out.line = record.line;
  if (record.message !== undefined) out.message = record.message.slice(0, 500);
  const leg = evidence.testLegs?.get(test);
  if (leg !== undefined) out.leg = leg;
  return out;
}
