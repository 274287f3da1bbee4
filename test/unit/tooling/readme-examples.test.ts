/**
 * The README's examples are run, not just shown: the configuration snippet must validate, the
 * quick start must name exactly two commands that exist, and every input and output of each
 * action's metadata must be documented in that action's README.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../shared/config/index.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

function fencedBlocks(markdown: string, language: string): string[] {
  const blocks: string[] = [];
  const pattern = new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g');
  for (const match of markdown.matchAll(pattern)) blocks.push(match[1] ?? '');
  return blocks;
}

describe('README', () => {
  it('has a configuration example that validates', () => {
    const config = fencedBlocks(README, 'yaml').find((block) => block.startsWith('version: 1'));
    expect(config).toBeDefined();
    const loaded = parseConfig(config ?? '', 'README.md');
    expect(Object.keys(loaded.config.environments)).toEqual(['production']);
  });

  it('has a quick start of exactly two commands that exist', () => {
    const quickStart = README.slice(README.indexOf('## Quick start'));
    const commands = (fencedBlocks(quickStart, 'sh')[0] ?? '')
      .split('\n')
      .map((line) => line.replace(/#.*$/, '').trim())
      .filter(Boolean);
    expect(commands).toEqual(['node dist/cli.js demo', 'npm test']);
    expect(existsSync(join(ROOT, 'dist', 'cli.js'))).toBe(true);
    const scripts = (
      JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
    ).scripts;
    expect(scripts['test']).toBeDefined();
    expect(readFileSync(join(ROOT, '.ci', 'run'), 'utf8')).toMatch(/^npm test$/m);
  });

  it('documents every input and output of every action in its README', () => {
    const actions = readdirSync(join(ROOT, 'actions'), { withFileTypes: true }).filter((d) =>
      existsSync(join(ROOT, 'actions', d.name, 'action.yml')),
    );
    expect(actions.length).toBeGreaterThan(0);
    for (const action of actions) {
      const metadata = parse(readFileSync(join(ROOT, 'actions', action.name, 'action.yml'), 'utf8')) as {
        inputs?: Record<string, unknown>;
        outputs?: Record<string, unknown>;
      };
      const readme = readFileSync(join(ROOT, 'actions', action.name, 'README.md'), 'utf8');
      for (const name of [...Object.keys(metadata.inputs ?? {}), ...Object.keys(metadata.outputs ?? {})]) {
        expect(readme, `${action.name}/README.md documents '${name}'`).toMatch(new RegExp(`\\| \`${name}\`\\s+\\|`));
      }
      expect(readme).toMatch(/## Permissions/);
    }
  });
});
