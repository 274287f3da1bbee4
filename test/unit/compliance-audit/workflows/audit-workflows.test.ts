import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditWorkflows } from '../../../../actions/compliance-audit/src/workflows/audit-workflows.js';
import { auditWorkflowText } from '../../../../actions/compliance-audit/src/workflows/audit-workflow-text.js';
import { WORKFLOW_RULE_IDS } from '../../../../actions/compliance-audit/src/workflows/rules/index.js';
import { yamlLines } from './helpers.js';

const GOOD = yamlLines(
  'on: issues',
  'jobs:',
  '  triage:',
  '    runs-on: self-hosted',
  '    steps:',
  '      - run: echo "${{ github.event.issue.title }}"',
);

function aliasBomb(): string {
  const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
  for (let level = 1; level < 9; level++) {
    const previous = String.fromCharCode(96 + level);
    const name = String.fromCharCode(97 + level);
    lines.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(',')}]`);
  }
  lines.push('on: push', 'jobs: {}');
  return yamlLines(...lines);
}

let root: string;
let outside: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'elder-wf-'));
  outside = await mkdtemp(path.join(os.tmpdir(), 'elder-wf-outside-'));
  const workflows = path.join(root, '.github', 'workflows');
  await mkdir(workflows, { recursive: true });
  await writeFile(path.join(workflows, 'good.yml'), GOOD);
  await writeFile(path.join(workflows, 'bomb.yml'), aliasBomb());
  await writeFile(path.join(workflows, 'huge.yaml'), `on: push\n# ${'x'.repeat(2 * 1024 * 1024)}\n`);
  await writeFile(path.join(workflows, 'latin1.yml'), Buffer.from('on: push\nname: caf\xe9\n', 'latin1'));
  await writeFile(path.join(workflows, 'broken.yml'), 'on: push\njobs:\n  a: [unclosed\n');
  await writeFile(path.join(workflows, 'list.yml'), '- on\n- push\n');
  await writeFile(path.join(workflows, 'deep.yml'), `on: push\nx: ${'['.repeat(3000)}${']'.repeat(3000)}\n`);
  await writeFile(path.join(workflows, 'notes.txt'), 'not a workflow');
  await writeFile(path.join(outside, 'secret.yml'), GOOD);
  await symlink(path.join(outside, 'secret.yml'), path.join(workflows, 'escape.yml'));
  await symlink(path.join(workflows, 'good.yml'), path.join(workflows, 'alias-inside.yml'));
  await mkdir(path.join(root, 'tools', 'greet'), { recursive: true });
  await writeFile(
    path.join(root, 'tools', 'greet', 'action.yml'),
    yamlLines('runs:', '  using: composite', '  steps:', '    - run: echo ${{ github.head_ref }}', '      shell: bash'),
  );
  await mkdir(path.join(root, 'tools', 'js'), { recursive: true });
  await writeFile(
    path.join(root, 'tools', 'js', 'action.yaml'),
    yamlLines('runs:', '  using: node20', '  main: index.js'),
  );
  await mkdir(path.join(root, 'node_modules', 'dep'), { recursive: true });
  await writeFile(path.join(root, 'node_modules', 'dep', 'action.yml'), GOOD);
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
  await rm(outside, { recursive: true, force: true });
});

describe('auditWorkflows', () => {
  it('skips every hostile file with a reason and audits the rest', async () => {
    const report = await auditWorkflows(root, { visibility: 'public' });
    const reasons = Object.fromEntries(report.skipped.map((s) => [s.subject, s.reason]));
    expect(Object.keys(reasons).sort()).toEqual(
      [
        '.github/workflows/bomb.yml',
        '.github/workflows/broken.yml',
        '.github/workflows/deep.yml',
        '.github/workflows/escape.yml',
        '.github/workflows/huge.yaml',
        '.github/workflows/latin1.yml',
        '.github/workflows/list.yml',
      ].sort(),
    );
    expect(reasons['.github/workflows/bomb.yml']).toMatch(/aliases would expand/);
    expect(reasons['.github/workflows/huge.yaml']).toMatch(/limit is 1048576 bytes/);
    expect(reasons['.github/workflows/latin1.yml']).toMatch(/not valid UTF-8 \(first bad byte at offset 18\)/);
    expect(reasons['.github/workflows/broken.yml']).toMatch(
      /^invalid YAML at \.github\/workflows\/broken\.yml:\d+:\d+: /,
    );
    expect(reasons['.github/workflows/list.yml']).toMatch(/root is a sequence, expected a mapping/);
    expect(reasons['.github/workflows/deep.yml']).toMatch(/nests more than 64 levels/);
    expect(reasons['.github/workflows/escape.yml']).toMatch(/outside the repository/);

    expect(report.evidence.map((e) => e.path)).toEqual([
      '.github/workflows/alias-inside.yml',
      '.github/workflows/good.yml',
      'tools/greet/action.yml',
    ]);
    const good = report.evidence.find((e) => e.path === '.github/workflows/good.yml');
    expect(good?.sha256).toBe(createHash('sha256').update(GOOD).digest('hex'));
    expect(good?.bytes).toBe(Buffer.byteLength(GOOD));

    expect(report.outcomes.map((o) => o.ruleId)).toEqual([...WORKFLOW_RULE_IDS]);
    const byRule = Object.fromEntries(report.outcomes.map((o) => [o.ruleId, o]));
    const injection = byRule['workflow/untrusted-input-in-run'];
    expect(injection?.status).toBe('fail');
    expect(injection?.findings.map((f) => `${f.location?.file}:${f.location?.line}:${f.location?.column}`)).toEqual([
      '.github/workflows/alias-inside.yml:6:20',
      '.github/workflows/good.yml:6:20',
      'tools/greet/action.yml:4:17',
    ]);
    expect(byRule['workflow/self-hosted-runner-public']?.status).toBe('fail');
    expect(byRule['workflow/secrets-inherit']?.status).toBe('pass');
    expect(injection?.examined).toBe('2 workflow files, 1 composite action');
  });

  it('reports the self-hosted rule as not assessed when visibility is unknown', async () => {
    const report = await auditWorkflows(root, {});
    const outcome = report.outcomes.find((o) => o.ruleId === 'workflow/self-hosted-runner-public');
    expect(outcome?.status).toBe('not_assessed');
    expect(outcome?.reason).toMatch(/visibility is unknown/);
  });

  it('audits only the given paths and refuses paths outside the root', async () => {
    const report = await auditWorkflows(root, {
      visibility: 'private',
      paths: ['.github/workflows/good.yml', '../escape.yml'],
    });
    expect(report.evidence.map((e) => e.path)).toEqual(['.github/workflows/good.yml']);
    expect(report.skipped).toEqual([{ subject: '../escape.yml', reason: 'path is outside the repository' }]);
  });

  it('refuses files reached through a symlinked directory that leads outside', async () => {
    const repo = await mkdtemp(path.join(os.tmpdir(), 'elder-wf-dirlink-'));
    try {
      await mkdir(path.join(repo, '.github'), { recursive: true });
      await mkdir(path.join(outside, 'wf'), { recursive: true });
      await writeFile(path.join(outside, 'wf', 'ci.yml'), GOOD);
      await symlink(path.join(outside, 'wf'), path.join(repo, '.github', 'workflows'));
      const report = await auditWorkflows(repo, { visibility: 'private' });
      expect(report.skipped).toEqual([
        { subject: '.github/workflows/ci.yml', reason: 'symlink points outside the repository; not followed' },
      ]);
      expect(report.evidence).toEqual([]);
    } finally {
      await rm(repo, { recursive: true, force: true });
    }
  });

  it('says not assessed rather than pass when no file could be read', async () => {
    const report = await auditWorkflows(root, { visibility: 'private', paths: ['.github/workflows/broken.yml'] });
    expect(report.outcomes.every((o) => o.status === 'not_assessed')).toBe(true);
  });
});

describe('auditWorkflowText on hostile text', () => {
  it('returns skipped, never throws', () => {
    for (const text of ['', '~', 'just a string', '[1, 2]', 'a: b\na: c\n', '\t- bad', 'on: push\n---\non: push\n']) {
      const result = auditWorkflowText('x.yml', text);
      expect(result.skipped?.subject).toBe('x.yml');
      expect(result.findings).toEqual([]);
    }
  });

  it('names file:line:column of a YAML error', () => {
    const duplicate = auditWorkflowText('w.yml', 'on: push\njobs: {}\non: pull_request\n');
    expect(duplicate.skipped?.reason).toBe('invalid YAML at w.yml:3:1: Map keys must be unique');
    const compact = auditWorkflowText('w.yml', 'on: push\njobs:\n  a: b: c\n');
    expect(compact.skipped?.reason).toBe(
      'invalid YAML at w.yml:3:6: Nested mappings are not allowed in compact mappings',
    );
  });
});
