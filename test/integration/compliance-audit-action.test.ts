/**
 * The bundled compliance-audit action (dist/compliance-audit/main.js) on a real repository folder
 * against the fake GitHub API: findings at exact positions in the check run and SARIF, one sticky
 * comment with a table per framework, API settings assessed or reported as not assessed according
 * to the token, an evidence bundle that the next run chains to and `elder verify` accepts, and
 * every request valid against GitHub's OpenAPI description.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runAction, type RunActionOptions } from '../support/action-harness.js';
import { FakeGitHub, TOKENS } from '../support/fake-github/index.js';

const ROOT = resolve(import.meta.dirname, '../..');
const SCRIPT = join(ROOT, 'dist/compliance-audit/main.js');
const CLI = join(ROOT, 'dist/cli.js');
const HEAD_SHA = 'c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00';

/** The example repository plus one workflow with an injection and an unpinned action. */
function repository(): string {
  const dir = mkdtempSync(join(tmpdir(), 'elder-audit-action-'));
  cpSync(join(ROOT, 'examples'), dir, {
    recursive: true,
    filter: (src) => !src.includes('node_modules') && !src.includes('.elder'),
  });
  writeFileSync(
    join(dir, '.github/workflows/triage.yml'),
    [
      'name: triage',
      'on:',
      '  issues:',
      '    types: [opened]',
      'permissions:',
      '  issues: write',
      'jobs:',
      '  label:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - uses: some-org/labeler@v2',
      '      - run: |',
      '          echo "new issue"',
      '          echo "${{ github.event.issue.title }}"',
      '',
    ].join('\n'),
  );
  return dir;
}

describe('actions/compliance-audit (bundled) against the fake GitHub API', () => {
  let fake: FakeGitHub;
  const cleanups: (() => void)[] = [];
  beforeEach(async () => {
    fake = await FakeGitHub.start();
  });
  afterEach(async () => {
    expect(fake.violations).toEqual([]);
    await fake.close();
    for (const cleanup of cleanups.splice(0)) cleanup();
  });

  async function run(cwd: string, extra: Partial<RunActionOptions> = {}) {
    const { inputs, ...rest } = extra;
    const result = await runAction({
      script: SCRIPT,
      cwd,
      inputs: { token: 'ghs_audit_token_value', environment: 'production', ...inputs },
      event: { name: 'pull_request', number: 12, headSha: HEAD_SHA },
      apiUrl: fake.url,
      timeoutMs: 90_000,
      ...rest,
    });
    cleanups.push(result.cleanup);
    return result;
  }

  it('fails on the injected workflow, annotates exact positions, and maps findings to controls', async () => {
    const cwd = repository();
    cleanups.push(() => rmSync(cwd, { recursive: true, force: true }));
    fake.token = TOKENS.admin;
    const result = await run(cwd);
    expect(result.exitCode, result.stdout.slice(-3000)).toBe(1);
    expect(result.outputs['status']).toBe('failure');
    expect(Number(result.outputs['critical-findings'])).toBeGreaterThanOrEqual(1);

    const check = fake.checkRuns[0];
    expect(check).toMatchObject({
      name: 'elder / compliance-audit (production)',
      headSha: HEAD_SHA,
      conclusion: 'failure',
    });
    const annotations = check?.annotations ?? [];
    const injection = annotations.find((a) => a.message.includes('github.event.issue.title'));
    expect(injection).toMatchObject({ path: '.github/workflows/triage.yml', start_line: 14 });
    expect(annotations.some((a) => a.path === '.github/workflows/triage.yml' && a.start_line === 11)).toBe(true);

    const comment = fake.comments[0]?.body ?? '';
    expect(comment.startsWith('<!-- elder:compliance-audit:production -->')).toBe(true);
    expect(comment).toMatch(/SOC 2/);
    expect(comment).toMatch(/ISO/);

    const sarif = JSON.parse(readFileSync(result.outputs['sarif-file'] ?? '', 'utf8'));
    expect(sarif.version).toBe('2.1.0');
    const sarifResult = sarif.runs[0].results.find(
      (r: { ruleId: string }) => r.ruleId === 'workflow/untrusted-input-in-run',
    );
    expect(sarifResult.locations[0].physicalLocation.region.startLine).toBe(14);
    expect(sarifResult.partialFingerprints).toBeDefined();

    const phase = JSON.parse(readFileSync(result.outputs['result-file'] ?? '', 'utf8'));
    const finding = phase.findings.find((f: { ruleId: string }) => f.ruleId === 'workflow/untrusted-input-in-run');
    expect(finding.controls).toEqual(
      expect.arrayContaining([expect.stringMatching(/^soc_2:CC/), expect.stringMatching(/^iso_27001:A\./)]),
    );
  });

  it('reports what a weak token cannot read as not assessed, naming the permission, never as passed', async () => {
    const cwd = repository();
    cleanups.push(() => rmSync(cwd, { recursive: true, force: true }));
    fake.token = TOKENS.githubToken({ contents: 'read', checks: 'write', pull_requests: 'write' });
    const result = await run(cwd, { inputs: { 'fail-on': 'never' } });
    expect(result.exitCode, result.stdout.slice(-3000)).toBe(0);
    const phase = JSON.parse(readFileSync(result.outputs['result-file'] ?? '', 'utf8'));
    const text = JSON.stringify(phase.details);
    expect(text).toMatch(/token lacks administration: read/);
    expect(Number(result.outputs['coverage'])).toBeLessThan(1);
    expect(phase.findings.some((f: { ruleId: string }) => f.ruleId === 'api/branch-protection')).toBe(false);
  });

  it('chains the evidence bundle to the previous run, and elder verify accepts the trail', async () => {
    const cwd = repository();
    cleanups.push(() => rmSync(cwd, { recursive: true, force: true }));
    fake.token = TOKENS.admin;
    const first = await run(cwd, { inputs: { 'fail-on': 'never' } });
    expect(first.exitCode, first.stdout.slice(-2000)).toBe(0);
    const trail = join(cwd, 'trail');
    cpSync(first.outputs['bundle-dir'] ?? '', join(trail, 'bundle-000001'), { recursive: true });
    const second = await run(cwd, { inputs: { 'fail-on': 'never', 'previous-bundle': 'trail' } });
    expect(second.exitCode, second.stdout.slice(-2000)).toBe(0);
    const manifest = JSON.parse(readFileSync(join(second.outputs['bundle-dir'] ?? '', 'manifest.json'), 'utf8'));
    expect(manifest.sequence).toBe(2);
    expect(manifest.previous).toBe(first.outputs['bundle-hash']);
    cpSync(second.outputs['bundle-dir'] ?? '', join(trail, 'bundle-000002'), { recursive: true });
    const verified = execFileSync(process.execPath, [CLI, 'verify', trail], { encoding: 'utf8' });
    expect(verified).toMatch(/intact|complete/i);
  });
});
