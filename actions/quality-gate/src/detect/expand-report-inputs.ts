/**
 * The gate's report inputs (globs, one per line in the action input) to detected reports.
 * Several files may match and are merged later (matrix legs, monorepo packages). Every problem
 * with every file is collected and raised together, so one run tells the user everything to
 * fix; any problem fails the expansion, because a gate that silently dropped an unreadable or
 * unrecognised report would pass on less evidence than it was given (fail closed).
 *
 * An empty result is not an error here: whether a missing report fails the gate is the gate's
 * policy (required vs optional inputs); `onUnmatched` is told which patterns found nothing.
 */
import { realpath, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { expandGlobs } from '../../../../shared/runtime/glob.js';
import { errorMessage, UserError, UserErrors } from '../../../../shared/runtime/errors.js';
import type { DetectedReport } from '../model.js';
import { detectReportFormat } from './detect-report-format.js';
import { formatBytes, MAX_STREAMED_REPORT_BYTES, maxReportBytes } from './report-size-limits.js';
import { assertPatternInsideWorkspace, realPathInsideWorkspace } from './workspace-path.js';

export interface ReportInputOptions {
  /** Overrides the per-format cap (report-size-limits.ts) for every file. */
  maxFileBytes?: number;
  /** Most files all patterns together may match. */
  maxFiles?: number;
  /** Told about each pattern that matched no file. */
  onUnmatched?: (pattern: string) => void;
}

export async function expandReportInputs(
  globs: readonly string[],
  cwd: string,
  options: ReportInputOptions = {},
): Promise<DetectedReport[]> {
  const root = resolve(cwd);
  const realRoot = await realpath(root).catch(() => {
    throw new UserError('the workspace directory does not exist', root);
  });
  const problems: UserError[] = [];
  const reports: DetectedReport[] = [];
  const seen = new Set<string>();

  for (const pattern of globs.map((glob) => glob.trim()).filter((glob) => glob.length > 0)) {
    try {
      assertPatternInsideWorkspace(pattern, root);
    } catch (err) {
      problems.push(err as UserError);
      continue;
    }
    let files: string[];
    try {
      files = await expandGlobs([pattern], { cwd: root, maxFiles: options.maxFiles ?? 10_000 });
    } catch (err) {
      problems.push(new UserError(errorMessage(err), pattern));
      continue;
    }
    if (files.length === 0) options.onUnmatched?.(pattern);
    for (const file of files) {
      try {
        const report = await inspect(file, realRoot, seen, options);
        if (report) reports.push(report);
      } catch (err) {
        problems.push(err instanceof UserError ? err : new UserError(errorMessage(err), file));
      }
    }
  }

  if (problems.length === 1) throw problems[0];
  if (problems.length > 1) throw new UserErrors(problems, `${problems.length} report inputs cannot be used:`);
  return reports;
}

/** One matched file: inside the workspace, not seen before, within its size cap, detected. */
async function inspect(
  file: string,
  realRoot: string,
  seen: Set<string>,
  options: ReportInputOptions,
): Promise<DetectedReport | undefined> {
  const real = await realPathInsideWorkspace(file, realRoot);
  // The same file through two patterns (or a link) is one report, not two to merge.
  if (seen.has(real)) return undefined;
  seen.add(real);
  const info = await stat(real);
  if (!info.isFile()) return undefined;
  // The largest cap of any format, checked before reading: a runaway file is named as such
  // even when its head is not recognisable (a sparse or zero-filled file reads as binary).
  const largest = options.maxFileBytes ?? MAX_STREAMED_REPORT_BYTES;
  if (info.size > largest) {
    throw new UserError(
      `the report is ${formatBytes(info.size)}, over the ${formatBytes(largest)} limit for one report`,
      file,
    );
  }
  const detected = await detectReportFormat(file);
  const cap = options.maxFileBytes ?? maxReportBytes(detected.format);
  if (info.size > cap) {
    throw new UserError(
      `the report is ${formatBytes(info.size)}, over the ${formatBytes(cap)} limit for one ${detected.format} report`,
      file,
    );
  }
  return detected;
}
