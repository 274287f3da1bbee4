import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  BASELINE_DETAILS_KEY,
  baselineFromResult,
  baselineRecord,
} from '../../../../actions/quality-gate/src/baseline/baseline.js';
import { findingIdentity, vulnerabilityIdentities } from '../../../../actions/quality-gate/src/baseline/identities.js';
import { loadBaseline } from '../../../../actions/quality-gate/src/baseline/load-baseline.js';
import { deltaAgainstBaseline } from '../../../../actions/quality-gate/src/baseline/metric-delta.js';
import { classifyTests } from '../../../../actions/quality-gate/src/flaky/test-classifier.js';
import type { Vulnerability } from '../../../../actions/quality-gate/src/model.js';
import type { Finding, Metric } from '../../../../shared/result/phase-result.js';
import { writePhaseResult } from '../../../../shared/result/result-file.js';
import { makePhaseResult } from '../../../support/phase-result-factory.js';

const finding: Finding = {
  ruleId: 'no-eval',
  severity: 'high',
  message: 'eval can be harmful (used 3 times)',
  location: { file: 'src/a.ts', line: 10 },
};

const vulnerability: Vulnerability = {
  id: 'GHSA-jf85-cpcp-j695',
  aliases: ['CVE-2019-10744'],
  package: 'lodash',
  severity: 'critical',
  fixAvailable: '4.17.12',
};

function gateResult(overrides: Parameters<typeof makePhaseResult>[0] = {}) {
  return makePhaseResult({ phase: 'quality-gate', key: 'pre_deployment', ...overrides });
}

describe('identities', () => {
  it('keeps a finding the same when it moves or its numbers change', () => {
    const moved = {
      ...finding,
      location: { file: 'src/a.ts', line: 90 },
      message: 'eval can be harmful (used 4 times)',
    };
    expect(findingIdentity(moved)).toBe(findingIdentity(finding));
    expect(findingIdentity({ ...finding, ruleId: 'other' })).not.toBe(findingIdentity(finding));
    expect(findingIdentity({ ...finding, location: { file: 'src/b.ts' } })).not.toBe(findingIdentity(finding));
    expect(findingIdentity(finding)).toMatch(/^[0-9a-f]{32}$/);
  });

  it('matches a vulnerability by any of its advisory ids', () => {
    const byCve = { package: 'Lodash', id: 'CVE-2019-10744', aliases: [] };
    expect(vulnerabilityIdentities(vulnerability)).toEqual(['lodash@ghsa-jf85-cpcp-j695', 'lodash@cve-2019-10744']);
    expect(vulnerabilityIdentities(byCve).some((id) => vulnerabilityIdentities(vulnerability).includes(id))).toBe(true);
  });
});

describe('baseline records', () => {
  it("round-trip through a result's details", () => {
    const tests = classifyTests([
      { suites: ['s'], name: 'broken', status: 'failed' },
      { suites: ['s'], name: 'fine', status: 'passed' },
    ]);
    const record = baselineRecord({ findings: [finding], tests, vulnerabilities: [vulnerability] });
    expect(record).toEqual({
      version: 1,
      findings: [findingIdentity(finding)],
      failingTests: [tests.failed[0]?.id],
      vulnerabilities: ['lodash@cve-2019-10744', 'lodash@ghsa-jf85-cpcp-j695'],
    });
    const baseline = baselineFromResult(
      gateResult({ source: { commit: 'abc', ref: 'main' }, details: { [BASELINE_DETAILS_KEY]: record } }),
    );
    expect(baseline.findings?.has(findingIdentity(finding))).toBe(true);
    expect(baseline.failingTests?.size).toBe(1);
    expect(baseline.vulnerabilities?.has('lodash@ghsa-jf85-cpcp-j695')).toBe(true);
    expect(baseline.gaps).toEqual([]);
    expect(baseline.metrics.get('error_rate')?.value).toBe(0.0001);
  });

  it('leaves a kind the base run did not read undefined, not empty', () => {
    const baseline = baselineFromResult(gateResult({ details: { baseline: baselineRecord({ findings: [] }) } }));
    expect(baseline.findings?.size).toBe(0);
    expect(baseline.failingTests).toBeUndefined();
    expect(baseline.vulnerabilities).toBeUndefined();
  });

  it("falls back to an older result's findings and says what it cannot compare", () => {
    const baseline = baselineFromResult(gateResult({ findings: [finding] }));
    expect(baseline.findings?.has(findingIdentity(finding))).toBe(true);
    expect(baseline.failingTests).toBeUndefined();
    expect(baseline.gaps[0]).toMatch(/stores no baseline record/);
  });

  it('marks a record cut by a capped source list as partial', () => {
    const tests = classifyTests(
      [1, 2, 3].map((i) => ({ suites: [], name: `t${i}`, status: 'failed' as const })),
      { maxKept: 1 },
    );
    const record = baselineRecord({ tests });
    expect(record.partial).toEqual(['failingTests']);
    expect(baselineFromResult(gateResult({ details: { baseline: record } })).gaps).toEqual([
      'the base result lists only part of its failingTests; the rest count as new here',
    ]);
  });

  it('ignores a record of another shape rather than trusting it', () => {
    const baseline = baselineFromResult(gateResult({ details: { baseline: { version: 2, findings: 'x' } } }));
    expect(baseline.gaps[0]).toMatch(/stores no baseline record/);
  });
});

describe('loadBaseline', () => {
  const dir = mkdtempSync(join(tmpdir(), 'elder-baseline-'));
  const expected = { environment: 'production', gate: 'pre_deployment' };

  it('reads a stored result of the same gate and environment', async () => {
    const path = await writePhaseResult(
      gateResult({
        source: { commit: '0123456789abcdef', ref: 'main' },
        details: { baseline: baselineRecord({ findings: [finding] }) },
      }),
      dir,
    );
    const load = await loadBaseline(path, expected);
    expect(load.baseline?.findings?.size).toBe(1);
    expect(load.note).toBe("compared with the base branch's result (main at 0123456789ab)");
  });

  it('is a note, never a failure, when there is no usable baseline', async () => {
    expect((await loadBaseline(undefined, expected)).note).toMatch(
      /^no baseline of the base branch was given; deltas are not shown/,
    );
    expect((await loadBaseline(join(dir, 'missing.json'), expected)).note).toMatch(
      /none cached for the base branch yet/,
    );
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{"schemaVersion": 1,');
    const load = await loadBaseline(broken, expected);
    expect(load.baseline).toBeUndefined();
    expect(load.note).toMatch(/could not be read .*is not valid JSON/);
    const otherGate = await writePhaseResult(gateResult({ key: 'runtime' }), join(dir, 'other'));
    expect((await loadBaseline(otherGate, expected)).note).toMatch(/is for gate runtime, not the pre_deployment gate/);
    const deploy = await writePhaseResult(makePhaseResult(), join(dir, 'deploy'));
    expect((await loadBaseline(deploy, expected)).note).toMatch(/is a deploy result/);
    const staging = await writePhaseResult(gateResult({ environment: 'staging' }), join(dir, 'staging'));
    expect((await loadBaseline(staging, expected)).note).toMatch(/is for environment staging/);
  });
});

describe('deltaAgainstBaseline', () => {
  const metric = (name: string, value: number | null): Metric => ({ name, value, unit: '%', verdict: 'pass' });

  it('subtracts the base value of the same metric, for overall metrics only', () => {
    const baseline = baselineFromResult(
      gateResult({
        metrics: [metric('line_coverage', 80.1), metric('new_line_coverage', 50), metric('flaky_tests', null)],
      }),
    );
    const out = deltaAgainstBaseline(
      [metric('line_coverage', 82.3), metric('new_line_coverage', 90), metric('flaky_tests', 2), metric('fresh', 1)],
      baseline,
    );
    expect(out.map((m) => m.delta)).toEqual([2.2, undefined, undefined, undefined]);
  });

  it('leaves deltas out without a baseline', () => {
    const withStale = { ...metric('line_coverage', 1), delta: 5 };
    expect(deltaAgainstBaseline([withStale], undefined)[0]).not.toHaveProperty('delta');
  });
});
