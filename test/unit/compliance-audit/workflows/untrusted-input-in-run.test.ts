import { describe, expect, it } from 'vitest';
import { auditWorkflowText } from '../../../../actions/compliance-audit/src/workflows/audit-workflow-text.js';
import { findingsOf, positions, yamlLines } from './helpers.js';

const RULE = 'workflow/untrusted-input-in-run';
const header = ['on: issues', 'permissions: {}', 'jobs:', '  triage:', '    runs-on: ubuntu-latest', '    steps:'];

describe('workflow/untrusted-input-in-run', () => {
  it('flags a title in a literal block scalar at the exact ${{', () => {
    const text = yamlLines(
      ...header,
      '      - run: |',
      '          echo start',
      '          echo "${{ github.event.issue.title }}"',
    );
    expect(positions(text, RULE)).toEqual(['9:17']);
    const [finding] = findingsOf(text, RULE);
    expect(finding?.message).toContain('github.event.issue.title');
    expect(finding?.evidence).toBe('${{ github.event.issue.title }}');
    expect(finding?.severity).toBe('critical');
  });

  it('locates expressions in folded, plain, single- and double-quoted scalars', () => {
    const text = yamlLines(
      ...header,
      '      - run: >-',
      '          echo ${{ github.sha }}',
      '          ${{ github.head_ref }}',
      '      - run: echo ${{ github.event.comment.body }}',
      "      - run: 'echo ''${{ github.event.issue.body }}'''",
      '      - run: "echo \\"${{ github.event.pull_request.title }}\\""',
      '      - run: echo one',
      '          ${{ github.event.review.body }}',
    );
    expect(positions(text, RULE)).toEqual(['9:11', '10:19', '11:22', '12:22', '14:11']);
  });

  it('flags the script input of actions/github-script', () => {
    const text = yamlLines(
      ...header,
      '      - uses: actions/github-script@v7',
      '        with:',
      '          script: |',
      "            console.log('${{ github.event.issue.title }}')",
    );
    expect(positions(text, RULE)).toEqual(['10:26']);
  });

  it('is safe when the value goes through env: and is read as a variable', () => {
    const text = yamlLines(
      ...header,
      '      - env:',
      '          TITLE: ${{ github.event.issue.title }}',
      '        run: echo "$TITLE"',
      '      - uses: actions/github-script@v7',
      '        env:',
      '          TITLE: ${{ github.event.issue.title }}',
      '        with:',
      '          script: console.log(process.env.TITLE)',
    );
    expect(positions(text, RULE)).toEqual([]);
  });

  it('follows env: when the variable is expanded back with ${{ env.X }}, at step, job and workflow level', () => {
    const text = yamlLines(
      'on: issue_comment',
      'env:',
      '  BODY: ${{ github.event.comment.body }}',
      'jobs:',
      '  a:',
      '    runs-on: ubuntu-latest',
      '    env:',
      '      JOBVAR: ${{ env.BODY }}',
      '    steps:',
      '      - run: echo ${{ env.BODY }}',
      '      - run: echo ${{ env.JOBVAR }}',
      '      - env:',
      '          BODY: safe',
      '        run: echo ${{ env.BODY }}',
    );
    expect(positions(text, RULE)).toEqual(['10:19', '11:19']);
  });

  it('is safe for booleans and trusted values, tainted for ||, format and toJSON', () => {
    const text = yamlLines(
      ...header,
      "      - run: echo ${{ contains(github.event.issue.title, 'bug') }} ${{ github.sha }} ${{ inputs.name }}",
      "      - run: echo ${{ github.event.issue.title || 'none' }}",
      "      - run: echo ${{ format('{0}', github.head_ref) }}",
      "      - run: echo '${{ toJSON(github.event) }}'",
    );
    expect(positions(text, RULE)).toEqual(['8:19', '9:19', '10:20']);
  });

  it('checks run: steps of composite actions', () => {
    const text = yamlLines(
      'name: greet',
      'runs:',
      '  using: composite',
      '  steps:',
      '    - shell: bash',
      '      run: echo "${{ github.event.pull_request.head.ref }}" "${{ inputs.who }}"',
    );
    const result = auditWorkflowText('tools/greet/action.yml', text);
    expect(result.kind).toBe('composite-action');
    expect(result.findings.map((f) => `${f.ruleId} ${f.location?.line}:${f.location?.column}`)).toEqual([
      `${RULE} 6:18`,
    ]);
  });

  it('ignores a malformed expression instead of crashing', () => {
    const text = yamlLines(...header, '      - run: echo ${{ github.event.issue.title ==  }}');
    expect(positions(text, RULE)).toEqual([]);
  });
});
