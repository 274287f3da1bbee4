/**
 * Runs the real coverage producers (c8 and nyc, both writing through Istanbul's reporters) on the
 * fixture program in a scratch copy, and Debian's `lcov --summary` on their LCOV, so tests can
 * compare our totals with the producers' own.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const FIXTURE_PROGRAM = resolve(here, '../../../fixtures/coverage/program');
const require = createRequire(import.meta.url);

export type Producer = 'c8' | 'nyc';

export interface ProducerReports {
  lcov: string;
  cobertura: string;
  clover: string;
  final: string;
  summary: string;
}

/** A scratch copy of the fixture program; remove it with `rmSync(dir, { recursive: true })`. */
export function copyFixtureProgram(): string {
  const dir = mkdtempSync(join(tmpdir(), 'elder-coverage-'));
  cpSync(FIXTURE_PROGRAM, dir, { recursive: true });
  return dir;
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

const REPORTERS = ['lcov', 'cobertura', 'clover', 'json', 'json-summary'].map((r) => `--reporter=${r}`);

/** Runs `entry` (e.g. run.js) of the program in `dir` under the producer; all five formats at once. */
export function runProducer(producer: Producer, dir: string, entry: string): ProducerReports {
  const out = join(dir, `reports-${producer}-${entry.replace(/\W+/g, '-')}`);
  const bin = binOf(producer);
  const args =
    producer === 'c8'
      ? [bin, '--all', '--src', 'src', '--include', 'src/**', ...REPORTERS, `--reports-dir=${out}`, `--temp-directory=${out}-raw`]
      : [bin, '--all', '--include', 'src/**', ...REPORTERS, `--report-dir=${out}`, `--temp-dir=${out}-raw`, '--no-cache'];
  const result = spawnSync(process.execPath, [...args, process.execPath, entry], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 120_000,
    env: producerEnvironment(),
  });
  if (result.status !== 0) {
    throw new Error(`${producer} ${entry} failed (${result.status ?? result.signal}): ${result.stderr}`);
  }
  return {
    lcov: join(out, 'lcov.info'),
    cobertura: join(out, 'cobertura-coverage.xml'),
    clover: join(out, 'clover.xml'),
    final: join(out, 'coverage-final.json'),
    summary: join(out, 'coverage-summary.json'),
  };
}

/** Ours, without a coverage run of vitest's own leaking into the producer's child. */
function producerEnvironment(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.NODE_V8_COVERAGE;
  delete env.NODE_OPTIONS;
  return env;
}

function binOf(producer: Producer): string {
  const manifest = require.resolve(`${producer}/package.json`);
  return join(dirname(manifest), 'bin', `${producer}.js`);
}

export interface LcovSummary {
  lines: { hit: number; found: number };
  functions: { hit: number; found: number };
  branches: { hit: number; found: number };
}

/**
 * `lcov --summary` of a tracefile, with branch coverage on (lcov 1.x spells the switch
 * `lcov_branch_coverage`, 2.x `branch_coverage`). Fails loudly when lcov is missing: scripts/test.sh
 * installs it (DEBIAN_PACKAGES), and a totals test must not pass by skipping.
 */
export function lcovSummary(tracefile: string): LcovSummary {
  let output = '';
  for (const rc of ['lcov_branch_coverage=1', 'branch_coverage=1']) {
    const result = spawnSync('lcov', ['--summary', tracefile, '--rc', rc], { encoding: 'utf8' });
    if (result.error) throw new Error(`lcov is not installed (apt-get install lcov): ${result.error.message}`);
    output = `${result.stdout}\n${result.stderr}`;
    if (result.status === 0) break;
  }
  const pick = (what: string): { hit: number; found: number } => {
    const match = new RegExp(`${what}\\.*: .*\\((\\d+) of (\\d+) ${what}\\)`).exec(output);
    if (!match) throw new Error(`lcov --summary printed no ${what} total:\n${output}`);
    return { hit: Number(match[1]), found: Number(match[2]) };
  };
  return { lines: pick('lines'), functions: pick('functions'), branches: pick('branches') };
}
