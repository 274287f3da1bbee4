import { describe, expect, it } from 'vitest';
import type { ChangedFile } from '../../../../actions/quality-gate/src/diff/changed-lines.js';
import { readQuotedPath, unquoteGitPath } from '../../../../actions/quality-gate/src/diff/git-quoted-path.js';
import { parseUnifiedDiff } from '../../../../actions/quality-gate/src/diff/unified-diff-parser.js';
import { UserError } from '../../../../shared/runtime/errors.js';

/** A file's change in a form that compares readably. */
function summary(file: ChangedFile | undefined): Record<string, unknown> | undefined {
  if (file === undefined) return undefined;
  return {
    status: file.status,
    previousPath: file.previousPath,
    added: file.added.ranges,
    deleted: file.deleted.ranges,
    binary: file.binary,
  };
}

const GIT_DIFF = `diff --git a/src/app.ts b/src/app.ts
index 83db48f..bf269f4 100644
--- a/src/app.ts
+++ b/src/app.ts
@@ -3 +3 @@ export function a() {
-  return 1;
+  return 2;
@@ -10,0 +11,2 @@ export function b() {
+export function c() {}
+export function d() {}
diff --git a/src/old.ts b/src/new.ts
similarity index 90%
rename from src/old.ts
rename to src/new.ts
index 1111111..2222222 100644
--- a/src/old.ts
+++ b/src/new.ts
@@ -5 +5 @@
-old line
+new line
diff --git a/src/moved.ts b/src/moved-too.ts
similarity index 100%
rename from src/moved.ts
rename to src/moved-too.ts
diff --git a/src/gone.ts b/src/gone.ts
deleted file mode 100644
index 3333333..0000000
--- a/src/gone.ts
+++ /dev/null
@@ -1,2 +0,0 @@
-a
-b
diff --git a/assets/logo.png b/assets/logo.png
new file mode 100644
index 0000000..4444444
Binary files /dev/null and b/assets/logo.png differ
diff --git a/src/fresh.ts b/src/fresh.ts
new file mode 100644
index 0000000..5555555
--- /dev/null
+++ b/src/fresh.ts
@@ -0,0 +1,3 @@
+one
+two
+three
\\ No newline at end of file
diff --git a/lib/a.ts b/lib/b.ts
similarity index 80%
copy from lib/a.ts
copy to lib/b.ts
--- a/lib/a.ts
+++ b/lib/b.ts
@@ -2,0 +3 @@
+copied and edited
diff --git a/run.sh b/run.sh
old mode 100644
new mode 100755
`;

describe('parseUnifiedDiff', () => {
  it('reads every kind of file section git writes', () => {
    const files = parseUnifiedDiff(GIT_DIFF);
    expect([...files.keys()]).toEqual([
      'src/app.ts',
      'src/new.ts',
      'src/moved-too.ts',
      'src/gone.ts',
      'assets/logo.png',
      'src/fresh.ts',
      'lib/b.ts',
      'run.sh',
    ]);
    expect(summary(files.get('src/app.ts'))).toEqual({
      status: 'modified',
      previousPath: undefined,
      added: [
        [3, 3],
        [11, 12],
      ],
      deleted: [[3, 3]],
      binary: false,
    });
    expect(summary(files.get('src/new.ts'))).toMatchObject({
      status: 'renamed',
      previousPath: 'src/old.ts',
      added: [[5, 5]],
    });
    expect(summary(files.get('src/moved-too.ts'))).toMatchObject({
      status: 'renamed',
      previousPath: 'src/moved.ts',
      added: [],
    });
    expect(summary(files.get('src/gone.ts'))).toMatchObject({ status: 'deleted', added: [], deleted: [[1, 2]] });
    expect(summary(files.get('assets/logo.png'))).toMatchObject({ status: 'added', binary: true, added: [] });
    expect(summary(files.get('src/fresh.ts'))).toMatchObject({ status: 'added', added: [[1, 3]] });
    expect(summary(files.get('lib/b.ts'))).toMatchObject({
      status: 'copied',
      previousPath: 'lib/a.ts',
      added: [[3, 3]],
    });
    expect(summary(files.get('run.sh'))).toMatchObject({ status: 'modified', added: [], deleted: [] });
    expect(files.get('src/fresh.ts')?.additions).toBe(3);
  });

  it('gives the same answer for CRLF line ends', () => {
    const crlf = parseUnifiedDiff(GIT_DIFF.replace(/\n/g, '\r\n'));
    const lf = parseUnifiedDiff(GIT_DIFF);
    expect([...crlf.keys()]).toEqual([...lf.keys()]);
    for (const [path, file] of lf) expect(summary(crlf.get(path))).toEqual(summary(file));
  });

  it('counts hunk lines by the header, so content that looks like a header stays content', () => {
    const diff = [
      'diff --git a/notes.md b/notes.md',
      '--- a/notes.md',
      '+++ b/notes.md',
      '@@ -1,3 +1,3 @@',
      ' context',
      '--- a deleted line that starts with dashes',
      '+++ an added line that starts with pluses',
      '',
      '@@ -10,2 +10,3 @@',
      ' x',
      '+@@ not a header @@',
      ' y',
    ].join('\n');
    const file = parseUnifiedDiff(diff).get('notes.md');
    expect(summary(file)).toMatchObject({
      status: 'modified',
      added: [
        [2, 2],
        [11, 11],
      ],
      deleted: [[2, 2]],
    });
  });

  it('unquotes C-style quoted paths, octal UTF-8 bytes included', () => {
    const diff = [
      'diff --git "a/src/t\\303\\251st \\"q\\".ts" "b/src/t\\303\\251st \\"q\\".ts"',
      'index 1..2 100644',
      '--- "a/src/t\\303\\251st \\"q\\".ts"',
      '+++ "b/src/t\\303\\251st \\"q\\".ts"',
      '@@ -1 +1,2 @@',
      ' a',
      '+b',
      'diff --git a/plain name.ts b/plain name.ts',
      'new file mode 100644',
      '--- /dev/null',
      '+++ b/plain name.ts\t',
      '@@ -0,0 +1 @@',
      '+x',
      'diff --git a/tab.ts "b/t\\tab.ts"',
      'similarity index 100%',
      'rename from tab.ts',
      'rename to "t\\tab.ts"',
    ].join('\n');
    const files = parseUnifiedDiff(diff);
    expect([...files.keys()]).toEqual(['src/tést "q".ts', 'plain name.ts', 't\tab.ts']);
    expect(files.get('src/tést "q".ts')?.added.ranges).toEqual([[2, 2]]);
    expect(files.get('t\tab.ts')).toMatchObject({ status: 'renamed', previousPath: 'tab.ts' });
  });

  it('takes names with spaces from the diff --git line when no other header names them', () => {
    const diff = 'diff --git a/my file.txt b/my file.txt\nold mode 100644\nnew mode 100755\n';
    expect([...parseUnifiedDiff(diff).keys()]).toEqual(['my file.txt']);
  });

  it('skips the data of a GIT binary patch', () => {
    const diff = [
      'diff --git a/bin.dat b/bin.dat',
      'index 1..2 100644',
      'GIT binary patch',
      'literal 12',
      'TcmZQzWMXDwW@cbyWMKdR0{{U4',
      '',
      'literal 0',
      'HcmV?d00001',
      '',
      'diff --git a/x.ts b/x.ts',
      '--- a/x.ts',
      '+++ b/x.ts',
      '@@ -1 +1 @@',
      '-a',
      '+b',
    ].join('\n');
    const files = parseUnifiedDiff(diff);
    expect(summary(files.get('bin.dat'))).toMatchObject({ binary: true, added: [] });
    expect(files.get('x.ts')?.added.ranges).toEqual([[1, 1]]);
  });

  it('reads a plain diff -u with timestamps and several files', () => {
    const diff = [
      '--- a/one.c\t2024-01-01 10:00:00.000000000 +0000',
      '+++ b/one.c\t2024-01-02 10:00:00.000000000 +0000',
      '@@ -1,2 +1,3 @@',
      ' int a;',
      '+int b;',
      ' int c;',
      '--- /dev/null\t1970-01-01 00:00:00.000000000 +0000',
      '+++ b/two.c\t2024-01-02 10:00:00.000000000 +0000',
      '@@ -0,0 +1 @@',
      '+int d;',
    ].join('\n');
    const files = parseUnifiedDiff(diff);
    expect(summary(files.get('one.c'))).toMatchObject({ status: 'modified', added: [[2, 2]] });
    expect(summary(files.get('two.c'))).toMatchObject({ status: 'added', added: [[1, 1]] });
  });

  it('ignores text before the first file, such as a commit message', () => {
    const diff =
      'From 123 Mon Sep 17 00:00:00 2001\nSubject: [PATCH] x\n---\n a | 1 +\n\ndiff --git a/a b/a\n--- a/a\n+++ b/a\n@@ -0,0 +1 @@\n+x\n-- \n2.39.5\n';
    expect(parseUnifiedDiff(diff).get('a')?.added.ranges).toEqual([[1, 1]]);
  });

  it('returns an empty map for an empty diff', () => {
    expect(parseUnifiedDiff('').size).toBe(0);
  });

  it('refuses a truncated hunk, a malformed header and a combined diff, naming the line', () => {
    const truncated = 'diff --git a/a b/a\n--- a/a\n+++ b/a\n@@ -1,3 +1,3 @@\n a\n-b\n';
    expect(() => parseUnifiedDiff(truncated)).toThrow(UserError);
    expect(() => parseUnifiedDiff(truncated)).toThrow(
      /line 7: the last hunk ends early: 1 old and 2 new lines missing/,
    );
    expect(() => parseUnifiedDiff('diff --git a/a b/a\n@@ -x +1 @@\n')).toThrow(/line 2: malformed hunk header/);
    expect(() => parseUnifiedDiff('diff --git a/a b/a\n--- a/a\n+++ b/a\n@@ -1 +1 @@\n*oops\n')).toThrow(
      /unexpected line in a hunk/,
    );
    expect(() => parseUnifiedDiff('diff --cc a.ts\nindex 1,2..3\n')).toThrow(/combined diff of a merge commit/);
    expect(() => parseUnifiedDiff('diff --git a/a b/a\n--- a/a\n+++ b/a\n@@ -1 +1,2 @@\n+a\n+b\n+c\n')).toThrow(
      /more new-side lines than the hunk header announced/,
    );
  });
});

describe('git path quoting', () => {
  it('decodes every escape git writes', () => {
    expect(unquoteGitPath('"a\\tb\\nc\\\\d\\"e\\001"')).toBe('a\tb\nc\\d"e\u0001');
    expect(unquoteGitPath('"\\346\\227\\245\\346\\234\\254.txt"')).toBe('日本.txt');
    expect(unquoteGitPath('plain.txt')).toBe('plain.txt');
  });

  it('leaves malformed quoting as written', () => {
    expect(readQuotedPath('"unterminated')).toBeUndefined();
    expect(readQuotedPath('"bad \\9 escape"')).toBeUndefined();
    expect(unquoteGitPath('"half" open')).toBe('"half" open');
  });
});
