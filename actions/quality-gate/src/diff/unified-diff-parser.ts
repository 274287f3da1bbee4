/**
 * Parses a unified diff, as `git diff` writes it (and plain `diff -u`), into the lines each file
 * gained and lost: `diff --git` headers with their extended lines (new/deleted file, rename and
 * copy from/to, modes, index), quoted paths with escapes, binary files (`Binary files ... differ`
 * and `GIT binary patch`), `\ No newline at end of file`, CRLF line ends, and hunks with or
 * without context. A combined diff of a merge commit is refused: its lines belong to no single
 * parent.
 *
 * The text comes from our own `git diff` call or a patch, not from a hostile author, but it is
 * still read strictly: a truncated hunk is an error, never a silently shorter change.
 */
import { UserError } from '../../../../shared/runtime/errors.js';
import { knownChange, type ChangedFile, type ChangedLines, type ChangeStatus } from './changed-lines.js';
import { readQuotedPath, unquoteGitPath } from './git-quoted-path.js';
import { HunkReader } from './hunk-reader.js';
import { LineRanges } from './line-ranges.js';

const DEV_NULL = '/dev/null';

interface FileDraft {
  /** 1-based line of the diff where the file's section starts, for messages. */
  startLine: number;
  /** Paths from the `diff --git a/x b/y` line, prefixes removed. */
  gitOld?: string;
  gitNew?: string;
  /** From `---` / `+++`; null for /dev/null. */
  oldPath?: string | null;
  newPath?: string | null;
  sawFileHeaders: boolean;
  renameFrom?: string;
  renameTo?: string;
  copyFrom?: string;
  copyTo?: string;
  created: boolean;
  removed: boolean;
  binary: boolean;
  /** Inside a `GIT binary patch`: its data lines are skipped. */
  inBinaryPatch: boolean;
  hunks: HunkReader;
}

export function parseUnifiedDiff(text: string, source = 'the diff'): ChangedLines {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const files: ChangedLines = new Map();
  let draft: FileDraft | undefined;

  const finish = (lineNumber: number): void => {
    if (draft === undefined) return;
    draft.hunks.finish(lineNumber);
    addFile(files, toChangedFile(draft, source));
    draft = undefined;
  };

  for (let index = 0; index < lines.length; index++) {
    const lineNumber = index + 1;
    const line = stripCarriageReturn(lines[index] as string);

    if (draft?.hunks.inHunk) {
      draft.hunks.line(line, lineNumber);
      continue;
    }
    if (line.startsWith('diff --git ')) {
      finish(lineNumber);
      draft = newDraft(lineNumber, source);
      readGitHeaderPaths(line.slice('diff --git '.length), draft);
      continue;
    }
    if (line.startsWith('diff --cc ') || line.startsWith('diff --combined ')) {
      throw new UserError(
        'is a combined diff of a merge commit, which has no single set of changed lines; diff against the merge base instead',
        `${source}, line ${lineNumber}`,
      );
    }
    const next = lines[index + 1];
    if (line.startsWith('--- ') && next !== undefined && stripCarriageReturn(next).startsWith('+++ ')) {
      // A plain `diff -u` starts each file here; in a git diff these are the current file's headers.
      if (draft === undefined || draft.sawFileHeaders || draft.hunks.hunkCount > 0) {
        finish(lineNumber);
        draft = newDraft(lineNumber, source);
      }
      draft.oldPath = headerPath(line.slice(4), 'a/');
      draft.newPath = headerPath(stripCarriageReturn(next).slice(4), 'b/');
      draft.sawFileHeaders = true;
      index++;
      continue;
    }
    if (draft === undefined) continue; // text before the first file, e.g. a commit message
    if (draft.inBinaryPatch) continue;
    if (HunkReader.isHeader(line) || line.startsWith('@@@')) {
      draft.hunks.start(line, lineNumber);
      continue;
    }
    readExtendedHeader(line, draft);
  }
  finish(lines.length + 1);
  return files;
}

function newDraft(startLine: number, source: string): FileDraft {
  return {
    startLine,
    sawFileHeaders: false,
    created: false,
    removed: false,
    binary: false,
    inBinaryPatch: false,
    hunks: new HunkReader(source),
  };
}

function stripCarriageReturn(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

/** The extended header lines git writes between `diff --git` and the first hunk. */
function readExtendedHeader(line: string, draft: FileDraft): void {
  const value = (prefix: string): string | undefined =>
    line.startsWith(prefix) ? unquoteGitPath(line.slice(prefix.length)) : undefined;
  if (line.startsWith('new file mode ')) draft.created = true;
  else if (line.startsWith('deleted file mode ')) draft.removed = true;
  else if (line.startsWith('rename from ')) draft.renameFrom = value('rename from ');
  else if (line.startsWith('rename to ')) draft.renameTo = value('rename to ');
  else if (line.startsWith('copy from ')) draft.copyFrom = value('copy from ');
  else if (line.startsWith('copy to ')) draft.copyTo = value('copy to ');
  else if (line === 'GIT binary patch') {
    draft.binary = true;
    draft.inBinaryPatch = true;
  } else if (line.startsWith('Binary files ') && line.endsWith(' differ')) {
    draft.binary = true;
    if (line.startsWith(`Binary files ${DEV_NULL} and `)) draft.created = true;
    if (line.endsWith(` and ${DEV_NULL} differ`)) draft.removed = true;
  }
  // index, old/new mode, similarity and dissimilarity index: nothing to record.
}

/** A `---`/`+++` name: unquoted, without the trailing tab (and timestamp), without its prefix. */
function headerPath(raw: string, prefix: 'a/' | 'b/'): string | null {
  let name: string;
  if (raw.startsWith('"')) {
    name = readQuotedPath(raw)?.value ?? raw;
  } else {
    const tab = raw.indexOf('\t');
    name = tab === -1 ? raw : raw.slice(0, tab);
  }
  if (name === DEV_NULL) return null;
  return name.startsWith(prefix) ? name.slice(prefix.length) : name;
}

/**
 * `diff --git a/x b/y`. Unquoted names may contain spaces, so `a/x y b/x y` is split where
 * both halves name the same file (always the case unless it is a rename or copy, whose
 * names the `rename from/to` lines give anyway).
 */
function readGitHeaderPaths(rest: string, draft: FileDraft): void {
  const names = splitGitHeader(rest);
  if (names === undefined) return;
  const [oldName, newName] = names;
  draft.gitOld = oldName.startsWith('a/') ? oldName.slice(2) : oldName;
  draft.gitNew = newName.startsWith('b/') ? newName.slice(2) : newName;
}

function splitGitHeader(rest: string): [string, string] | undefined {
  if (rest.startsWith('"')) {
    const first = readQuotedPath(rest);
    if (first === undefined || rest[first.end] !== ' ') return undefined;
    return [first.value, unquoteGitPath(rest.slice(first.end + 1))];
  }
  if (rest.endsWith('"')) {
    for (let at = rest.indexOf(' "'); at !== -1; at = rest.indexOf(' "', at + 1)) {
      const second = readQuotedPath(rest, at + 1);
      if (second?.end === rest.length) return [rest.slice(0, at), second.value];
    }
    return undefined;
  }
  if (rest.length % 2 === 1) {
    const half = (rest.length - 1) / 2;
    const [left, right] = [rest.slice(0, half), rest.slice(half + 1)];
    if (rest[half] === ' ' && left.slice(2) === right.slice(2)) return [left, right];
  }
  const split = rest.indexOf(' b/');
  return split === -1 ? undefined : [rest.slice(0, split), rest.slice(split + 1)];
}

function toChangedFile(draft: FileDraft, source: string): ChangedFile {
  const removed = draft.removed || draft.newPath === null;
  const created = draft.created || draft.oldPath === null;
  const newPath = draft.renameTo ?? draft.copyTo ?? nonNull(draft.newPath) ?? draft.gitNew;
  const oldPath = draft.renameFrom ?? draft.copyFrom ?? nonNull(draft.oldPath) ?? draft.gitOld;
  const path = removed ? (oldPath ?? newPath) : (newPath ?? oldPath);
  if (path === undefined) {
    throw new UserError('a file section names no file', `${source}, line ${draft.startLine}`);
  }
  let status: ChangeStatus = 'modified';
  if (removed) status = 'deleted';
  else if (created) status = 'added';
  else if (draft.renameTo !== undefined || draft.renameFrom !== undefined) status = 'renamed';
  else if (draft.copyTo !== undefined || draft.copyFrom !== undefined) status = 'copied';

  const options: { previousPath?: string; binary: boolean } = { binary: draft.binary };
  if ((status === 'renamed' || status === 'copied') && oldPath !== undefined) options.previousPath = oldPath;
  const added = draft.binary ? LineRanges.EMPTY : draft.hunks.added.build();
  const deleted = draft.binary ? LineRanges.EMPTY : draft.hunks.deleted.build();
  return knownChange(path, status, added, deleted, options);
}

function nonNull(path: string | null | undefined): string | undefined {
  return path === null ? undefined : path;
}

/** A deleted file and a file now at its path cannot both be kept: the living file wins. */
function addFile(files: ChangedLines, file: ChangedFile): void {
  const existing = files.get(file.path);
  if (existing !== undefined && file.status === 'deleted') return;
  files.set(file.path, file);
}
