import { describe, expect, it } from 'vitest';
import { findingsOf, positions, yamlLines } from './helpers.js';

const UNPINNED = 'workflow/unpinned-action';
const INHERIT = 'workflow/secrets-inherit';
const CACHE = 'workflow/cache-poisoning';
const SHA = 'b4ffde65f46336ab88eb53be808477a3936bae11';

describe('workflow/unpinned-action', () => {
  it('flags tags, branches, short SHAs, missing refs, docker tags and reusable workflows at the uses value', () => {
    const text = yamlLines(
      'on: push',
      'permissions: {}',
      'jobs:',
      '  a:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - uses: someone/action@v1.2.3',
      '      - uses: someone/action@main',
      '      - uses: someone/action@b4ffde6',
      '      - uses: someone/action',
      '      - uses: docker://alpine:3.20',
      '  b:',
      '    uses: org/workflows/.github/workflows/ci.yml@v2',
    );
    expect(positions(text, UNPINNED)).toEqual(['7:15', '8:15', '9:15', '10:15', '11:15', '13:11']);
    expect(findingsOf(text, UNPINNED).map((f) => f.severity)).toEqual([
      'medium',
      'high',
      'medium',
      'high',
      'medium',
      'medium',
    ]);
  });

  it('reports first-party actions on tags with low severity', () => {
    const text = yamlLines(
      'on: push',
      'permissions: {}',
      'jobs:',
      '  a:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - uses: actions/checkout@v4',
      '      - uses: github/codeql-action/init@v3',
      `      - uses: actions/setup-node@${SHA}`,
    );
    expect(positions(text, UNPINNED)).toEqual(['7:15', '8:15']);
    expect(findingsOf(text, UNPINNED).map((f) => f.severity)).toEqual(['low', 'low']);
  });

  it('accepts full SHAs, image digests and local actions', () => {
    const text = yamlLines(
      'on: push',
      'permissions: {}',
      'jobs:',
      '  a:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      `      - uses: someone/action@${SHA} # v1.2.3`,
      `      - uses: someone/action/sub/path@${SHA.toUpperCase()}`,
      `      - uses: docker://alpine@sha256:${'a'.repeat(64)}`,
      '      - uses: ./.github/actions/local',
      '  b:',
      '    uses: ./.github/workflows/reusable.yml',
    );
    expect(positions(text, UNPINNED)).toEqual([]);
  });
});

describe('workflow/secrets-inherit', () => {
  it('flags secrets: inherit at its value, high for third-party and medium for local workflows', () => {
    const text = yamlLines(
      'on: push',
      'permissions: {}',
      'jobs:',
      '  remote:',
      `    uses: org/workflows/.github/workflows/ci.yml@${SHA}`,
      '    secrets: inherit',
      '  local:',
      '    uses: ./.github/workflows/ci.yml',
      '    secrets: inherit',
    );
    expect(positions(text, INHERIT)).toEqual(['6:14', '9:14']);
    expect(findingsOf(text, INHERIT).map((f) => f.severity)).toEqual(['high', 'medium']);
  });

  it('accepts secrets passed by name', () => {
    const text = yamlLines(
      'on: push',
      'permissions: {}',
      'jobs:',
      '  remote:',
      `    uses: org/workflows/.github/workflows/ci.yml@${SHA}`,
      '    secrets:',
      '      NPM_TOKEN: ${{ secrets.NPM_TOKEN }}',
    );
    expect(positions(text, INHERIT)).toEqual([]);
  });
});

describe('workflow/cache-poisoning', () => {
  const job = (steps: string[], on = 'release') =>
    yamlLines(
      `on: ${on}`,
      'permissions: {}',
      'jobs:',
      '  publish:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      ...steps,
    );

  it('flags cache restores in release-triggered workflows at the uses value', () => {
    const text = job([
      '      - uses: actions/checkout@v4',
      '      - uses: actions/setup-node@v4',
      '        with:',
      '          cache: npm',
      '      - uses: actions/cache/restore@v4',
      '        with: { path: x, key: y }',
    ]);
    expect(positions(text, CACHE)).toEqual(['8:15', '11:15']);
  });

  it('flags a cache in a job that publishes, and in the jobs it needs, on a plain push workflow', () => {
    const text = yamlLines(
      'on: push',
      'permissions: {}',
      'jobs:',
      '  build:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - uses: actions/cache@v4',
      '        with: { path: x, key: y }',
      '  test:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - uses: actions/cache@v4',
      '        with: { path: x, key: y }',
      '  publish:',
      '    needs: build',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - run: npm publish --provenance',
    );
    expect(positions(text, CACHE)).toEqual(['7:15']);
  });

  it('flags tag pushes and setup-go, which caches by default', () => {
    const text = yamlLines(
      'on:',
      '  push:',
      "    tags: ['v*']",
      'permissions: {}',
      'jobs:',
      '  rel:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - uses: actions/setup-go@v5',
    );
    expect(positions(text, CACHE)).toEqual(['9:15']);
  });

  it('is safe without caches, with caching disabled, or outside release workflows', () => {
    expect(
      positions(job(['      - uses: actions/setup-node@v4', '        with:', '          node-version: 20']), CACHE),
    ).toEqual([]);
    expect(
      positions(job(['      - uses: actions/setup-go@v5', '        with:', '          cache: false']), CACHE),
    ).toEqual([]);
    expect(positions(job(['      - uses: actions/cache@v4'], 'pull_request'), CACHE)).toEqual([]);
    expect(positions(job(['      - uses: actions/cache/save@v4'], 'release'), CACHE)).toEqual([]);
  });
});
