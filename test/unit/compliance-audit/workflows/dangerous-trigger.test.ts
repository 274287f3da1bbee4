import { describe, expect, it } from 'vitest';
import { findingsOf, positions, yamlLines } from './helpers.js';

const RULE = 'workflow/dangerous-trigger';

function workflow(trigger: string, checkoutWith: string[], after: string[]): string {
  return yamlLines(
    'on:',
    `  ${trigger}:`,
    'permissions:',
    '  contents: read',
    'jobs:',
    '  test:',
    '    runs-on: ubuntu-latest',
    '    steps:',
    '      - uses: actions/checkout@v4',
    ...checkoutWith,
    ...after,
  );
}

describe('workflow/dangerous-trigger', () => {
  it('flags pull_request_target checking out the head SHA and then running it, at the ${{ of ref', () => {
    const text = workflow(
      'pull_request_target',
      ['        with:', '          ref: ${{ github.event.pull_request.head.sha }}'],
      ['      - run: npm test'],
    );
    expect(positions(text, RULE)).toEqual(['11:16']);
    expect(findingsOf(text, RULE)[0]?.message).toMatch(
      /pull_request_target.*github\.event\.pull_request\.head\.sha.*step 2/,
    );
  });

  it('flags refs/pull/ refs, head_ref and a local action run after checkout', () => {
    const text = workflow(
      'pull_request_target',
      ['        with:', '          ref: refs/pull/${{ github.event.number }}/merge'],
      ['      - uses: ./.github/actions/build'],
    );
    expect(positions(text, RULE)).toEqual(['11:16']);
    const headRef = workflow(
      'pull_request_target',
      ['        with:', '          ref: ${{ github.head_ref }}'],
      ['      - run: make'],
    );
    expect(positions(headRef, RULE)).toEqual(['11:16']);
  });

  it('flags workflow_run checking out the triggering head', () => {
    const text = workflow(
      'workflow_run',
      ['        with:', '          ref: ${{ github.event.workflow_run.head_sha }}'],
      ['      - run: ./build.sh'],
    );
    expect(positions(text, RULE)).toEqual(['11:16']);
  });

  it('is safe to check out the base branch, or the head without running anything after it', () => {
    expect(positions(workflow('pull_request_target', [], ['      - run: npm test']), RULE)).toEqual([]);
    const noRun = workflow(
      'pull_request_target',
      ['        with:', '          ref: ${{ github.event.pull_request.head.sha }}'],
      ['      - uses: actions/upload-artifact@v4', '        with:', '          path: src'],
    );
    expect(positions(noRun, RULE)).toEqual([]);
  });

  it('is safe on pull_request, which runs without secrets', () => {
    const text = workflow(
      'pull_request',
      ['        with:', '          ref: ${{ github.event.pull_request.head.sha }}'],
      ['      - run: npm test'],
    );
    expect(positions(text, RULE)).toEqual([]);
  });
});
