import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { auditRepositoryFiles } from '../../../../actions/compliance-audit/src/repository/index.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function repo(files: Record<string, string | Uint8Array>): string {
  const root = mkdtempSync(join(tmpdir(), 'elder-repo-audit-'));
  dirs.push(root);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

function statusOf(report: Awaited<ReturnType<typeof auditRepositoryFiles>>, ruleId: string): string | undefined {
  return report.outcomes.find((o) => o.ruleId === ruleId)?.status;
}

const COMPLETE = {
  'SECURITY.md': '# Reporting\nMail security@example.org\n',
  LICENSE: 'MIT License\n',
  '.github/CODEOWNERS': '# owners\n* @org/platform\n',
  '.github/dependabot.yml': 'version: 2\nupdates: []\n',
  'package.json': '{"name":"x","dependencies":{"yaml":"2.9.1"}}\n',
  'package-lock.json': '{"lockfileVersion":3}\n',
  'packages/api/package.json': '{"name":"api","dependencies":{"ajv":"8.20.0"}}\n',
  'tools/no-deps/package.json': '{"name":"tool","scripts":{"test":"node --test"}}\n',
};

describe('auditRepositoryFiles', () => {
  it('passes a repository with its governance files, lockfiles and nothing leaked', async () => {
    const report = await auditRepositoryFiles(repo(COMPLETE));
    expect(report.outcomes.filter((o) => o.status !== 'pass')).toEqual([]);
    expect(report.outcomes).toHaveLength(11);
    expect(report.evidence.find((e) => e.path === 'SECURITY.md')?.sha256).toMatch(/^[0-9a-f]{64}$/);
    const manifest = report.evidence.find((e) => e.path === 'repository/scanned-files.sha256');
    expect(manifest?.content?.split('\n').filter(Boolean)).toHaveLength(8);
  });

  it('reports each missing governance file and a manifest without a lockfile', async () => {
    const report = await auditRepositoryFiles(
      repo({ 'svc/go.mod': 'module x\n', 'README.md': 'hi\n', CODEOWNERS: '# nobody\n' }),
    );
    for (const id of [
      'repo/security-policy',
      'repo/license',
      'repo/dependency-update-config',
      'repo/lockfile',
      'repo/codeowners',
    ]) {
      expect(statusOf(report, id), id).toBe('fail');
    }
    const lock = report.outcomes.find((o) => o.ruleId === 'repo/lockfile')?.findings[0];
    expect(lock?.location?.file).toBe('svc/go.mod');
    expect(report.outcomes.find((o) => o.ruleId === 'repo/codeowners')?.findings[0]?.message).toContain(
      'no owner rule',
    );
  });

  it('finds binaries by magic number even under a text name, and by extension', async () => {
    const elf = new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0]);
    const report = await auditRepositoryFiles(
      repo({ ...COMPLETE, 'tools/helper.txt': elf, 'lib/app.jar': 'PK\u0003\u0004' }),
    );
    const findings = report.outcomes.find((o) => o.ruleId === 'repo/binary-artifact')?.findings ?? [];
    expect(findings.map((f) => f.location?.file).sort()).toEqual(['lib/app.jar', 'tools/helper.txt']);
  });

  it('skips, with a reason, non-UTF-8 files, links out of the repository and oversized files, and goes on', async () => {
    const outside = repo({ 'secret.txt': 'outside\n' });
    const root = repo({
      ...COMPLETE,
      'data/latin1.csv': new Uint8Array([0x6e, 0x61, 0x6d, 0x65, 0x0a, 0xe9, 0x0a]),
      'big.log': 'a'.repeat(3 * 1024 * 1024),
    });
    symlinkSync(join(outside, 'secret.txt'), join(root, 'escape.txt'));
    const report = await auditRepositoryFiles(root);
    const reasons = Object.fromEntries(report.skipped.map((s) => [s.subject, s.reason]));
    expect(reasons['data/latin1.csv']).toMatch(/not UTF-8 \(first invalid byte at offset 5\)/);
    expect(reasons['escape.txt']).toMatch(/outside the repository/);
    expect(reasons['big.log']).toMatch(/larger than 2 MiB/);
    expect(report.outcomes.filter((o) => o.status !== 'pass')).toEqual([]);
    expect(JSON.stringify(report)).not.toContain('outside\\n');
  });

  it('audits only tracked files in a Git work tree and honours exclusions', async () => {
    const root = repo({ ...COMPLETE, 'build/out.exe': 'MZ', 'corpus/bad.jar': 'x' });
    execFileSync('git', ['init', '-q'], { cwd: root });
    execFileSync('git', ['add', '--', ...Object.keys(COMPLETE), 'corpus/bad.jar'], { cwd: root });
    const report = await auditRepositoryFiles(root, { exclude: ['corpus/**'] });
    expect(statusOf(report, 'repo/binary-artifact')).toBe('pass');
    const all = await auditRepositoryFiles(root);
    expect(
      all.outcomes.find((o) => o.ruleId === 'repo/binary-artifact')?.findings.map((f) => f.location?.file),
    ).toEqual(['corpus/bad.jar']);
  });
});
