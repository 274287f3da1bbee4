import { describe, expect, it } from 'vitest';
import type { Vulnerability } from '../../../../actions/quality-gate/src/model.js';
import { evaluateGate, gateDefinition } from '../../../../actions/quality-gate/src/gate/evaluate-gate.js';
import type { GateInputs } from '../../../../actions/quality-gate/src/gate/gate-inputs.js';
import { remediationPlan } from '../../../../actions/quality-gate/src/gate/remediation.js';
import { changes, coverage, environment, range, tests } from './gate-fixtures.js';

const production = environment('production');

function vulnerability(
  id: string,
  severity: Vulnerability['severity'],
  fix: Vulnerability['fixAvailable'],
  pkg = 'lodash',
): Vulnerability {
  return {
    id,
    aliases: [],
    package: pkg,
    installedVersion: '4.17.10',
    severity,
    fixAvailable: fix,
    manifest: 'package-lock.json',
  };
}

function failingInputs(): GateInputs {
  return {
    coverage: coverage({
      'src/small.ts': { hit: [1, 2], missed: [3, 4] },
      'src/big.ts': { hit: range(1, 10), missed: [...range(11, 20), 25, 26, 30] },
    }),
    changes: changes({ 'src/small.ts': range(1, 4), 'src/big.ts': range(1, 30) }),
    tests: tests([
      { name: 'adds', status: 'failed', file: 'test/math.test.ts', line: 12, message: 'expected 3, got 4' },
      { name: 'sometimes', flaky: true, file: 'test/net.test.ts' },
      { name: 'fine' },
    ]),
    findings: [
      { ruleId: 'no-eval', severity: 'high', message: 'eval is evil', location: { file: 'src/big.ts', line: 5 } },
      { ruleId: 'no-console', severity: 'low', message: 'console.log', location: { file: 'src/big.ts', line: 7 } },
      { ruleId: 'old-rule', severity: 'critical', message: 'old', location: { file: 'src/untouched.ts', line: 1 } },
    ],
    vulnerabilities: [
      vulnerability('GHSA-a', 'high', '4.17.12'),
      vulnerability('GHSA-b', 'critical', '4.17.21'),
      vulnerability('GHSA-c', 'high', false, 'left-pad'),
    ],
  };
}

describe('remediationPlan', () => {
  it('lists what to fix for every failing condition, most urgent first', () => {
    const inputs = failingInputs();
    const evaluation = evaluateGate(gateDefinition('pre_deployment', production), inputs);
    expect(evaluation.outcome).toBe('failed');
    const plan = remediationPlan(evaluation, inputs);
    expect(plan.items.map((item) => [item.kind, item.title, item.file, item.line, item.helps])).toEqual([
      [
        'failing_test',
        'fix failing test suite › adds',
        'test/math.test.ts',
        12,
        ['new_failing_tests', 'test_pass_rate'],
      ],
      [
        'vulnerability',
        'upgrade lodash 4.17.10 to 4.17.21 (fixes 2 advisories)',
        'package-lock.json',
        undefined,
        ['vulnerabilities_critical', 'vulnerabilities_high'],
      ],
      [
        'vulnerability',
        'replace or patch left-pad 4.17.10: no fixed version is known',
        'package-lock.json',
        undefined,
        ['vulnerabilities_high'],
      ],
      ['finding', 'no-eval: eval is evil', 'src/big.ts', 5, ['new_findings']],
      ['finding', 'no-console: console.log', 'src/big.ts', 7, ['new_findings']],
      ['uncovered_lines', 'cover 13 new lines of src/big.ts', 'src/big.ts', 11, ['new_line_coverage']],
      ['uncovered_lines', 'cover 2 new lines of src/small.ts', 'src/small.ts', 3, ['new_line_coverage']],
      ['flaky_test', 'stabilise flaky test suite › sometimes', 'test/net.test.ts', undefined, ['test_pass_rate']],
    ]);
    const big = plan.items.find((item) => item.file === 'src/big.ts' && item.kind === 'uncovered_lines');
    expect(big?.ranges).toEqual([
      [11, 20],
      [25, 26],
      [30, 30],
    ]);
    expect(big?.onChangedLine).toBe(true);
    expect(plan.items[0]?.detail).toBe('expected 3, got 4');
    expect(plan.items[1]).toMatchObject({ severity: 'critical', detail: 'GHSA-b, GHSA-a' });
    // 12 of 27 new executable lines are covered (44.44 %); 80 % needs 22, so 10 more.
    expect(plan.notes).toEqual([
      'new_line_coverage: cover at least 10 more new lines of the 15 uncovered to reach >= 80%',
    ]);
    expect(plan.omitted).toBe(0);
  });

  it('puts missing inputs first and caps the list, counting the rest', () => {
    const inputs = failingInputs();
    delete inputs.tests;
    const evaluation = evaluateGate(gateDefinition('pre_deployment', production), inputs);
    const plan = remediationPlan(evaluation, inputs, { maxItems: 2 });
    expect(plan.items[0]).toMatchObject({
      kind: 'missing_input',
      title: 'provide the tests report the pre_deployment gate requires',
      detail: 'no tests report was found',
      helps: ['new_failing_tests', 'test_pass_rate'],
    });
    expect(plan.items).toHaveLength(2);
    expect(plan.omitted).toBeGreaterThan(0);
  });

  it('asks for measurements and names the threshold to reach', () => {
    const evaluation = evaluateGate(gateDefinition('deployment', production), {
      metrics: { error_rate: { value: 0.5 } },
    });
    const plan = remediationPlan(evaluation, {});
    expect(plan.items.map((item) => [item.kind, item.title])).toEqual([
      ['missing_input', 'pass in a value for p95_latency_ms'],
      ['metric', 'bring error_rate from 0.5% to <= 0.01%'],
    ]);
  });

  it('asks nothing of a passing or waived gate condition', () => {
    const inputs = failingInputs();
    inputs.changes = changes({ 'src/small.ts': [3, 4] });
    inputs.tests = tests([{}]);
    inputs.findings = [];
    inputs.vulnerabilities = [];
    const evaluation = evaluateGate(gateDefinition('pre_deployment', production), inputs);
    expect(evaluation.conditions[1]?.waived?.kind).toBe('small_change');
    expect(remediationPlan(evaluation, inputs)).toEqual({ items: [], omitted: 0, notes: [] });
  });

  it('lists uncovered lines of whole files when overall coverage fails, new lines first', () => {
    const env = environment(
      'staging',
      'pre_deployment:\n  required_reports: [coverage]\n  conditions:\n    - { metric: line_coverage, operator: gte, threshold: 90 }\n    - { metric: branch_coverage, operator: gte, threshold: 90 }',
    );
    const inputs: GateInputs = {
      coverage: coverage({
        'src/legacy.ts': { hit: [1], missed: range(2, 9), branches: [{ line: 1, covered: 1, total: 2 }] },
        'src/new.ts': { hit: [1], missed: [2] },
      }),
      changes: changes({ 'src/new.ts': [2] }),
    };
    const plan = remediationPlan(evaluateGate(gateDefinition('pre_deployment', env), inputs), inputs);
    expect(plan.items.map((item) => [item.title, item.ranges, item.helps])).toEqual([
      ['cover 9 lines of src/legacy.ts', [[1, 9]], ['line_coverage', 'branch_coverage']],
      ['cover 1 line of src/new.ts', [[2, 2]], ['line_coverage']],
    ]);
  });
});
