/**
 * A throwaway project that the project's own ESLint 9 lints for real, so the parsers are checked
 * against what ESLint writes and counts rather than against hand-written samples. It has errors,
 * warnings, an eslint-disable'd message, a file that does not parse (a fatal error), and a file
 * name with a space (percent-encoded in SARIF URIs).
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const require = createRequire(import.meta.url);

export const ESLINT_BIN = join(dirname(require.resolve('eslint/package.json')), 'bin', 'eslint.js');
export const SARIF_FORMATTER = require.resolve('@microsoft/eslint-formatter-sarif');

const FILES: Record<string, string> = {
  'eslint.config.mjs': `export default [
  {
    files: ['**/*.js'],
    languageOptions: { ecmaVersion: 2022, sourceType: 'module' },
    rules: {
      'no-unused-vars': 'error',
      'no-var': 'warn',
      eqeqeq: 'error',
      'prefer-const': 'warn',
      'no-debugger': 'error',
    },
  },
];
`,
  'src/app.js': `var total = 0;
let unused = 1;
export function add(a, b) {
  if (a == b) total += 1;
  // eslint-disable-next-line no-debugger
  debugger;
  return a + b;
}
`,
  'src/with space.js': 'export const x = 1;\r\nvar y = x == 2;\r\nexport { y };\r\n',
  'src/broken.js': 'export const = ;\n',
  'src/clean.js': 'export const ok = 1;\n',
};

export async function createEslintSampleProject(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'elder-eslint-'));
  for (const [name, content] of Object.entries(FILES)) {
    await mkdir(dirname(join(dir, name)), { recursive: true });
    await writeFile(join(dir, name), content);
  }
  return dir;
}

/** Runs ESLint with `format` (a name or a formatter path) and returns the output file's path. */
export async function runEslint(projectDir: string, format: string, outputName: string): Promise<string> {
  const output = join(projectDir, outputName);
  try {
    await run(process.execPath, [ESLINT_BIN, '--format', format, '--output-file', output, '.'], {
      cwd: projectDir,
      timeout: 60_000,
    });
  } catch (err) {
    // Exit code 1 means "lint problems found", which the sample project has on purpose.
    if ((err as { code?: unknown }).code !== 1) throw err;
  }
  return output;
}
