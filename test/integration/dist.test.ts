// The runner executes the committed dist/ and builds nothing, so two things must hold:
//   1. dist/ is exactly what scripts/bundle.mjs produces from the sources today (no stale or
//      hand-edited bundle ships);
//   2. every action's generated stub loads the shared bundle and runs as a real process: with no
//      inputs it either succeeds or fails cleanly with `<action> failed: ...`, never with a
//      module-not-found, a SyntaxError or a stack trace (which is what a broken ncc export or a
//      wrong stub path looks like). The CLI stub answers --help.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const committedDist = join(root, 'dist');

interface ProcessResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function run(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; timeout?: number } = {}) {
  return new Promise<ProcessResult>((resolvePromise) => {
    execFile(
      process.execPath,
      args,
      {
        cwd: options.cwd ?? root,
        env: options.env ?? process.env,
        timeout: options.timeout ?? 60_000,
        maxBuffer: 64 << 20,
      },
      (error, stdout, stderr) => {
        const failure = error as (Error & { code?: number | string; signal?: NodeJS.Signals }) | null;
        resolvePromise({
          code: failure ? (typeof failure.code === 'number' ? failure.code : null) : 0,
          signal: failure?.signal ?? null,
          stdout,
          stderr,
        });
      },
    );
  });
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
}

/** Which files differ between the committed and the fresh tree, by name and by byte. */
function compareTrees(committed: string, fresh: string) {
  const committedFiles = new Set(filesUnder(committed));
  const freshFiles = filesUnder(fresh);
  const differ: string[] = [];
  const missing: string[] = [];
  for (const file of freshFiles) {
    if (!committedFiles.has(file)) missing.push(file);
    else if (!readFileSync(join(committed, file)).equals(readFileSync(join(fresh, file)))) differ.push(file);
    committedFiles.delete(file);
  }
  return { differ, missing, extra: [...committedFiles].sort(), freshCount: freshFiles.length };
}

type Stage = 'main' | 'post';

function findActions(): { name: string; stages: Stage[] }[] {
  const dir = join(root, 'actions');
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, 'action.yml')))
    .map((entry) => {
      const metadata = parse(readFileSync(join(dir, entry.name, 'action.yml'), 'utf8')) as { runs?: { post?: string } };
      const stages: Stage[] = metadata.runs?.post ? ['main', 'post'] : ['main'];
      return { name: entry.name, stages };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

// Signs of a crash rather than a handled failure. Workflow commands (`::debug::` and friends)
// escape newlines, so a stack logged on purpose at debug level never matches the last pattern.
const CRASH_SIGNS = [
  /ERR_MODULE_NOT_FOUND|Cannot find module|Cannot find package/,
  /SyntaxError|ReferenceError|TypeError: .* is not a function/,
  /does not provide an export named/,
  /^\s+at .+:\d+:\d+\)?$/m,
];

const work = mkdtempSync(join(tmpdir(), 'elder-dist-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('dist/ is fresh', () => {
  const fresh = join(work, 'fresh-dist');
  let bundle: ProcessResult;

  beforeAll(async () => {
    // ncc compiles the whole kernel; on a 2-core machine that takes a while.
    bundle = await run([join(root, 'scripts', 'bundle.mjs'), fresh], { timeout: 290_000 });
  }, 300_000);

  it('scripts/bundle.mjs succeeds', () => {
    expect(bundle.code, `scripts/bundle.mjs failed:\n${bundle.stdout}\n${bundle.stderr}`).toBe(0);
  });

  it('the committed dist/ is byte for byte the fresh bundle', () => {
    expect(bundle.code, 'the bundle failed; see the test above').toBe(0);
    const { differ, missing, extra, freshCount } = compareTrees(committedDist, fresh);
    expect(freshCount).toBeGreaterThan(0);
    const report = [
      ...differ.map((f) => `  differs:            dist/${f}`),
      ...missing.map((f) => `  missing from dist/: dist/${f}`),
      ...extra.map((f) => `  not produced:       dist/${f}`),
    ].join('\n');
    expect({ differ, missing, extra }, `dist/ is stale; run \`npm run bundle\` and commit dist/:\n${report}`).toEqual({
      differ: [],
      missing: [],
      extra: [],
    });
  });
});

describe('every action entry runs as a process', () => {
  const actions = findActions();

  it('finds actions to run', () => {
    expect(actions, 'no actions/*/action.yml found: nothing was run').not.toEqual([]);
  });

  /** What the runner provides to a JavaScript action, pointing at scratch files, and no inputs. */
  function runnerEnvironment(action: string, stage: string): NodeJS.ProcessEnv {
    const dir = join(work, `${action}-${stage}`);
    const workspace = join(dir, 'workspace');
    const temp = join(dir, 'runner-temp');
    mkdirSync(workspace, { recursive: true });
    mkdirSync(temp, { recursive: true });
    const file = (name: string, content = '') => {
      writeFileSync(join(dir, name), content);
      return join(dir, name);
    };
    return {
      // Nothing from the test process leaks in (no INPUT_*, no real GITHUB_TOKEN).
      PATH: process.env.PATH,
      HOME: dir,
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_ACTION: action,
      GITHUB_ACTION_PATH: join(root, 'actions', action),
      GITHUB_WORKSPACE: workspace,
      GITHUB_REPOSITORY: 'octo-org/octo-repo',
      GITHUB_REPOSITORY_OWNER: 'octo-org',
      GITHUB_EVENT_NAME: 'push',
      GITHUB_EVENT_PATH: file('event.json', '{}\n'),
      GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
      GITHUB_REF: 'refs/heads/main',
      GITHUB_RUN_ID: '1',
      GITHUB_RUN_ATTEMPT: '1',
      GITHUB_JOB: 'test',
      GITHUB_WORKFLOW: 'test',
      // Unroutable on purpose: an entry that tries the network without a token must not hang.
      GITHUB_API_URL: 'http://127.0.0.1:9',
      GITHUB_SERVER_URL: 'http://127.0.0.1:9',
      GITHUB_OUTPUT: file('output'),
      GITHUB_STATE: file('state'),
      GITHUB_ENV: file('env'),
      GITHUB_PATH: file('path'),
      GITHUB_STEP_SUMMARY: file('summary.md'),
      RUNNER_TEMP: temp,
      RUNNER_OS: 'Linux',
      RUNNER_ARCH: 'X64',
    };
  }

  for (const { name, stages } of actions) {
    for (const stage of stages) {
      it(`node dist/${name}/${stage}.js fails cleanly or succeeds`, async () => {
        const stub = join(committedDist, name, `${stage}.js`);
        expect(existsSync(stub), `dist/${name}/${stage}.js does not exist: run \`npm run bundle\``).toBe(true);
        const env = runnerEnvironment(name, stage);
        const result = await run([stub], { cwd: env.GITHUB_WORKSPACE, env });
        const output = `${result.stdout}\n${result.stderr}`;
        const shown = `exit ${result.code} signal ${result.signal}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`;

        for (const sign of CRASH_SIGNS) expect(output, `crashed:\n${shown}`).not.toMatch(sign);
        expect(result.signal, `killed:\n${shown}`).toBeNull();
        if (stage === 'post') {
          // A post step never fails the job, whatever went wrong.
          expect(result.code, `post step failed the job:\n${shown}`).toBe(0);
        } else {
          expect([0, 1], `unexpected exit status:\n${shown}`).toContain(result.code);
          if (result.code === 1) {
            const clean = new RegExp(`^::error::${name} failed: `, 'm');
            expect(output, `no clean "${name} failed: ..." message:\n${shown}`).toMatch(clean);
          }
        }
      });
    }
  }

  it('node dist/cli.js --help exits 0 with the usage', async () => {
    const result = await run([join(committedDist, 'cli.js'), '--help'], { cwd: work });
    const shown = `exit ${result.code}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`;
    expect(result.code, shown).toBe(0);
    expect(result.stdout, shown).toMatch(/Usage:/);
    for (const sign of CRASH_SIGNS) expect(result.stderr, `crashed:\n${shown}`).not.toMatch(sign);
  });
});
