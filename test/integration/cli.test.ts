/**
 * The bundled CLI (dist/cli.js) run as a process, as a user runs it: exit codes, human and JSON
 * output, and bad input that must leave nothing written.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { makePhaseResult } from '../support/phase-result-factory.js';
import type { Phase } from '../../shared/result/phase-result.js';

const ROOT = resolve(import.meta.dirname, '../..');
const CLI = join(ROOT, 'dist', 'cli.js');

async function elder(args: string[], cwd = ROOT): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [CLI, ...args], {
      cwd,
      env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '/root' },
      timeout: 300_000,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

async function resultsDir(phases: Partial<Record<Phase, number>>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'elder-cli-'));
  await mkdir(join(dir, 'in'));
  for (const [phase, score] of Object.entries(phases)) {
    const result = makePhaseResult({ phase: phase as Phase, score, status: score >= 0.9 ? 'success' : 'failure' });
    await writeFile(join(dir, 'in', `${phase}-production.json`), JSON.stringify(result));
  }
  return dir;
}

describe('elder CLI (bundled)', () => {
  it('prints usage and version', async () => {
    expect((await elder(['--help'])).code).toBe(0);
    expect((await elder(['--help'])).stdout).toContain('Exit codes: 0 passed, 1 bad input');
    expect((await elder(['--version'])).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const unknown = await elder(['deploy-everything']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("unknown command 'deploy-everything'");
    expect((await elder(['report', '--no-such-flag'])).code).toBe(1);
  });

  it('validates the example configuration and prints budgets computed from the target', async () => {
    const run = await elder(['validate', '--config', 'examples/.github/elder.yml', '--json']);
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as {
      environments: { name: string; budgets: { downtimePerYearSeconds: number } }[];
    };
    const production = out.environments.find((e) => e.name === 'production');
    // 99.99 % of 365 days: 52.56 minutes.
    expect(production?.budgets.downtimePerYearSeconds).toBeCloseTo(52.56 * 60, 6);
  });

  it('reports one error per problem in a bad elder.yml with file:line:column, exit 1', async () => {
    const run = await elder(['validate', '--config', 'test/fixtures/config/four-mistakes.yml']);
    expect(run.code).toBe(1);
    const errors = run.stderr.split('\n').filter((line) => line.startsWith('error: '));
    expect(errors).toHaveLength(4);
    expect(errors[0]).toContain("four-mistakes.yml:7:5: unknown key 'availabilty'");
    expect(errors[0]).toContain("did you mean 'availability'?");
    expect(errors[1]).toContain('four-mistakes.yml:10:22:');
    expect(errors[2]).toContain('four-mistakes.yml:12:21:');
    expect(errors[3]).toContain('four-mistakes.yml:13:5:');
    expect(errors[3]).toContain('dr.rto');
  });

  it('joins results into readiness, exit 0 when ready and 2 when not', async () => {
    const ready = await resultsDir({
      provision: 1,
      integrate: 1,
      deploy: 1,
      'quality-gate': 0.98,
      'compliance-audit': 1,
      'dr-drill': 1,
    });
    const pass = await elder(['report', '--results', 'in', '--out', 'out', '--json'], ready);
    expect(pass.code).toBe(0);
    const json = JSON.parse(pass.stdout) as { readiness: { score: number; status: string } };
    expect(json.readiness.status).toBe('success');
    expect(json.readiness.score).toBeCloseTo(1 - (0.02 * 2) / 9, 10);
    expect((await readdir(join(ready, 'out'))).sort()).toEqual([
      'readiness-production.junit.xml',
      'readiness-production.sarif',
      'report-production.json',
    ]);

    const partial = await resultsDir({ deploy: 1, 'quality-gate': 1 });
    const fail = await elder(['report', '--results', 'in/*.json', '--out', 'out'], partial);
    expect(fail.code).toBe(2);
    expect(fail.stdout).toMatch(/dr-drill\s+not assessed\s+-/);
    expect(fail.stdout).toContain('not assessed');
  });

  it('refuses a bad result file with its name and writes nothing', async () => {
    const dir = await resultsDir({ deploy: 1 });
    await writeFile(join(dir, 'in', 'broken.json'), JSON.stringify({ ...makePhaseResult(), status: 'passed' }));
    const run = await elder(['report', '--results', 'in', '--out', 'out'], dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('broken.json');
    expect(run.stderr).toContain('/status: must be one of');
    expect(existsSync(join(dir, 'out'))).toBe(false);
    const bad = await elder(['report', '--results', 'in', '--fail-under', '1.5'], dir);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('option --fail-under');
  });

  it('runs the demo on the bundled example from any folder', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'elder-demo-'));
    const run = await elder(['demo', '--dir', join(ROOT, 'examples'), '--out', 'demo', '--json'], cwd);
    expect(run.stderr).not.toContain('internal error');
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as {
      smoke: { requests: number; failed: number; countedByService: number };
      tests: { exitCode: number; evidence: { name: string; sha256: string }[] };
      qualityGate: { status: string; files: { result: string } };
      complianceAudit: { status: string; bundleHash: string; files: { certificates: string[] } };
      deploy: { finalState: string; requests: number; failed: number; candidateErrors: number }[];
      readiness: { status: string; rows: { phase: string; status: string }[] };
    };
    expect(out.smoke.failed).toBe(0);
    // The service's own counter agrees with what the demo sent: the metrics endpoint is real.
    expect(out.smoke.countedByService).toBe(out.smoke.requests);
    expect(out.tests.exitCode).toBe(0);
    expect(out.tests.evidence.map((e) => e.name).sort()).toEqual(['junit.xml', 'lcov.info']);
    // The quality gate judged the example's real reports; the phases not in this release are
    // honestly not assessed.
    expect(out.qualityGate.status).toBe('success');
    expect(out.readiness.rows.find((row) => row.phase === 'quality-gate')?.status).toBe('success');
    // The example repository passes its audit for the configured frameworks, with certificates
    // and a chained evidence bundle.
    expect(out.complianceAudit.status).toBe('success');
    expect(out.complianceAudit.bundleHash).toMatch(/^[0-9a-f]{64}$/);
    expect(out.complianceAudit.files.certificates.length).toBeGreaterThan(0);
    expect(out.readiness.rows.find((row) => row.phase === 'compliance-audit')?.status).toBe('success');
    // A healthy canary is promoted and a seeded regression rolled back, with no user request
    // failing other than the regression's own errors before the rollback.
    expect(out.deploy.map((d) => d.finalState)).toEqual(['promoted', 'rolled_back']);
    expect(out.deploy.every((d) => d.failed === 0 && d.requests > 0)).toBe(true);
    expect(out.deploy[1]?.candidateErrors).toBeGreaterThan(0);
    const ran = new Set(['quality-gate', 'compliance-audit', 'deploy']);
    expect(out.readiness.rows.filter((row) => !ran.has(row.phase)).every((row) => row.status === 'not_assessed')).toBe(
      true,
    );
    const summary = await readFile(join(cwd, 'demo', 'readiness-summary.md'), 'utf8');
    expect(summary).toContain('```mermaid');
    expect(summary).toContain('not assessed');
  }, 300_000);
});
