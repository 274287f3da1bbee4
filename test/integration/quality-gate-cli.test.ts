/**
 * `elder run quality-gate` from the bundled CLI (dist/cli.js), on the example service's real
 * reports (Node's own LCOV and JUnit reporters, see examples/service/run-tests.sh): exit codes,
 * the gate failing closed on reports a production gate requires, totals equal to the producers'
 * own, and a matrix run through partial results with a missing leg.
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const CLI = join(ROOT, 'dist', 'cli.js');
const CONFIG = join(ROOT, 'examples', '.github', 'elder.yml');

const scratch = mkdtempSync(join(tmpdir(), 'elder-qg-cli-'));
// The example's own reports, produced fresh here by its real test run (Node's LCOV and JUnit
// reporters) into a folder of this file's, so no other test file's run can race with it.
const EXAMPLE_REPORTS = join(scratch, 'example-reports');
beforeAll(async () => {
  await promisify(execFile)('bash', [join(ROOT, 'examples', 'service', 'run-tests.sh')], {
    cwd: join(ROOT, 'examples', 'service'),
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '/root', REPORTS_DIR: EXAMPLE_REPORTS },
    timeout: 120_000,
  });
}, 180_000);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let counter = 0;

/** A folder (not a git checkout) holding a copy of the example's reports under reports/. */
function workspace(): string {
  counter += 1;
  const dir = join(scratch, `ws-${counter}`);
  cpSync(EXAMPLE_REPORTS, join(dir, 'reports'), { recursive: true });
  return dir;
}

async function elder(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [CLI, ...args], {
      cwd,
      env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '/root' },
      timeout: 120_000,
      maxBuffer: 64 << 20,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

interface Result {
  status: string;
  summary: string;
  metrics: { name: string; value: number | null; verdict: string }[];
  findings: { ruleId: string }[];
  details: {
    coverage: { linesFound: number; linesHit: number };
    tests: { counts: { passed: number; failed: number; flaky: number; skipped: number } };
    legs?: { leg: string; state: string }[];
  };
}

/** The producer's own totals: LCOV's LF/LH per record, JUnit's tests/failures per suite. */
function producerTotals(): { linesFound: number; linesHit: number; tests: number; failures: number } {
  const lcov = readFileSync(join(EXAMPLE_REPORTS, 'lcov.info'), 'utf8');
  const sum = (key: string) =>
    [...lcov.matchAll(new RegExp(`^${key}:(\\d+)$`, 'gm'))].reduce((n, m) => n + Number(m[1]), 0);
  const junit = readFileSync(join(EXAMPLE_REPORTS, 'junit.xml'), 'utf8');
  const suites = [...junit.matchAll(/<testsuite [^>]*?tests="(\d+)"[^>]*?failures="(\d+)"/g)];
  return {
    linesFound: sum('LF'),
    linesHit: sum('LH'),
    tests: suites.reduce((n, m) => n + Number(m[1]), 0),
    failures: suites.reduce((n, m) => n + Number(m[2]), 0),
  };
}

const CLEAN_AUDIT = JSON.stringify({
  auditReportVersion: 2,
  vulnerabilities: {},
  metadata: {
    vulnerabilities: { info: 0, low: 0, moderate: 0, high: 0, critical: 0, total: 0 },
    dependencies: { prod: 1, dev: 0, optional: 0, peer: 0, peerOptional: 0, total: 0 },
  },
});
const EMPTY_SARIF = JSON.stringify({ version: '2.1.0', runs: [{ tool: { driver: { name: 'ESLint' } }, results: [] }] });

describe('elder run quality-gate (bundled CLI)', () => {
  it('fails closed on the production gate when findings and vulnerabilities reports are missing', async () => {
    const cwd = workspace();
    const run = await elder(
      ['run', 'quality-gate', '--env', 'production', '--config', CONFIG, '--reports', 'reports/*', '--out', 'out'],
      cwd,
    );
    expect(run.stderr).not.toContain('internal error');
    expect(run.code).toBe(2);
    expect(run.stdout).toContain('Quality gate pre_deployment · production (production): FAILED');
    expect(run.stdout).toContain('no findings report was found');
    expect(run.stdout).toContain('no vulnerabilities report was found');
    expect(run.stdout).toContain('provide the findings report the pre_deployment gate requires');
    expect(existsSync(join(cwd, 'out', 'quality-gate-production-pre_deployment.json'))).toBe(true);
    expect(existsSync(join(cwd, 'out', 'quality-gate-production-pre_deployment.sarif'))).toBe(true);
  });

  it("passes with every report, and its totals equal the producers' own", async () => {
    const cwd = workspace();
    writeFileSync(join(cwd, 'reports', 'npm-audit.json'), CLEAN_AUDIT);
    writeFileSync(join(cwd, 'reports', 'eslint.sarif'), EMPTY_SARIF);
    const run = await elder(
      [
        'run',
        'quality-gate',
        '--env',
        'production',
        '--config',
        CONFIG,
        '--reports',
        'reports/*',
        '--out',
        'out',
        '--json',
      ],
      cwd,
    );
    expect(run.code).toBe(0);
    const { result } = JSON.parse(run.stdout) as { result: Result };
    expect(result.status).toBe('success');
    const producer = producerTotals();
    expect(result.details.coverage).toMatchObject({ linesFound: producer.linesFound, linesHit: producer.linesHit });
    const lineCoverage = result.metrics.find((m) => m.name === 'line_coverage')?.value;
    expect(lineCoverage).toBeCloseTo(Math.round((producer.linesHit / producer.linesFound) * 10_000) / 100, 2);
    const counts = result.details.tests.counts;
    expect(counts.passed + counts.failed + counts.flaky + counts.skipped).toBe(producer.tests);
    expect(counts.failed).toBe(producer.failures);
  });

  it('judges the staging gate, which requires only coverage and tests', async () => {
    const run = await elder(
      ['run', 'quality-gate', '--env', 'staging', '--config', CONFIG, '--reports', 'reports/*', '--out', 'out'],
      workspace(),
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Quality gate pre_deployment · staging (staging): passed');
  });

  it('merges matrix legs written with --leg, and reports a missing leg', async () => {
    const cwd = workspace();
    const leg = await elder(
      [
        'run',
        'quality-gate',
        '--env',
        'staging',
        '--config',
        CONFIG,
        '--reports',
        'reports/*',
        '--leg',
        'node-20',
        '--out',
        'legs',
      ],
      cwd,
    );
    expect(leg.code).toBe(0);
    expect(existsSync(join(cwd, 'legs', 'quality-gate-staging-pre_deployment-leg-node-20.jsonl'))).toBe(true);
    const merged = await elder(
      [
        'run',
        'quality-gate',
        '--env',
        'staging',
        '--config',
        CONFIG,
        '--merge',
        'legs/*.jsonl',
        '--expected-legs',
        'node-20,node-22',
        '--out',
        'out',
        '--json',
      ],
      cwd,
    );
    expect(merged.code).toBe(2);
    const { result } = JSON.parse(merged.stdout) as { result: Result };
    expect(result.details.legs).toEqual([
      expect.objectContaining({ leg: 'node-20', state: 'merged' }),
      expect.objectContaining({ leg: 'node-22', state: 'missing' }),
    ]);
    expect(result.summary).toContain('leg node-22 is missing');
    expect(result.details.coverage.linesFound).toBe(producerTotals().linesFound);
  });

  it('refuses bad options with exit 1 and writes nothing', async () => {
    const cwd = workspace();
    const badGate = await elder(
      ['run', 'quality-gate', '--env', 'production', '--config', CONFIG, '--gate', 'lunch', '--out', 'out'],
      cwd,
    );
    expect(badGate.code).toBe(1);
    expect(badGate.stderr).toContain(
      'option --gate: must be one of pre_deployment, deployment, post_deployment, runtime',
    );
    const badMetric = await elder(
      [
        'run',
        'quality-gate',
        '--env',
        'production',
        '--config',
        CONFIG,
        '--gate',
        'deployment',
        '--metric',
        'error rate=1',
        '--out',
        'out',
      ],
      cwd,
    );
    expect(badMetric.code).toBe(1);
    expect(badMetric.stderr).toContain('option --metric');
    expect(existsSync(join(cwd, 'out'))).toBe(false);
  });

  it('judges a deployment gate on measurements passed in', async () => {
    const cwd = workspace();
    const run = await elder(
      [
        'run',
        'quality-gate',
        '--env',
        'production',
        '--config',
        CONFIG,
        '--gate',
        'deployment',
        '--metric',
        'error_rate=0.5',
        '--metric',
        'p95_latency_ms=80',
        '--out',
        'out',
      ],
      cwd,
    );
    // 0.5 % errors is over the 0.01 % budget of 99.99 %.
    expect(run.code).toBe(2);
    expect(run.stdout).toContain('error_rate');
    expect(run.stdout).toMatch(/bring error_rate from 0\.5% to <= 0\.01%/);
  });
});
