import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countNewLines } from '../../../../actions/quality-gate/src/diff/changed-lines.js';
import { changedLinesFromGit } from '../../../../actions/quality-gate/src/diff/git-changed-lines.js';
import { UserError } from '../../../../shared/runtime/errors.js';
import { execWithoutStdin, GitFixture, lines } from './git-fixture.js';

/**
 * main:    A ─────── B (main advances: edits app.ts line 8, readme, adds main-only.ts)
 *           \
 * feature:   C ── D (edits, a rename with an edit, a deletion, a binary file, odd names)
 */
describe('changedLinesFromGit on a real repository', () => {
  const repo = new GitFixture();
  let branchPoint = '';
  let mainTip = '';
  let featureTip = '';

  beforeAll(async () => {
    await repo.git('init', '--quiet', '--initial-branch=main');
    repo.write('src/app.ts', lines(10, 'app'));
    repo.write('src/old-name.ts', lines(20, 'kept'));
    repo.write('src/remove-me.ts', lines(5, 'doomed'));
    repo.write('src/with space.ts', lines(3, 'spaced'));
    repo.write('src/tést.ts', lines(2, 'accent'));
    repo.write('docs/readme.md', '# readme\n');
    await repo.git('add', '-A');
    await repo.git('commit', '--quiet', '-m', 'A');
    branchPoint = await repo.git('rev-parse', 'HEAD');

    await repo.git('switch', '--quiet', '-c', 'feature');
    const app = lines(10, 'app').split('\n');
    app[2] = 'app 3 changed';
    repo.write('src/app.ts', `${app.slice(0, 10).join('\n')}\nnew 11\nnew 12\n`);
    await repo.git('mv', 'src/old-name.ts', 'src/new-name.ts');
    const renamed = lines(20, 'kept').split('\n');
    renamed[4] = 'kept 5 edited';
    repo.write('src/new-name.ts', renamed.join('\n'));
    await repo.git('rm', '--quiet', 'src/remove-me.ts');
    await repo.git('add', '-A');
    await repo.git('commit', '--quiet', '-m', 'C');
    repo.write('assets/logo.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01, 0x02, 0x00, 0xff]));
    repo.write('src/feature.ts', lines(4, 'feature'));
    repo.write('src/with space.ts', 'spaced 1\nspaced two\nspaced 3\n');
    repo.write('src/tést.ts', `${lines(2, 'accent')}accent 3\n`);
    await repo.git('add', '-A');
    await repo.git('commit', '--quiet', '-m', 'D');
    featureTip = await repo.git('rev-parse', 'HEAD');

    await repo.git('switch', '--quiet', 'main');
    const mainApp = lines(10, 'app').split('\n');
    mainApp[7] = 'app 8 changed on main';
    repo.write('src/app.ts', mainApp.join('\n'));
    repo.write('docs/readme.md', '# readme\n\nmore\n');
    repo.write('src/main-only.ts', lines(30, 'main'));
    await repo.git('add', '-A');
    await repo.git('commit', '--quiet', '-m', 'B');
    mainTip = await repo.git('rev-parse', 'HEAD');
    await repo.git('switch', '--quiet', 'feature');
  });

  afterAll(() => repo.remove());

  it('diffs from the true merge base, not from the tip of main', async () => {
    const result = await changedLinesFromGit({ cwd: repo.dir, base: 'main', env: repo.env, exec: execWithoutStdin });
    expect(result.mergeBase).toBe(branchPoint);
    expect(result.mergeBase).not.toBe(mainTip);
    expect(result.base).toBe(mainTip);
    expect(result.head).toBe(featureTip);
    const paths = [...result.changes.files.keys()].sort();
    expect(paths).toEqual([
      'assets/logo.png',
      'src/app.ts',
      'src/feature.ts',
      'src/new-name.ts',
      'src/remove-me.ts',
      'src/tést.ts',
      'src/with space.ts',
    ]);
    // main's own later edits (readme, main-only.ts, app.ts line 8) are not this change's.
    expect(result.changes.files.get('src/app.ts')?.added.ranges).toEqual([
      [3, 3],
      [11, 12],
    ]);
    // A naive diff against main's tip would have blamed the branch for main's commit.
    const naive = await repo.git('diff', '--name-only', 'main', 'feature');
    expect(naive.split('\n')).toContain('src/main-only.ts');
  });

  it('reports renames, deletions, binary files and odd names', async () => {
    const { changes } = await changedLinesFromGit({
      cwd: repo.dir,
      base: 'main',
      head: 'feature',
      env: repo.env,
      exec: execWithoutStdin,
    });
    expect(changes.files.get('src/new-name.ts')).toMatchObject({ status: 'renamed', previousPath: 'src/old-name.ts' });
    expect(changes.files.get('src/new-name.ts')?.added.ranges).toEqual([[5, 5]]);
    expect(changes.files.get('src/remove-me.ts')).toMatchObject({ status: 'deleted', additions: 0 });
    expect(changes.files.get('src/remove-me.ts')?.deleted.ranges).toEqual([[1, 5]]);
    expect(changes.files.get('assets/logo.png')).toMatchObject({ status: 'added', binary: true, additions: 0 });
    expect(changes.files.get('src/feature.ts')).toMatchObject({ status: 'added', additions: 4 });
    expect(changes.files.get('src/with space.ts')?.added.ranges).toEqual([[2, 2]]);
    expect(changes.files.get('src/tést.ts')?.added.ranges).toEqual([[3, 3]]);
    expect(countNewLines(changes)).toEqual({ count: 3 + 1 + 4 + 1 + 1, exact: true, unknownFiles: [] });
    expect(changes.complete).toBe(true);
  });

  it('is not fooled by the user configuration of git', async () => {
    await repo.git('config', 'diff.noprefix', 'true');
    await repo.git('config', 'diff.renames', 'false');
    await repo.git('config', 'core.quotePath', 'false');
    try {
      const { changes } = await changedLinesFromGit({
        cwd: repo.dir,
        base: 'main',
        env: repo.env,
        exec: execWithoutStdin,
      });
      expect(changes.files.get('src/new-name.ts')).toMatchObject({ status: 'renamed' });
      expect(changes.files.has('src/tést.ts')).toBe(true);
    } finally {
      await repo.git('config', '--unset', 'diff.noprefix');
      await repo.git('config', '--unset', 'diff.renames');
      await repo.git('config', '--unset', 'core.quotePath');
    }
  });

  it('accepts full commit ids', async () => {
    const result = await changedLinesFromGit({
      cwd: repo.dir,
      base: mainTip,
      head: featureTip,
      env: repo.env,
      exec: execWithoutStdin,
    });
    expect(result.mergeBase).toBe(branchPoint);
  });

  it('refuses hostile or malformed revisions before git sees them', async () => {
    for (const base of [
      '--output=/tmp/pwned',
      '-c',
      'main..feature',
      'main~1',
      'a b',
      'HEAD@{1}',
      'x:y',
      '',
      'a/.hidden',
      'b.lock',
    ]) {
      await expect(
        changedLinesFromGit({ cwd: repo.dir, base, env: repo.env, exec: execWithoutStdin }),
        base,
      ).rejects.toBeInstanceOf(UserError);
    }
  });

  it('says which revision is missing', async () => {
    await expect(
      changedLinesFromGit({ cwd: repo.dir, base: 'no-such-branch', env: repo.env, exec: execWithoutStdin }),
    ).rejects.toThrow(/base 'no-such-branch' is not a commit in this checkout/);
  });

  it('explains histories without a common ancestor', async () => {
    await repo.git('switch', '--quiet', '--orphan', 'unrelated');
    repo.write('other.txt', 'other\n');
    await repo.git('add', 'other.txt');
    await repo.git('commit', '--quiet', '-m', 'unrelated');
    await repo.git('switch', '--quiet', '--force', 'feature');
    await expect(
      changedLinesFromGit({ cwd: repo.dir, base: 'unrelated', env: repo.env, exec: execWithoutStdin }),
    ).rejects.toThrow(/'unrelated' and 'HEAD' have no common ancestor/);
  });

  it('points a shallow clone at fetch-depth: 0', async () => {
    const shallow = new GitFixture('elder-shallow-');
    try {
      await shallow.git('clone', '--quiet', '--depth', '1', '--branch', 'feature', `file://${repo.dir}`, 'clone');
      const clone = `${shallow.dir}/clone`;
      await expect(
        changedLinesFromGit({ cwd: clone, base: 'origin/main', env: shallow.env, exec: execWithoutStdin }),
      ).rejects.toThrow(/shallow: check out with fetch-depth: 0/);
    } finally {
      shallow.remove();
    }
  });
});
