/**
 * The lines a pull request changes, from `GET /repos/{owner}/{repo}/pulls/{pull_number}/files`
 * (no checkout needed). GitHub compares the head with the merge base, so these are the same lines
 * `git diff` from the merge base gives.
 *
 * Gaps GitHub leaves, and what we do about them:
 * - `patch` is left out for binary files and for files past GitHub's diff limits. Such a file's
 *   changed lines are unknown, not unchanged: it is marked so, its stated `additions` still count
 *   as new lines, and the notes name it. (Past the limits even `additions` can read 0.) A file
 *   with a typical binary extension, no patch and no counted changes is taken to be binary, and
 *   a rename, copy or mode change without patch or counts to be a move without edits.
 * - The endpoint lists at most 3,000 files; pass the pull request's `changed_files` and a shorter
 *   list is reported as incomplete.
 */
import { UserError } from '../../../../shared/runtime/errors.js';
import { changeSet, type ChangedFile, type ChangedLines, type ChangeSet, type ChangeStatus } from './changed-lines.js';
import { HunkReader } from './hunk-reader.js';
import { LineRanges } from './line-ranges.js';

/** The fields of one entry of the response that we read. */
export interface PullRequestFile {
  filename: string;
  status: 'added' | 'removed' | 'modified' | 'renamed' | 'copied' | 'changed' | 'unchanged';
  previous_filename?: string;
  patch?: string;
  additions?: number;
  deletions?: number;
}

export interface PullRequestFilesOptions {
  /** The pull request's `changed_files`, to notice a list cut at GitHub's maximum. */
  changedFiles?: number;
}

/** GitHub's documented maximum for this endpoint. */
export const PULL_REQUEST_FILES_MAX = 3000;

const STATUS: Readonly<Record<PullRequestFile['status'], ChangeStatus>> = {
  added: 'added',
  removed: 'deleted',
  modified: 'modified',
  renamed: 'renamed',
  copied: 'copied',
  // A mode change only; "unchanged" appears for renames and copies without edits.
  changed: 'modified',
  unchanged: 'modified',
};

const BINARY_EXTENSIONS =
  /\.(?:png|jpe?g|gif|bmp|ico|webp|avif|tiff?|psd|pdf|zip|gz|tgz|bz2|xz|7z|rar|jar|war|ear|class|so|dylib|dll|exe|bin|o|a|wasm|woff2?|ttf|otf|eot|mp3|mp4|m4a|wav|ogg|webm|mov|avi|sqlite|db|parquet|pyc)$/i;

export function changedLinesFromPullRequestFiles(
  files: readonly PullRequestFile[],
  options: PullRequestFilesOptions = {},
): ChangeSet {
  const changed: ChangedLines = new Map();
  for (const entry of files) {
    const file = toChangedFile(entry);
    changed.set(file.path, file);
  }
  const notes: string[] = [];
  const expected = options.changedFiles;
  const complete = expected === undefined || files.length >= expected;
  if (!complete) {
    notes.push(
      `GitHub listed ${files.length} of the pull request's ${expected} changed files (the endpoint returns at most ` +
        `${PULL_REQUEST_FILES_MAX}); new-code conditions judge the listed files only, so a checkout with git is more exact`,
    );
  }
  return changeSet(changed, complete, notes);
}

function toChangedFile(entry: PullRequestFile): ChangedFile {
  if (typeof entry.filename !== 'string' || entry.filename === '') {
    throw new UserError('a pull request file entry has no filename');
  }
  const status = STATUS[entry.status];
  if (status === undefined) {
    throw new UserError(`unknown status '${String(entry.status)}' for ${entry.filename} in the pull request files`);
  }
  const base: Pick<ChangedFile, 'path' | 'status' | 'previousPath'> = { path: entry.filename, status };
  if ((status === 'renamed' || status === 'copied') && entry.previous_filename !== undefined) {
    base.previousPath = entry.previous_filename;
  }
  if (typeof entry.patch === 'string') {
    const reader = readPatch(entry.patch, entry.filename);
    const added = reader.added.build();
    return { ...base, added, deleted: reader.deleted.build(), additions: added.size, binary: false, linesKnown: true };
  }
  const additions = entry.additions ?? 0;
  const noCountedChange = additions === 0 && (entry.deletions ?? 0) === 0;
  const empty = { added: LineRanges.EMPTY, deleted: LineRanges.EMPTY };
  const binary = BINARY_EXTENSIONS.test(entry.filename);
  // A deleted file adds nothing; binary files and moves without edits add no text lines.
  if (status === 'deleted' || (noCountedChange && (binary || isMoveWithoutEdits(entry)))) {
    return { ...base, ...empty, additions: 0, binary, linesKnown: true };
  }
  return {
    ...base,
    ...empty,
    additions,
    binary: false,
    linesKnown: false,
    unknownReason: noCountedChange
      ? 'GitHub sent no patch and no line counts: binary, or past its diff limits'
      : `GitHub sent no patch for its ${additions} added lines: too large`,
  };
}

/** Renames, copies and mode changes come without a patch when no line changed. */
function isMoveWithoutEdits(entry: PullRequestFile): boolean {
  return ['renamed', 'copied', 'changed', 'unchanged'].includes(entry.status);
}

function readPatch(patch: string, path: string): HunkReader {
  const reader = new HunkReader(`the patch of ${path}`);
  const lines = patch.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  lines.forEach((raw, index) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (reader.inHunk) reader.line(line, index + 1);
    else if (HunkReader.isHeader(line)) reader.start(line, index + 1);
    // Anything else outside a hunk (e.g. "\ No newline at end of file") carries no line.
  });
  reader.finish(lines.length + 1);
  return reader;
}
