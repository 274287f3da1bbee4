/**
 * The action harness, checked with a tiny script that speaks the runner's file protocol by
 * hand (no bundle needed): inputs in, outputs/summary/state/env/path and workflow commands out.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inputVariable, parseCommandFile, parseWorkflowCommands, runAction } from '../../support/action-harness.js';

const MAIN = String.raw`
const fs = require('node:fs');
const event = JSON.parse(fs.readFileSync(process.env.GITHUB_EVENT_PATH, 'utf8'));
const heredoc = (name, value) => name + '<<ghadelimiter_1\n' + value + '\nghadelimiter_1\n';
fs.appendFileSync(process.env.GITHUB_OUTPUT, heredoc('verdict', 'fail\nsecond line'));
fs.appendFileSync(process.env.GITHUB_OUTPUT, 'environment=' + process.env['INPUT_TARGET-ENVIRONMENT'] + '\n');
fs.appendFileSync(process.env.GITHUB_OUTPUT, heredoc('event', JSON.stringify({
  name: process.env.GITHUB_EVENT_NAME,
  number: event.number ?? null,
  head: event.pull_request?.head.sha ?? null,
  inputs: event.inputs ?? null,
})));
fs.appendFileSync(process.env.GITHUB_OUTPUT, heredoc('context', [
  process.env.GITHUB_ACTIONS, process.env.GITHUB_REPOSITORY, process.env.GITHUB_API_URL,
  process.env.GITHUB_WORKSPACE === process.cwd(), process.env.RUNNER_TEMP.length > 0,
  process.env.INPUT_DRY_RUN, process.env.STATE_pid ?? 'none', process.env.GITHUB_TOKEN ?? 'no-token-env',
].join('|')));
fs.appendFileSync(process.env.GITHUB_STEP_SUMMARY, '## Gate\n| a | b |\n');
fs.appendFileSync(process.env.GITHUB_STATE, heredoc('pid', '1234'));
fs.appendFileSync(process.env.GITHUB_ENV, 'ELDER_MODE=ci\n');
fs.appendFileSync(process.env.GITHUB_PATH, '/opt/elder/bin\n');
console.log('::add-mask::s3cr3t');
console.log('::warning file=src/a.ts,line=3,title=Coverage%3A low::Coverage 71%25 < 80%25%0Anext line');
console.log('::error::Quality gate failed');
console.log('::notice::done');
console.log('plain log line');
process.exitCode = 3;
`;

const HANG = `setTimeout(() => {}, 60_000);`;

describe('runAction', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'elder-harness-'));
    writeFileSync(join(dir, 'main.js'), MAIN);
    writeFileSync(join(dir, 'hang.js'), HANG);
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('names inputs the way the runner does', () => {
    expect(inputVariable('github-token')).toBe('INPUT_GITHUB-TOKEN');
    expect(inputVariable('dry run')).toBe('INPUT_DRY_RUN');
  });

  it('runs a pull_request step and reads back everything it wrote', async () => {
    const run = await runAction({
      script: join(dir, 'main.js'),
      inputs: { 'target-environment': 'production', 'dry run': true },
      event: { name: 'pull_request', number: 17, headSha: 'ab'.repeat(20) },
      apiUrl: 'http://127.0.0.1:9',
      cwd: dir,
      env: { GITHUB_TOKEN: 'from-extra-env' },
    });
    try {
      expect(run.exitCode).toBe(3);
      expect(run.timedOut).toBe(false);
      expect(run.outputs.verdict).toBe('fail\nsecond line');
      expect(run.outputs.environment).toBe('production');
      expect(JSON.parse(run.outputs.event ?? '')).toEqual({
        name: 'pull_request',
        number: 17,
        head: 'ab'.repeat(20),
        inputs: null,
      });
      expect(run.outputs.context).toBe('true|octo-org/service|http://127.0.0.1:9|true|true|true|none|from-extra-env');
      expect(run.summary).toBe('## Gate\n| a | b |\n');
      expect(run.state).toEqual({ pid: '1234' });
      expect(run.env).toEqual({ ELDER_MODE: 'ci' });
      expect(run.path).toEqual(['/opt/elder/bin']);
      expect(run.warnings).toEqual([
        {
          command: 'warning',
          properties: { file: 'src/a.ts', line: '3', title: 'Coverage: low' },
          message: 'Coverage 71% < 80%\nnext line',
        },
      ]);
      expect(run.errors.map((e) => e.message)).toEqual(['Quality gate failed']);
      expect(run.notices.map((e) => e.message)).toEqual(['done']);
      expect(run.masked).toEqual(['s3cr3t']);
      expect(run.stdout).toContain('plain log line');
    } finally {
      run.cleanup();
    }
  });

  it('passes workflow_dispatch inputs and saved state to a post step', async () => {
    const run = await runAction({
      script: join(dir, 'main.js'),
      event: { name: 'workflow_dispatch', inputs: { environment: 'staging', drill: true } },
      state: { pid: '99' },
      cwd: dir,
    });
    try {
      expect(JSON.parse(run.outputs.event ?? '').inputs).toEqual({ environment: 'staging', drill: true });
      expect(run.outputs.context?.split('|')[6]).toBe('99');
      expect(run.outputs.environment).toBe('undefined');
    } finally {
      run.cleanup();
    }
  });

  it('does not leak the parent runner’s files or inputs into the child', async () => {
    const saved = { GITHUB_OUTPUT: process.env.GITHUB_OUTPUT, INPUT_DRY_RUN: process.env.INPUT_DRY_RUN };
    process.env.GITHUB_OUTPUT = join(dir, 'parent-output');
    process.env.INPUT_DRY_RUN = 'leaked';
    try {
      const run = await runAction({ script: join(dir, 'main.js'), cwd: dir });
      // The leaked input would read 'leaked'; unset, the script joins an empty field.
      expect(run.outputs.context?.split('|')[5]).toBe('');
      expect(run.outputs.verdict).toBe('fail\nsecond line');
      expect(existsSync(join(dir, 'parent-output'))).toBe(false);
      run.cleanup();
    } finally {
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
  });

  it('kills a step that runs past its timeout', async () => {
    const run = await runAction({ script: join(dir, 'hang.js'), timeoutMs: 300, cwd: dir });
    run.cleanup();
    expect(run.timedOut).toBe(true);
    expect(run.exitCode).toBeNull();
    expect(run.signal).toBe('SIGKILL');
  });

  it('parses both command file forms and rejects garbage', () => {
    expect(parseCommandFile('a=1\nb<<EOF\nx\ny\nEOF\nc=\n')).toEqual({ a: '1', b: 'x\ny', c: '' });
    expect(() => parseCommandFile('b<<EOF\nx\n')).toThrow(/unterminated/);
    expect(() => parseCommandFile('no equals sign')).toThrow(/not a command file line/);
    expect(parseWorkflowCommands('::group::Deploy\n::endgroup::\nnot a command')).toEqual([
      { command: 'group', properties: {}, message: 'Deploy' },
      { command: 'endgroup', properties: {}, message: '' },
    ]);
  });
});
