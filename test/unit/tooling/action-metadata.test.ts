// Every actions/<name>/action.yml must satisfy GitHub's own metadata schema (what the runner and
// the Marketplace accept) and the project's rules (node24, the shared-bundle stub layout, documented
// inputs and outputs, branding, one naming scheme). The negative test proves the validator can fail.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { validateActionMetadata, type SchemaFinding } from './action-schema.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

function findActions(): string[] {
  const dir = join(root, 'actions');
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, 'action.yml')))
    .map((entry) => entry.name)
    .sort();
}

function format(findings: SchemaFinding[]): string {
  return findings.map((f) => `  ${f.message}`).join('\n');
}

interface ActionMetadata {
  name?: unknown;
  description?: unknown;
  inputs?: Record<string, { description?: unknown } | null>;
  outputs?: Record<string, { description?: unknown } | null>;
  runs?: { using?: unknown; main?: unknown; post?: unknown; pre?: unknown };
  branding?: { icon?: unknown; color?: unknown };
}

/** The project's own rules on top of GitHub's schema; returns one line per broken rule. */
function projectRuleViolations(action: string, metadata: ActionMetadata): string[] {
  const problems: string[] = [];
  if (typeof metadata.name !== 'string' || !metadata.name.startsWith('Ancient Elder')) {
    problems.push(`name must start with "Ancient Elder" (got ${JSON.stringify(metadata.name)})`);
  }
  if (typeof metadata.description !== 'string' || metadata.description.trim() === '') {
    problems.push('description must be a non-empty string');
  }
  const runs = metadata.runs ?? {};
  if (runs.using !== 'node24') problems.push(`runs.using must be node24 (got ${JSON.stringify(runs.using)})`);
  // The runner downloads the whole repository, so the action may point into the shared dist/;
  // stubs are generated per action and stage by scripts/bundle.mjs.
  for (const stage of ['main', 'post'] as const) {
    const target = runs[stage];
    if (target === undefined && stage === 'post') continue;
    const expected = `../../dist/${action}/${stage}.js`;
    if (target !== expected) {
      problems.push(`runs.${stage} must be ${expected} (got ${JSON.stringify(target)})`);
    } else if (!existsSync(resolve(root, 'actions', action, expected))) {
      problems.push(`runs.${stage} points at ${expected}, which does not exist: run \`npm run bundle\``);
    }
  }
  if (runs.pre !== undefined)
    problems.push('runs.pre is not part of the bundle layout (scripts/bundle.mjs makes main/post)');
  for (const [kind, entries] of [
    ['input', metadata.inputs],
    ['output', metadata.outputs],
  ] as const) {
    for (const [id, definition] of Object.entries(entries ?? {})) {
      const description = definition?.description;
      if (typeof description !== 'string' || description.trim() === '') {
        problems.push(`${kind} "${id}" has no description`);
      }
    }
  }
  if (!metadata.branding || typeof metadata.branding.icon !== 'string' || typeof metadata.branding.color !== 'string') {
    problems.push('branding.icon and branding.color are required (Marketplace listing)');
  }
  return problems;
}

const actions = findActions();

describe('action metadata', () => {
  it('finds at least one action to check', () => {
    // A glob that silently matches nothing would make every check below vacuous.
    expect(actions, 'no actions/*/action.yml found: nothing was validated').not.toEqual([]);
  });

  describe.each(actions)('actions/%s/action.yml', (action) => {
    const file = join('actions', action, 'action.yml');
    const content = readFileSync(join(root, file), 'utf8');

    it("passes GitHub's action metadata schema", () => {
      const findings = validateActionMetadata(file, content);
      expect(findings, `schema violations:\n${format(findings)}`).toEqual([]);
    });

    it('follows the project rules', () => {
      const problems = projectRuleViolations(action, parse(content) as ActionMetadata);
      expect(problems, `${file}:\n  ${problems.join('\n  ')}`).toEqual([]);
    });
  });
});

describe('the validators reject bad metadata', () => {
  const dir = mkdtempSync(join(tmpdir(), 'elder-action-metadata-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const invalid = [
    'name: Ancient Elder Broken',
    'description: An action that must not pass.',
    'colour: purple',
    'runs:',
    '  using: node99',
    '  main: ../../dist/broken/main.js',
    '',
  ].join('\n');

  it('reports an unknown top-level key and an unknown runtime with their positions', () => {
    const file = join(dir, 'action.yml');
    writeFileSync(file, invalid);
    const findings = validateActionMetadata(file, readFileSync(file, 'utf8'));
    expect(findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ line: 3, column: 1, message: expect.stringContaining("'colour'") }),
        expect.objectContaining({ line: 5, message: expect.stringContaining("'node99'") }),
      ]),
    );
  });

  it('reports YAML that does not parse', () => {
    expect(validateActionMetadata('action.yml', 'name: [unclosed\n')).not.toEqual([]);
  });

  it('reports project rule violations', () => {
    const problems = projectRuleViolations('broken', parse(invalid) as ActionMetadata);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('runs.using must be node24'),
        expect.stringContaining('which does not exist'),
        expect.stringContaining('branding'),
      ]),
    );
    expect(
      projectRuleViolations('broken', {
        name: 'Other',
        description: 'x',
        inputs: { token: { description: '' } },
        outputs: { score: null },
        runs: { using: 'node24', main: 'index.js' },
        branding: { icon: 'check', color: 'green' },
      }),
    ).toEqual([
      'name must start with "Ancient Elder" (got "Other")',
      'runs.main must be ../../dist/broken/main.js (got "index.js")',
      'input "token" has no description',
      'output "score" has no description',
    ]);
  });
});
