import { describe, expect, it } from 'vitest';
import { auditWorkflowText } from '../../../../actions/compliance-audit/src/workflows/audit-workflow-text.js';
import { exposureOf } from '../../../../actions/compliance-audit/src/workflows/rules/persisted-credentials-artifact.js';
import { findingsOf, positions, yamlLines } from './helpers.js';

const ARTIFACT = 'workflow/persisted-credentials-artifact';
const RUNNER = 'workflow/self-hosted-runner-public';

describe('workflow/persisted-credentials-artifact', () => {
  const job = (checkoutWith: string[], path: string[]) =>
    yamlLines(
      'on: push',
      'permissions: {}',
      'jobs:',
      '  a:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - uses: actions/checkout@v4',
      ...checkoutWith,
      '      - run: make',
      '      - uses: actions/upload-artifact@v4',
      '        with:',
      '          name: out',
      ...path,
    );

  it('flags uploading the workspace root after a credential-persisting checkout, at the offending path line', () => {
    const text = job([], ['          path: |', '            dist', '            .']);
    expect(positions(text, ARTIFACT)).toEqual(['14:13']);
    expect(findingsOf(text, ARTIFACT)[0]?.severity).toBe('medium');
  });

  it('flags .git paths (high) and the workspace expression', () => {
    expect(positions(job([], ['          path: .git/config']), ARTIFACT)).toEqual(['12:17']);
    expect(findingsOf(job([], ['          path: .git/config']), ARTIFACT)[0]?.severity).toBe('high');
    expect(positions(job([], ['          path: ${{ github.workspace }}']), ARTIFACT)).toEqual(['12:17']);
  });

  it('is safe with persist-credentials: false or a build-output path', () => {
    expect(
      positions(job(['        with:', '          persist-credentials: false'], ['          path: .']), ARTIFACT),
    ).toEqual([]);
    expect(positions(job([], ['          path: dist/']), ARTIFACT)).toEqual([]);
  });

  it('classifies path entries', () => {
    expect(
      ['.', './', '*', '**', '**/*', './**', '${{ github.workspace }}/', '${{github.workspace}}'].map(exposureOf),
    ).toEqual(Array(8).fill('workspace'));
    expect(['.git', './.git/', 'sub/.git/config'].map(exposureOf)).toEqual(['git', 'git', 'git']);
    expect(['dist', '!.', 'build/**', ''].map(exposureOf)).toEqual([undefined, undefined, undefined, undefined]);
  });
});

describe('workflow/self-hosted-runner-public', () => {
  const text = yamlLines(
    'on: pull_request',
    'permissions: {}',
    'jobs:',
    '  a:',
    '    runs-on: self-hosted',
    '    steps: [{ run: make }]',
    '  b:',
    '    runs-on: [linux, self-hosted]',
    '    steps: [{ run: make }]',
    '  c:',
    '    runs-on:',
    '      group: builders',
    '      labels: [Self-Hosted, x64]',
    '    steps: [{ run: make }]',
    '  d:',
    '    runs-on: ubuntu-latest',
    '    steps: [{ run: make }]',
    '  e:',
    '    strategy:',
    '      matrix:',
    '        os: [ubuntu-latest, self-hosted]',
    '    runs-on: ${{ matrix.os }}',
    '    steps: [{ run: make }]',
    '  f:',
    '    runs-on:',
    '      group: larger-runners',
    '    steps: [{ run: make }]',
  );

  it('flags every form of the self-hosted label on a public repository', () => {
    expect(positions(text, RUNNER, { visibility: 'public' })).toEqual(['5:14', '8:22', '13:16', '22:14']);
  });

  it('reports nothing for private or unknown visibility (unknown is not_assessed in auditWorkflows)', () => {
    expect(positions(text, RUNNER, { visibility: 'private' })).toEqual([]);
    expect(auditWorkflowText('w.yml', text).findings.filter((f) => f.ruleId === RUNNER)).toEqual([]);
  });
});
