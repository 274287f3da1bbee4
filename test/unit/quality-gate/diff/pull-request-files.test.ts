import { describe, expect, it } from 'vitest';
import { countNewLines, isAddedLine } from '../../../../actions/quality-gate/src/diff/changed-lines.js';
import {
  changedLinesFromPullRequestFiles,
  type PullRequestFile,
} from '../../../../actions/quality-gate/src/diff/pull-request-files.js';
import { UserError } from '../../../../shared/runtime/errors.js';

/** Entries shaped like GET /repos/{owner}/{repo}/pulls/{pull_number}/files (fields we do not read left out). */
const FILES: PullRequestFile[] = [
  {
    filename: 'src/app.ts',
    status: 'modified',
    additions: 3,
    deletions: 1,
    patch:
      '@@ -1,4 +1,6 @@\n import a;\n-old();\n+fresh();\n+more();\n keep();\n keep2();\n+tail();\n\\ No newline at end of file',
  },
  {
    filename: 'src/new-name.ts',
    previous_filename: 'src/old-name.ts',
    status: 'renamed',
    additions: 1,
    deletions: 1,
    patch: '@@ -3,3 +3,3 @@ class X {\n a\n-b\n+B\n c',
  },
  { filename: 'src/moved.ts', previous_filename: 'src/was.ts', status: 'renamed', additions: 0, deletions: 0 },
  { filename: 'src/huge.generated.ts', status: 'modified', additions: 52000, deletions: 10 },
  { filename: 'assets/logo.png', status: 'added', additions: 0, deletions: 0 },
  { filename: 'data/mystery.bin2', status: 'modified', additions: 0, deletions: 0 },
  { filename: 'src/gone.ts', status: 'removed', additions: 0, deletions: 40 },
  { filename: 'src/fresh.ts', status: 'added', additions: 2, deletions: 0, patch: '@@ -0,0 +1,2 @@\r\n+a\r\n+b' },
];

describe('changedLinesFromPullRequestFiles', () => {
  const changes = changedLinesFromPullRequestFiles(FILES);

  it('reads the added lines from each patch, context lines included', () => {
    expect(changes.files.get('src/app.ts')?.added.ranges).toEqual([
      [2, 3],
      [6, 6],
    ]);
    expect(changes.files.get('src/app.ts')?.deleted.ranges).toEqual([[2, 2]]);
    expect(changes.files.get('src/fresh.ts')?.added.ranges).toEqual([[1, 2]]);
    expect(changes.files.get('src/new-name.ts')).toMatchObject({ status: 'renamed', previousPath: 'src/old-name.ts' });
    expect(changes.files.get('src/new-name.ts')?.added.ranges).toEqual([[4, 4]]);
    expect(changes.files.get('src/gone.ts')).toMatchObject({ status: 'deleted', additions: 0, linesKnown: true });
    expect(changes.files.get('src/moved.ts')).toMatchObject({ status: 'renamed', linesKnown: true, additions: 0 });
  });

  it('marks a file without a patch as unknown, not unchanged, and says why', () => {
    expect(changes.files.get('src/huge.generated.ts')).toMatchObject({
      linesKnown: false,
      additions: 52000,
      unknownReason: 'GitHub sent no patch for its 52000 added lines: too large',
    });
    expect(changes.files.get('data/mystery.bin2')).toMatchObject({ linesKnown: false });
    expect(changes.files.get('assets/logo.png')).toMatchObject({ linesKnown: true, binary: true, additions: 0 });
    expect(isAddedLine(changes, 'src/huge.generated.ts', 10)).toBeUndefined();
    expect(isAddedLine(changes, 'src/app.ts', 2)).toBe(true);
    expect(isAddedLine(changes, 'src/app.ts', 4)).toBe(false);
    expect(isAddedLine(changes, 'not/changed.ts', 1)).toBe(false);
    expect(changes.notes).toEqual([
      'changed lines unknown in 2 files: src/huge.generated.ts (GitHub sent no patch for its 52000 added lines: too large), ' +
        'data/mystery.bin2 (GitHub sent no patch and no line counts: binary, or past its diff limits); ' +
        'they are left out of new-code coverage rather than counted as unchanged',
    ]);
  });

  it('counts new lines, and says the count is a lower bound when some are unknown', () => {
    expect(countNewLines(changes)).toEqual({
      count: 3 + 1 + 52000 + 2,
      exact: false,
      unknownFiles: ['src/huge.generated.ts', 'data/mystery.bin2'],
    });
    const small = changedLinesFromPullRequestFiles(FILES.filter((f) => f.patch !== undefined));
    expect(countNewLines(small)).toEqual({ count: 6, exact: true, unknownFiles: [] });
  });

  it("notices a list cut at GitHub's 3,000 files", () => {
    const cut = changedLinesFromPullRequestFiles(FILES.slice(0, 2), { changedFiles: 3500 });
    expect(cut.complete).toBe(false);
    expect(cut.notes[0]).toMatch(/^GitHub listed 2 of the pull request's 3500 changed files/);
    expect(isAddedLine(cut, 'unlisted.ts', 1)).toBeUndefined();
    expect(countNewLines(cut).exact).toBe(false);
  });

  it('refuses entries it cannot read', () => {
    expect(() => changedLinesFromPullRequestFiles([{ filename: '', status: 'added' }])).toThrow(UserError);
    expect(() =>
      changedLinesFromPullRequestFiles([{ filename: 'a', status: 'weird' as PullRequestFile['status'] }]),
    ).toThrow(/unknown status 'weird'/);
    expect(() =>
      changedLinesFromPullRequestFiles([{ filename: 'a', status: 'modified', patch: '@@ -1,2 +1,2 @@\n a' }]),
    ).toThrow(/the patch of a, line 3: the last hunk ends early/);
  });
});
