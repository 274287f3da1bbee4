/**
 * Appends markdown to the step's job summary (the file GITHUB_STEP_SUMMARY names). This is the
 * publication that needs no token and no permission, so it is where the verdict always lands.
 *
 * GitHub refuses a step summary over 1 MiB (the upload fails with an error annotation and the
 * whole summary is lost), so what we append is cut to fit what the step already wrote, with a
 * line saying where the rest is.
 */
import { appendFileSync, existsSync, statSync } from 'node:fs';
import { JOB_SUMMARY_MAX_BYTES } from '../render/limits.js';
import { utf8Bytes } from '../render/text-size.js';
import type { Logger } from '../runtime/logger.js';
import { truncateReporting } from './limits.js';

export interface AppendJobSummaryOptions {
  logger: Logger;
  env?: NodeJS.ProcessEnv;
  /** Where the full report is, named in the truncation line (e.g. the result file). */
  fullReportAt?: string;
  /** Override of the 1 MiB limit, for tests. */
  maxBytes?: number;
}

export interface JobSummaryWrite {
  written: boolean;
  truncated: boolean;
  /** Bytes appended. */
  bytes: number;
  path?: string;
}

export function appendJobSummary(markdown: string, options: AppendJobSummaryOptions): JobSummaryWrite {
  const { logger } = options;
  const path = (options.env ?? process.env).GITHUB_STEP_SUMMARY;
  if (!path) {
    logger.debug('GITHUB_STEP_SUMMARY is not set (not running in GitHub Actions); no job summary written.');
    return { written: false, truncated: false, bytes: 0 };
  }
  const maxBytes = options.maxBytes ?? JOB_SUMMARY_MAX_BYTES;
  const already = existsSync(path) ? statSync(path).size : 0;
  const room = Math.max(0, maxBytes - already);
  const text = markdown.endsWith('\n') ? markdown : `${markdown}\n`;
  const pointer = `\n\n> Summary truncated to GitHub's 1 MiB limit${options.fullReportAt ? `; the full report is in \`${options.fullReportAt}\`` : ''}.\n`;
  if (utf8Bytes(text) > room && utf8Bytes(pointer) > room) {
    // Not even the pointer fits: the step already used its 1 MiB; writing more would lose it all.
    logger.info(`The job summary is full (${already} bytes); this step's ${text.length} characters were not added.`);
    return { written: false, truncated: true, bytes: 0, path };
  }
  const fitted = truncateReporting(text, room, 'utf8-bytes', pointer);
  appendFileSync(path, fitted.text, 'utf8');
  if (fitted.truncated)
    logger.info(
      `The job summary was cut to GitHub's 1 MiB limit${options.fullReportAt ? `; see ${options.fullReportAt}` : ''}.`,
    );
  return { written: true, truncated: fitted.truncated, bytes: utf8Bytes(fitted.text), path };
}
