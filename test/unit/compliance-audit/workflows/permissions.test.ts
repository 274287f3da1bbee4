import { describe, expect, it } from 'vitest';
import { auditWorkflowText } from '../../../../actions/compliance-audit/src/workflows/audit-workflow-text.js';
import { findingsOf, positions, yamlLines } from './helpers.js';

const MISSING = 'workflow/missing-permissions';
const EXCESSIVE = 'workflow/excessive-permissions';

describe('workflow/missing-permissions', () => {
  it('flags each job without permissions when the workflow has none, at the job key', () => {
    const text = yamlLines(
      'on: push',
      'jobs:',
      '  build:',
      '    runs-on: ubuntu-latest',
      '    steps: [{ run: make }]',
      '  release:',
      '    permissions:',
      '      contents: write',
      '    runs-on: ubuntu-latest',
      '    steps: [{ run: make }]',
    );
    expect(positions(text, MISSING)).toEqual(['3:3']);
    expect(findingsOf(text, MISSING)[0]?.message).toContain('`build`');
  });

  it('passes with top-level permissions, including the empty mapping', () => {
    for (const permissions of ['permissions: {}', 'permissions: read-all', 'permissions:\n  contents: read']) {
      const text = yamlLines(
        'on: push',
        permissions,
        'jobs:',
        '  a:',
        '    runs-on: ubuntu-latest',
        '    steps: [{ run: make }]',
      );
      expect(positions(text, MISSING)).toEqual([]);
    }
  });

  it('does not apply to composite actions', () => {
    const text = yamlLines('runs:', '  using: composite', '  steps:', '    - run: echo hi', '      shell: bash');
    expect(auditWorkflowText('a/action.yml', text).findings).toEqual([]);
  });
});

describe('workflow/excessive-permissions', () => {
  it('flags write-all at workflow and job level, at the value', () => {
    const text = yamlLines(
      'on: push',
      'permissions: write-all',
      'jobs:',
      '  a:',
      '    permissions: write-all',
      '    runs-on: ubuntu-latest',
      '    steps: [{ run: make }]',
    );
    expect(positions(text, EXCESSIVE)).toEqual(['2:14', '5:18']);
  });

  it('flags workflow-level write scopes on triggers outsiders can fire', () => {
    const text = yamlLines(
      'on: [issue_comment]',
      'permissions:',
      '  contents: read',
      '  pull-requests: write',
      'jobs:',
      '  a:',
      '    runs-on: ubuntu-latest',
      '    steps: [{ run: make }]',
    );
    expect(positions(text, EXCESSIVE)).toEqual(['4:3']);
    expect(findingsOf(text, EXCESSIVE)[0]?.severity).toBe('high');
  });

  it('flags workflow-level write scopes inherited by two or more jobs (medium)', () => {
    const text = yamlLines(
      'on: push',
      'permissions:',
      '  id-token: write',
      'jobs:',
      '  test:',
      '    runs-on: ubuntu-latest',
      '    steps: [{ run: make test }]',
      '  deploy:',
      '    runs-on: ubuntu-latest',
      '    steps: [{ run: make deploy }]',
    );
    expect(positions(text, EXCESSIVE)).toEqual(['3:3']);
    expect(findingsOf(text, EXCESSIVE)[0]?.severity).toBe('medium');
  });

  it('accepts job-level write grants and a workflow-level grant used by a single job', () => {
    const jobLevel = yamlLines(
      'on: pull_request_target',
      'permissions: {}',
      'jobs:',
      '  label:',
      '    permissions:',
      '      pull-requests: write',
      '    runs-on: ubuntu-latest',
      '    steps: [{ uses: actions/labeler@v5 }]',
    );
    expect(positions(jobLevel, EXCESSIVE)).toEqual([]);
    const single = yamlLines(
      'on: push',
      'permissions:',
      '  contents: write',
      'jobs:',
      '  a:',
      '    runs-on: ubuntu-latest',
      '    steps: [{ run: make }]',
    );
    expect(positions(single, EXCESSIVE)).toEqual([]);
  });
});
