import { mkdir, mkdtemp, open, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { UserError, UserErrors } from '../../../../shared/runtime/errors.js';
import { expandReportInputs } from '../../../../actions/quality-gate/src/detect/expand-report-inputs.js';
import { REPORT_SAMPLES } from './report-samples.js';

const sample = (format: string): string => REPORT_SAMPLES.find((s) => s.format === format)?.content ?? '';

let workspace: string;
let outside: string;

beforeEach(async () => {
  const root = await mkdtemp(join(tmpdir(), 'elder-inputs-'));
  workspace = join(root, 'workspace');
  outside = join(root, 'outside');
  await mkdir(join(workspace, 'reports', 'leg-1'), { recursive: true });
  await mkdir(join(workspace, 'reports', 'leg-2'), { recursive: true });
  await mkdir(outside, { recursive: true });
  await writeFile(join(workspace, 'reports', 'leg-1', 'lcov.info'), sample('lcov'));
  await writeFile(join(workspace, 'reports', 'leg-2', 'lcov.info'), sample('lcov'));
  await writeFile(join(workspace, 'reports', 'junit.xml'), sample('junit'));
  await writeFile(join(workspace, 'reports', 'results.sarif'), sample('sarif'));
  await writeFile(join(outside, 'secret.txt'), sample('lcov'));
});

async function refusal(globs: string[], options = {}): Promise<UserError> {
  try {
    await expandReportInputs(globs, workspace, options);
  } catch (err) {
    expect(err).toBeInstanceOf(UserError);
    return err as UserError;
  }
  throw new Error('expected the inputs to be refused');
}

describe('expandReportInputs', () => {
  it('expands globs into detected reports, several files per pattern, each file once', async () => {
    const reports = await expandReportInputs(['reports/**/lcov.info', 'reports/*.xml', 'reports', '  ', ''], workspace);
    expect(reports.map((r) => [r.path.slice(workspace.length + 1), r.kind, r.format])).toEqual([
      ['reports/leg-1/lcov.info', 'coverage', 'lcov'],
      ['reports/leg-2/lcov.info', 'coverage', 'lcov'],
      ['reports/junit.xml', 'tests', 'junit'],
      ['reports/results.sarif', 'findings', 'sarif'],
    ]);
  });

  it('accepts an absolute path inside the workspace and reports patterns that match nothing', async () => {
    const unmatched: string[] = [];
    const reports = await expandReportInputs([join(workspace, 'reports', 'junit.xml'), 'missing/*.xml'], workspace, {
      onUnmatched: (pattern) => unmatched.push(pattern),
    });
    expect(reports).toHaveLength(1);
    expect(unmatched).toEqual(['missing/*.xml']);
  });

  it('refuses paths that climb out of the workspace', async () => {
    const error = await refusal(['../outside/secret.txt']);
    expect(error.where).toBe('../outside/secret.txt');
    expect(error.message).toMatch(/points outside the workspace/);
    expect((await refusal([join(outside, 'secret.txt')])).message).toMatch(/points outside the workspace/);
    expect((await refusal(['reports/../../outside/*.txt'])).message).toMatch(/points outside the workspace/);
  });

  it('refuses a symlink whose target is outside the workspace, file or directory', async () => {
    await symlink(join(outside, 'secret.txt'), join(workspace, 'reports', 'lcov-link.info'));
    const error = await refusal(['reports/lcov-link.info']);
    expect(error.where).toBe(join(workspace, 'reports', 'lcov-link.info'));
    expect(error.message).toMatch(/symbolic link to .*outside the workspace/);
    await symlink(outside, join(workspace, 'linked-dir'));
    expect((await refusal(['linked-dir/*.txt'])).message).toMatch(/outside the workspace/);
  });

  it('follows a symlink that stays inside, and counts its target once', async () => {
    await symlink(join(workspace, 'reports', 'junit.xml'), join(workspace, 'junit-alias.xml'));
    const reports = await expandReportInputs(['junit-alias.xml', 'reports/junit.xml'], workspace);
    expect(reports).toHaveLength(1);
  });

  it('refuses a file over the size cap with a clear message', async () => {
    const error = await refusal(['reports/results.sarif'], { maxFileBytes: 10 });
    expect(error.message).toMatch(/the report is \d+ bytes, over the 10 bytes limit for one report/);
    // The default cap for streamed formats is 4 GiB: a sparse 5 GiB LCOV file costs no disk.
    const huge = join(workspace, 'huge.info');
    await writeFile(huge, 'TN:\nSF:a\n');
    const handle = await open(huge, 'r+');
    await handle.truncate(5 * 1024 ** 3);
    await handle.close();
    expect((await refusal(['huge.info'])).message).toMatch(/5 GiB, over the 4 GiB limit for one report/);
    // JSON reports are parsed whole, so theirs is lower: 256 MiB. The head stays valid SARIF.
    const big = join(workspace, 'big.sarif');
    const results = Array.from({ length: 2000 }, () => ({ ruleId: 'r', message: { text: 'x'.repeat(30) } }));
    await writeFile(big, JSON.stringify({ version: '2.1.0', runs: [{ tool: { driver: { name: 't' } }, results }] }));
    const bigHandle = await open(big, 'r+');
    await bigHandle.truncate(300 * 1024 ** 2);
    await bigHandle.close();
    expect((await refusal(['big.sarif'])).message).toMatch(/300 MiB, over the 256 MiB limit for one sarif report/);
  });

  it('collects every problem and raises them together; any problem fails (fail closed)', async () => {
    await writeFile(join(workspace, 'reports', 'empty.xml'), '');
    await writeFile(join(workspace, 'reports', 'notes.txt'), 'hello');
    const error = await refusal(['reports/*', '../x']);
    expect(error).toBeInstanceOf(UserErrors);
    const problems = (error as UserErrors).problems.map((p) => p.message);
    expect(problems).toHaveLength(3);
    expect(problems.join('\n')).toMatch(/empty\.xml: the file is empty/);
    expect(problems.join('\n')).toMatch(/notes\.txt: not a recognised report/);
    expect(problems.join('\n')).toMatch(/\.\.\/x: points outside/);
  });

  it('refuses a workspace that does not exist', async () => {
    await expect(expandReportInputs(['*'], join(workspace, 'nope'))).rejects.toThrow(
      /workspace directory does not exist/,
    );
  });
});
