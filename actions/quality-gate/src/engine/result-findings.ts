/**
 * The PhaseResult's findings, in the order a reviewer acts on them (changed lines first, then
 * severity): what stops the gate from judging (missing reports, unusable files, missing legs),
 * failing and flaky tests at their file:line, uncovered new lines grouped into ranges, new
 * static-analysis findings, and vulnerable dependencies. Findings the base branch already had
 * are counted in the details, not listed: the gate judges what the change adds.
 */
import { createHash } from 'node:crypto';
import type { Finding, Severity } from '../../../../shared/result/phase-result.js';
import { rankFindings } from '../../../../shared/render/finding-order.js';
import type { CoverageStore } from '../coverage/coverage-store.js';
import { isAddedLine, type ChangeSet } from '../diff/changed-lines.js';
import type { ClassifiedTest } from '../flaky/test-classifier.js';
import { displayTestName } from '../flaky/test-identity.js';
import type { Baseline } from '../baseline/baseline.js';
import type { GateEvaluation } from '../gate/evaluate-gate.js';
import { newCodeCoverage } from '../gate/measure-coverage.js';
import { findingOnChangedLine, isNewFinding } from '../gate/new-code.js';
import type { LegStatus } from '../matrix/merge-legs.js';
import { clampFinding } from './clamp.js';
import type { GateEvidence } from './evidence.js';

export interface ResultFindings {
  findings: Finding[];
  newFindings: number;
  preexistingFindings: number;
}

export function resultFindings(input: {
  evidence: GateEvidence;
  evaluation: GateEvaluation;
  changes?: ChangeSet;
  baseline?: Baseline;
  legs?: readonly LegStatus[];
}): ResultFindings {
  const { evidence, evaluation, changes, baseline } = input;
  const findings: Finding[] = [];

  for (const missing of evaluation.missingReports) {
    findings.push({
      ruleId: 'quality-gate/missing-report',
      severity: 'high',
      message: `The ${evaluation.gate} gate requires a ${missing.kind} report: ${missing.reason}. The gate fails closed.`,
      help: `Produce the ${missing.kind} report before this step and list it in the reports input.`,
      fingerprint: `quality-gate:missing-report:${missing.kind}`,
    });
  }
  for (const problem of evidence.problems) {
    findings.push({
      ruleId: 'quality-gate/unusable-report',
      severity: 'high',
      message: `${problem.leg ? `Leg ${problem.leg}: ` : ''}${problem.file} could not be used: ${problem.message}. The gate fails closed rather than judge on less evidence than it was given.`,
      fingerprint: `quality-gate:unusable-report:${hash(`${problem.leg ?? ''}:${problem.file}`)}`,
    });
  }
  for (const leg of input.legs ?? []) {
    if (leg.state === 'merged') continue;
    findings.push({
      ruleId: 'quality-gate/missing-leg',
      severity: 'high',
      message: `Matrix leg ${leg.leg} is ${leg.state}: ${leg.reason ?? 'no partial result'}. The gate fails closed: a matrix that lost a leg has less evidence than it claims.`,
      help: 'Check that the leg ran, wrote its partial result and uploaded it, and that expected-legs names it as the matrix does.',
      fingerprint: `quality-gate:missing-leg:${leg.leg}`,
    });
  }

  const tests = evidence.tests;
  if (tests !== undefined) {
    for (const test of [...tests.failed, ...tests.flaky]) findings.push(testFinding(test, evidence, changes));
  }

  if (changes !== undefined && evidence.coverage !== undefined) {
    const blocking = evaluation.conditions.some(
      (result) => result.blocking && result.condition.source === 'coverage' && result.condition.scope === 'new_code',
    );
    const severity: Severity = blocking ? 'medium' : 'low';
    const { missed } = newCodeCoverage(evidence.coverage, changes, () => true, false);
    for (const [file, lines] of missed) {
      for (const range of uncoveredRanges(evidence.coverage, file, lines)) {
        const count = lines.filter((line) => line >= range.start && line <= range.end).length;
        const where = range.start === range.end ? `Line ${range.start} is` : `Lines ${range.start}–${range.end} are`;
        findings.push({
          ruleId: 'quality-gate/uncovered-new-lines',
          severity,
          message: `${where} new and not covered by any test (${count} executable line${count === 1 ? '' : 's'}).`,
          location: { file, line: range.start, ...(range.end > range.start ? { endLine: range.end } : {}) },
          onChangedLine: true,
          help: 'Add or extend a test that runs these lines.',
          fingerprint: `quality-gate:uncovered:${hash(`${file}:${range.start}-${range.end}`)}`,
        });
      }
    }
  }

  let newFindings = 0;
  let preexistingFindings = 0;
  for (const finding of evidence.findings ?? []) {
    const isNew = isNewFinding(finding, changes, baseline);
    if (isNew === false) {
      preexistingFindings += 1;
      continue;
    }
    if (isNew === true) newFindings += 1;
    const { baselineState: _state, ...plain } = finding;
    const out: Finding = { ...plain };
    if (changes !== undefined) out.onChangedLine = findingOnChangedLine(finding, changes) === true;
    findings.push(out);
  }

  for (const vulnerability of evidence.vulnerabilities ?? []) {
    const version = vulnerability.installedVersion ? `@${vulnerability.installedVersion}` : '';
    const fix =
      typeof vulnerability.fixAvailable === 'string'
        ? `Upgrade ${vulnerability.package} to ${vulnerability.fixAvailable} or later.`
        : vulnerability.fixAvailable === true
          ? `A fixed version of ${vulnerability.package} is available.`
          : `No fixed version of ${vulnerability.package} is known; replace it or mitigate.`;
    const finding: Finding = {
      ruleId: vulnerability.id,
      severity: vulnerability.severity,
      message: `${vulnerability.package}${version}: ${vulnerability.title ?? vulnerability.id}${
        vulnerability.aliases.length > 0 ? ` (${[vulnerability.id, ...vulnerability.aliases].join(', ')})` : ''
      }`,
      help: `${fix}${vulnerability.url ? ` ${vulnerability.url}` : ''}`,
      fingerprint: `vulnerability:${vulnerability.package}:${vulnerability.id}`,
    };
    if (vulnerability.manifest !== undefined) finding.location = { file: vulnerability.manifest };
    findings.push(finding);
  }

  return { findings: rankFindings(findings.map(clampFinding)), newFindings, preexistingFindings };
}

function testFinding(test: ClassifiedTest, evidence: GateEvidence, changes: ChangeSet | undefined): Finding {
  const { record } = test;
  const leg = evidence.testLegs?.get(test);
  const name = displayTestName(record);
  const where = leg === undefined ? '' : ` (leg ${leg})`;
  const finding: Finding =
    test.outcome === 'failed'
      ? {
          ruleId: 'quality-gate/failing-test',
          severity: 'high',
          message: `${name} failed${where}${record.message ? `: ${record.message}` : ''}${
            test.carriedOver ? ` (failed in attempt ${test.attempt} and did not run again)` : ''
          }`,
          help: 'Fix the test or the code it tests; a failing test blocks the gate.',
        }
      : {
          ruleId: 'quality-gate/flaky-test',
          severity: 'medium',
          message: `${name} is flaky${where}: ${
            test.failedInAttempts.length > 0
              ? `failed in attempt ${test.failedInAttempts.join(', ')}, passed in attempt ${test.attempt}`
              : 'it failed, then passed when the runner retried it'
          }${record.message ? ` (${record.message})` : ''}`,
          help: 'A flaky test is reported, never counted as a pass: make it deterministic or quarantine it.',
        };
  finding.fingerprint = `quality-gate:${test.outcome}-test:${hash(test.id)}`;
  if (record.details !== undefined && record.details !== '') finding.evidence = record.details.slice(0, 4000);
  if (record.file !== undefined) {
    finding.location = { file: record.file, ...(record.line !== undefined ? { line: record.line } : {}) };
    if (changes !== undefined && record.line !== undefined) {
      finding.onChangedLine = isAddedLine(changes, record.file, record.line) === true;
    }
  }
  return finding;
}

/** Ranges over the new uncovered lines, bridging lines no report calls executable (comments). */
function uncoveredRanges(store: CoverageStore, file: string, lines: readonly number[]) {
  return store.uncoveredRanges(file, new Set(lines));
}

function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}
