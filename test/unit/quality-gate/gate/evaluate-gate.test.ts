import { describe, expect, it } from 'vitest';
import type { ChangedFile } from '../../../../actions/quality-gate/src/diff/changed-lines.js';
import { REPORT_KINDS, type Vulnerability } from '../../../../actions/quality-gate/src/model.js';
import { baselineFromResult, baselineRecord } from '../../../../actions/quality-gate/src/baseline/baseline.js';
import { evaluateGate, gateDefinition } from '../../../../actions/quality-gate/src/gate/evaluate-gate.js';
import type { GateFinding, GateInputs } from '../../../../actions/quality-gate/src/gate/gate-inputs.js';
import { gateMetrics } from '../../../../actions/quality-gate/src/gate/gate-metrics.js';
import { QUALITY_REPORT_KINDS } from '../../../../shared/config/quality-metrics.js';
import { makePhaseResult } from '../../../support/phase-result-factory.js';
import { changes, coverage, environment, range, tests } from './gate-fixtures.js';

const production = environment('production');
const preDeployment = gateDefinition('pre_deployment', production);

const criticalVulnerability: Vulnerability = {
  id: 'GHSA-1',
  aliases: [],
  package: 'lodash',
  severity: 'critical',
  fixAvailable: '4.17.21',
};

/** A clean change of 30 new lines, 27 of them covered, with every report present. */
function cleanInputs(): GateInputs {
  return {
    coverage: coverage({
      'src/a.ts': { hit: range(1, 27), missed: range(28, 30) },
      'src/old.ts': { hit: [1, 2], missed: [3] },
    }),
    changes: changes({ 'src/a.ts': range(1, 30), 'README.md': [1, 2] }),
    tests: tests([{}, {}, {}]),
    findings: [],
    vulnerabilities: [],
  };
}

describe('evaluateGate, pre_deployment in production', () => {
  it('uses the tier defaults and passes clean new code', () => {
    expect(preDeployment.conditions.map((c) => `${c.name} ${c.operator} ${c.threshold}`)).toEqual([
      'new_findings == 0',
      'new_line_coverage >= 80',
      'new_failing_tests == 0',
      'test_pass_rate == 100',
      'vulnerabilities_critical == 0',
      'vulnerabilities_high == 0',
    ]);
    const evaluation = evaluateGate(preDeployment, cleanInputs());
    expect(evaluation).toMatchObject({ outcome: 'passed', status: 'success', score: 1, failedClosed: false });
    expect(evaluation.newLines).toEqual({ count: 32, exact: true, unknownFiles: [] });
    expect(evaluation.summary).toBe('pre_deployment gate passed: 6 of 6 conditions met');
    const coverageResult = evaluation.conditions[1];
    expect(coverageResult).toMatchObject({ value: 90, part: 27, whole: 30, verdict: 'pass', unit: '%' });
    expect(coverageResult?.detail).toBe(
      '27 of 30 new executable lines covered; 1 changed file in no coverage report: README.md',
    );
  });

  it('fails on uncovered new code and says by how much', () => {
    const inputs = cleanInputs();
    inputs.coverage = coverage({ 'src/a.ts': { hit: range(1, 15), missed: range(16, 30) } });
    const evaluation = evaluateGate(preDeployment, inputs);
    expect(evaluation.outcome).toBe('failed');
    expect(evaluation.score).toBe(0.8333);
    expect(evaluation.summary).toBe('pre_deployment gate failed: new_line_coverage 50% (needs >= 80%)');
    expect(evaluation.conditions[1]?.blocking).toBe(true);
  });

  it('waives coverage on a change under 20 new lines, and says so', () => {
    const inputs = cleanInputs();
    inputs.changes = changes({ 'src/a.ts': range(24, 30) });
    const evaluation = evaluateGate(preDeployment, inputs);
    expect(evaluation.outcome).toBe('passed');
    const result = evaluation.conditions[1];
    expect(result).toMatchObject({ value: 57.14, verdict: 'fail', blocking: false, waived: { kind: 'small_change' } });
    expect(result?.detail).toBe('waived: only 7 new lines (under 20); 4 of 7 new executable lines covered');
    expect(evaluation.waivers).toEqual(['new_line_coverage: waived, only 7 new lines (under 20)']);
    expect(evaluation.score).toBe(1);
    expect(gateMetrics(evaluation)[1]).toMatchObject({
      name: 'new_line_coverage',
      value: 57.14,
      verdict: 'not_assessed',
    });
  });

  it('does not waive when some changed lines are unknown: the count may hide more', () => {
    const inputs = cleanInputs();
    const known = changes({ 'src/a.ts': range(24, 30) });
    known.files.set('gen/big.ts', {
      ...(known.files.get('src/a.ts') as ChangedFile),
      path: 'gen/big.ts',
      linesKnown: false,
      additions: 3,
    });
    inputs.changes = known;
    const evaluation = evaluateGate(preDeployment, inputs);
    expect(evaluation.newLines?.exact).toBe(false);
    expect(evaluation.conditions[1]?.waived).toBeUndefined();
    expect(evaluation.outcome).toBe('failed');
    expect(evaluation.conditions[1]?.detail).toMatch(/changed lines unknown \(not judged\): gen\/big\.ts/);
  });

  it('fails closed when a required report is missing, and scores 0', () => {
    const inputs = cleanInputs();
    delete inputs.coverage;
    inputs.unreadable = { vulnerabilities: 'truncated JSON at byte 12' };
    const evaluation = evaluateGate(preDeployment, inputs);
    expect(evaluation).toMatchObject({ outcome: 'failed', status: 'failure', score: 0, failedClosed: true });
    expect(evaluation.missingReports).toEqual([
      { kind: 'coverage', reason: 'no coverage report was found' },
      { kind: 'vulnerabilities', reason: 'the vulnerabilities report could not be read: truncated JSON at byte 12' },
    ]);
    expect(evaluation.conditions[1]).toMatchObject({ verdict: 'fail', failedClosed: true, value: null });
    expect(evaluation.conditions[1]?.detail).toBe(
      'no coverage report was found; coverage is required, so the condition fails closed',
    );
    expect(evaluation.summary).toMatch(/^pre_deployment gate failed closed: no coverage report was found; /);
  });

  it('fails closed on a required test report in which no test ran', () => {
    const inputs = cleanInputs();
    inputs.tests = tests([]);
    const evaluation = evaluateGate(preDeployment, inputs);
    expect(evaluation.failedClosed).toBe(true);
    expect(evaluation.conditions[2]?.detail).toBe('no test ran; tests is required, so the condition fails closed');
  });

  it('reports a flaky test as flaky: production fails on the pass rate, staging tolerates it', () => {
    const inputs = cleanInputs();
    inputs.tests = tests([{}, { flaky: true }, {}, {}]);
    const evaluation = evaluateGate(preDeployment, inputs);
    expect(evaluation.conditions[3]).toMatchObject({ value: 75, verdict: 'fail' });
    expect(evaluation.conditions[3]?.detail).toBe('3 of 4 tests passed (1 flaky test not counted as passing)');
    const staging = evaluateGate(gateDefinition('pre_deployment', environment('staging')), inputs);
    expect(staging.outcome).toBe('passed');
  });

  it('counts new findings on changed lines or not in the baseline', () => {
    const onChangedLine: GateFinding = {
      ruleId: 'r1',
      severity: 'low',
      message: 'm1',
      location: { file: 'src/a.ts', line: 5 },
    };
    const oldElsewhere: GateFinding = {
      ruleId: 'r2',
      severity: 'high',
      message: 'm2',
      location: { file: 'src/old.ts', line: 1 },
    };
    const newElsewhere: GateFinding = {
      ruleId: 'r3',
      severity: 'medium',
      message: 'm3',
      location: { file: 'src/old.ts', line: 2 },
    };
    const inputs = cleanInputs();
    inputs.findings = [onChangedLine, oldElsewhere, newElsewhere];
    const withoutBaseline = evaluateGate(preDeployment, inputs).conditions[0];
    expect(withoutBaseline).toMatchObject({ value: 1, verdict: 'fail' });
    expect(withoutBaseline?.detail).toBe('1 new finding (new: on lines the change adds)');

    inputs.baseline = baselineFromResult(
      makePhaseResult({
        phase: 'quality-gate',
        details: { baseline: baselineRecord({ findings: [oldElsewhere, onChangedLine] }) },
      }),
    );
    const withBaseline = evaluateGate(preDeployment, inputs).conditions[0];
    // on a changed line counts even though the base had it; the unknown one elsewhere is new too
    expect(withBaseline).toMatchObject({ value: 2 });
    expect(withBaseline?.detail).toBe(
      "2 new findings (new: on lines the change adds or not in the base branch's result)",
    );
  });

  it('cannot tell new findings without a diff or a baseline, and says so instead of guessing', () => {
    const inputs = cleanInputs();
    delete inputs.changes;
    inputs.findings = [{ ruleId: 'r', severity: 'low', message: 'm' }];
    const evaluation = evaluateGate(preDeployment, inputs);
    expect(evaluation.conditions[0]).toMatchObject({ verdict: 'not_assessed', value: null, failedClosed: false });
    expect(evaluation.conditions[1]?.verdict).toBe('not_assessed');
    expect(evaluation.notes).toContain(
      'the change is unknown (no pull request diff and no checkout to diff): new-code conditions lean on the baseline alone',
    );
    // the other four conditions still decide
    expect(evaluation.outcome).toBe('passed');
    expect(evaluation.score).toBe(1);
  });

  it('fails on critical vulnerabilities', () => {
    const inputs = cleanInputs();
    inputs.vulnerabilities = [criticalVulnerability];
    const evaluation = evaluateGate(preDeployment, inputs);
    expect(evaluation.conditions[4]).toMatchObject({ value: 1, verdict: 'fail' });
    expect(evaluation.conditions[4]?.detail).toBe('1 critical vulnerability in 1 package');
  });

  it('gives deltas against the base result for overall metrics', () => {
    const definition = gateDefinition(
      'pre_deployment',
      environment(
        'staging',
        'pre_deployment:\n  conditions:\n    - { metric: line_coverage, operator: gte, threshold: 50 }',
      ),
    );
    const inputs = cleanInputs();
    inputs.baseline = baselineFromResult(
      makePhaseResult({
        phase: 'quality-gate',
        metrics: [{ name: 'line_coverage', value: 80, unit: '%', verdict: 'pass' }],
      }),
    );
    const [result] = evaluateGate(definition, inputs).conditions;
    expect(result).toMatchObject({ value: 87.88, delta: 7.88 });
    expect(gateMetrics(evaluateGate(definition, inputs))[0]).toMatchObject({
      name: 'line_coverage',
      threshold: { operator: '>=', value: 50 },
      delta: 7.88,
    });
  });
});

describe('evaluateGate, conditions from configuration', () => {
  it('scopes conditions to monorepo packages', () => {
    const env = environment(
      'staging',
      [
        'paths: { api: services/api, web: "packages/*" }',
        'pre_deployment:',
        '  conditions:',
        '    - { metric: new_line_coverage, operator: gte, threshold: 80, path: api }',
        '    - { metric: new_line_coverage, operator: gte, threshold: 80, path: web }',
        '    - { metric: failing_tests, operator: eq, threshold: 0, path: services/api }',
      ].join('\n'),
    );
    const evaluation = evaluateGate(gateDefinition('pre_deployment', env), {
      coverage: coverage({
        'services/api/a.ts': { hit: range(1, 30) },
        'packages/web/src/b.ts': { hit: range(1, 5), missed: range(6, 30) },
      }),
      changes: changes({ 'services/api/a.ts': range(1, 30), 'packages/web/src/b.ts': range(1, 30) }),
      tests: tests([{ file: 'services/api/a.test.ts' }, { file: 'packages/web/b.test.ts', status: 'failed' }]),
    });
    expect(evaluation.conditions.map((r) => [r.condition.name, r.value, r.verdict])).toEqual([
      ['new_line_coverage[api]', 100, 'pass'],
      ['new_line_coverage[web]', 16.67, 'fail'],
      ['failing_tests[services/api]', 0, 'pass'],
    ]);
  });

  it('shows a configured waiver and keeps the true verdict', () => {
    const env = environment(
      'production',
      [
        'pre_deployment:',
        '  required_reports: [coverage]',
        '  conditions:',
        '    - { metric: new_line_coverage, operator: gte, threshold: 80 }',
        '    - { metric: line_coverage, operator: gte, threshold: 95, waive: true, waive_reason: "legacy code, PLAT-7" }',
      ].join('\n'),
    );
    const evaluation = evaluateGate(gateDefinition('pre_deployment', env), cleanInputs());
    expect(evaluation.outcome).toBe('passed');
    expect(evaluation.conditions[1]).toMatchObject({
      verdict: 'fail',
      blocking: false,
      waived: { kind: 'configured' },
    });
    expect(evaluation.waivers).toEqual(['line_coverage: waived, legacy code, PLAT-7']);
    expect(evaluation.score).toBe(0.5);
    expect(gateMetrics(evaluation)[1]).toMatchObject({
      verdict: 'fail',
      detail: expect.stringMatching(/^waived: legacy code, PLAT-7; /),
    });
  });

  it('turns a failed gate into a neutral one under quality_gate.waive, never a pass', () => {
    const env = environment('staging', 'waive: true\nwaive_reason: migrating the test rig');
    const inputs = cleanInputs();
    inputs.vulnerabilities = [criticalVulnerability];
    const evaluation = evaluateGate(gateDefinition('pre_deployment', env), inputs);
    expect(evaluation).toMatchObject({ outcome: 'waived', status: 'neutral' });
    expect(evaluation.summary).toBe(
      'pre_deployment gate failed (waived: migrating the test rig): vulnerabilities_critical 1 (needs == 0)',
    );
    expect(evaluation.waivers).toContain('the whole gate: failures do not fail the phase (migrating the test rig)');
  });

  it('is not assessed, never passed, when it has no conditions', () => {
    const env = environment('staging', 'runtime:\n  conditions: []');
    const evaluation = evaluateGate(gateDefinition('runtime', env), {});
    expect(evaluation).toMatchObject({ outcome: 'not_assessed', status: 'not_assessed', score: null });
    expect(evaluation.notes).toContain('the runtime gate has no conditions');
  });
});

describe('evaluateGate, gates on measurements passed in', () => {
  const deployment = gateDefinition('deployment', production);

  it("derives thresholds from the environment's objectives", () => {
    expect(deployment.conditions.map((c) => `${c.name} ${c.operator} ${c.threshold}`)).toEqual([
      'error_rate <= 0.01',
      'p95_latency_ms <= 200',
    ]);
    expect(deployment.requiredReports).toEqual(['metrics']);
  });

  it('judges the values and fails closed on a measurement nobody passed in', () => {
    const evaluation = evaluateGate(deployment, {
      metrics: { error_rate: { value: 0.5, detail: 'canary step 2 of 4' } },
    });
    expect(evaluation.conditions.map((r) => [r.condition.name, r.value, r.unit, r.verdict, r.failedClosed])).toEqual([
      ['error_rate', 0.5, '%', 'fail', false],
      ['p95_latency_ms', null, 'ms', 'fail', true],
    ]);
    expect(evaluation.conditions[1]?.detail).toBe(
      'no value for p95_latency_ms was passed in; metrics are required, so the condition fails closed',
    );
    expect(evaluation.score).toBe(0);
  });

  it('leaves unmeasured values not assessed in development', () => {
    const evaluation = evaluateGate(gateDefinition('deployment', environment('development')), {
      metrics: { error_rate: { value: 0.5 } },
    });
    expect(evaluation.conditions.map((r) => r.verdict)).toEqual(['pass', 'not_assessed']);
    expect(evaluation.outcome).toBe('passed');
  });

  it('accepts any metric the caller supplies, with its unit', () => {
    const env = environment(
      'staging',
      'runtime:\n  conditions:\n    - { metric: queue_depth, operator: lt, threshold: 100 }',
    );
    const evaluation = evaluateGate(gateDefinition('runtime', env), {
      metrics: { queue_depth: { value: 12, unit: 'jobs' } },
    });
    expect(evaluation.conditions[0]).toMatchObject({ value: 12, unit: 'jobs', verdict: 'pass' });
  });
});

describe('the gate model', () => {
  it("names the same report kinds as the action's model", () => {
    expect([...QUALITY_REPORT_KINDS]).toEqual([...REPORT_KINDS]);
  });
});
