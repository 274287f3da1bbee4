/**
 * The entry wrapper as the runner sees it: run in a child process with GITHUB_OUTPUT/GITHUB_STATE
 * files, so the workflow commands and exit codes are the real ones @actions/core produces.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');

async function runScript(body: string, env: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'elder-entry-'));
  const script = join(dir, 'entry.mts');
  writeFileSync(
    script,
    `import { runEntry } from '${ROOT}/shared/runtime/action-entry.ts';\nimport { UserError, UserErrors } from '${ROOT}/shared/runtime/errors.ts';\nimport { actionsState } from '${ROOT}/shared/runtime/state.ts';\nvoid UserError; void UserErrors; void actionsState;\n${body}\n`,
  );
  const state = join(dir, 'state');
  writeFileSync(state, '');
  try {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', script], {
      cwd: ROOT,
      env: { PATH: process.env['PATH'] ?? '', GITHUB_STATE: state, ...env },
    });
    return { code: 0, stdout, state: readFileSync(state, 'utf8') };
  } catch (err) {
    const e = err as { code: number; stdout: string };
    return { code: e.code, stdout: e.stdout, state: readFileSync(state, 'utf8') };
  }
}

describe('runEntry', () => {
  it('turns a user error into one failure line without a stack', async () => {
    const run = await runScript(
      `await runEntry('demo', 'main', async () => { throw new UserError('must be a number', "input 'x'"); });`,
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("::error::demo failed: input 'x': must be a number");
    expect(run.stdout).not.toContain('at ');
  });

  it('prints every problem of a multi-error and fails once', async () => {
    const run = await runScript(
      `await runEntry('demo', 'main', async () => { throw new UserErrors([new UserError('a', 'f:1:1'), new UserError('b', 'f:2:1')], 'f: 2 problems'); });`,
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('::error::f:1:1: a');
    expect(run.stdout).toContain('::error::f:2:1: b');
    expect(run.stdout).toContain('demo failed: 2 problem(s)');
  });

  it('labels internal errors as such', async () => {
    const run = await runScript(
      `await runEntry('demo', 'main', async () => { throw new TypeError('x is undefined'); });`,
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('demo failed (internal error, please report it): x is undefined');
  });

  it('never fails the job from a post step', async () => {
    const run = await runScript(`await runEntry('demo', 'post', async () => { throw new Error('cleanup broke'); });`);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('::warning::demo post step: cleanup broke');
  });

  it('saves state for the post step and reads it back there', async () => {
    const main = await runScript(`actionsState.save('rollout', { id: 42, env: 'production' });`);
    expect(main.state).toContain('rollout<<');
    const post = await runScript(`console.log(JSON.stringify(actionsState.load('rollout')));`, {
      STATE_rollout: JSON.stringify({ id: 42, env: 'production' }),
    });
    expect(post.stdout.trim()).toBe('{"id":42,"env":"production"}');
  });
});
