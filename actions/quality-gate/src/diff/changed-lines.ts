/**
 * What a change did to each file, by repository path: the lines it added (new-side numbers,
 * what coverage and annotations refer to) and deleted (old-side numbers). "New code" in every
 * new_code condition means these added lines.
 *
 * A file whose changed lines are unknown (GitHub sends no patch for binary files and files past
 * its diff limits) says so with `linesKnown: false`: unknown is not "unchanged", and counting it
 * as unchanged would let new code escape the gate.
 */
import type { LineRanges } from './line-ranges.js';

export const CHANGE_STATUSES = ['added', 'modified', 'renamed', 'copied', 'deleted'] as const;
export type ChangeStatus = (typeof CHANGE_STATUSES)[number];

export interface ChangedFile {
  /** Repository-relative; the new path, or for a deleted file the path it had. */
  path: string;
  status: ChangeStatus;
  /** The source of a rename or copy. */
  previousPath?: string;
  /** Lines added, numbered in the new file. */
  added: LineRanges;
  /** Lines deleted, numbered in the old file. */
  deleted: LineRanges;
  /** Lines added as far as known: `added.size`, or the count GitHub states when it sent no patch. */
  additions: number;
  binary: boolean;
  /** False when which lines changed is unknown; `unknownReason` says why. */
  linesKnown: boolean;
  unknownReason?: string;
}

/** By the file's (new) path. */
export type ChangedLines = Map<string, ChangedFile>;

/** A change as the gate sees it: the files and anything that makes the picture partial. */
export interface ChangeSet {
  files: ChangedLines;
  /** False when files are missing from the list itself (GitHub lists at most 3,000). */
  complete: boolean;
  /** Sentences about gaps, e.g. files whose lines are unknown. */
  notes: string[];
}

export function changeSet(files: ChangedLines, complete = true, notes: string[] = []): ChangeSet {
  return { files, complete, notes: [...notes, ...unknownLineNotes(files)] };
}

/** true/false when known; undefined when the file's changed lines are unknown. */
export function isAddedLine(changes: ChangeSet, path: string, line: number): boolean | undefined {
  return touchesAddedLines(changes, path, line, line);
}

/** Whether any of the lines `first`..`last` was added; undefined when the file's lines are unknown. */
export function touchesAddedLines(changes: ChangeSet, path: string, first: number, last: number): boolean | undefined {
  const file = changes.files.get(path);
  if (file === undefined) return changes.complete ? false : undefined;
  if (!file.linesKnown) return undefined;
  return file.added.overlaps(first, last);
}

export interface NewLineCount {
  /** Lines added across text files (a lower bound when not exact). */
  count: number;
  /** False when some file's additions are unknown or the file list is incomplete. */
  exact: boolean;
  /** Files whose changed lines are unknown. */
  unknownFiles: string[];
}

/** "New lines" for the small-change waiver: lines the change adds, binary files excluded. */
export function countNewLines(changes: ChangeSet): NewLineCount {
  let count = 0;
  const unknownFiles: string[] = [];
  for (const file of changes.files.values()) {
    if (file.binary) continue;
    count += file.additions;
    if (!file.linesKnown) unknownFiles.push(file.path);
  }
  return { count, exact: changes.complete && unknownFiles.length === 0, unknownFiles };
}

function unknownLineNotes(files: ChangedLines): string[] {
  const unknown = [...files.values()].filter((file) => !file.linesKnown);
  if (unknown.length === 0) return [];
  const shown = unknown.slice(0, 5).map((file) => `${file.path} (${file.unknownReason ?? 'no patch'})`);
  const more = unknown.length > shown.length ? ` and ${unknown.length - shown.length} more` : '';
  return [
    `changed lines unknown in ${unknown.length} file${unknown.length === 1 ? '' : 's'}: ${shown.join(', ')}${more}; ` +
      'they are left out of new-code coverage rather than counted as unchanged',
  ];
}

/** A file whose lines are all known, for builders. */
export function knownChange(
  path: string,
  status: ChangeStatus,
  added: LineRanges,
  deleted: LineRanges,
  options: { previousPath?: string; binary?: boolean } = {},
): ChangedFile {
  const file: ChangedFile = {
    path,
    status,
    added,
    deleted,
    additions: added.size,
    binary: options.binary ?? false,
    linesKnown: true,
  };
  if (options.previousPath !== undefined) file.previousPath = options.previousPath;
  return file;
}
