/**
 * appendJobSummary: appends to GITHUB_STEP_SUMMARY, never past GitHub's 1 MiB per step, and is
 * a quiet no-op outside Actions.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendJobSummary } from '../../../shared/github/job-summary.js';
import { JOB_SUMMARY_MAX_BYTES } from '../../../shared/render/limits.js';
import { MemoryLogger } from '../../../shared/runtime/logger.js';

describe('appendJobSummary', () => {
  let dir: string;
  let path: string;
  let logger: MemoryLogger;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'elder-summary-'));
    path = join(dir, 'step_summary');
    logger = new MemoryLogger();
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('appends markdown, one block after another', () => {
    const env = { GITHUB_STEP_SUMMARY: path };
    expect(appendJobSummary('## Deploy\nok', { logger, env })).toMatchObject({ written: true, truncated: false, path });
    appendJobSummary('## Gate\nfailed\n', { logger, env });
    expect(readFileSync(path, 'utf8')).toBe('## Deploy\nok\n## Gate\nfailed\n');
  });

  it('is a no-op with a debug line outside GitHub Actions', () => {
    expect(appendJobSummary('# x', { logger, env: {} })).toEqual({ written: false, truncated: false, bytes: 0 });
    expect(logger.lines).toEqual([expect.stringMatching(/^debug: GITHUB_STEP_SUMMARY is not set/)]);
  });

  it('cuts to 1 MiB in UTF-8 bytes with a pointer to the full report', () => {
    const markdown = 'é'.repeat(700_000); // 1.4 MB in UTF-8
    const result = appendJobSummary(markdown, {
      logger,
      env: { GITHUB_STEP_SUMMARY: path },
      fullReportAt: 'elder/report-production.json',
    });
    const written = readFileSync(path);
    expect(result.truncated).toBe(true);
    expect(written.length).toBeLessThanOrEqual(JOB_SUMMARY_MAX_BYTES);
    expect(written.length).toBeGreaterThan(JOB_SUMMARY_MAX_BYTES - 200);
    const text = written.toString('utf8');
    expect(text).not.toContain('\uFFFD');
    expect(
      text.endsWith(
        "> Summary truncated to GitHub's 1 MiB limit; the full report is in `elder/report-production.json`.\n",
      ),
    ).toBe(true);
  });

  it('counts what the step already wrote', () => {
    writeFileSync(path, 'x'.repeat(JOB_SUMMARY_MAX_BYTES - 100));
    const result = appendJobSummary('y'.repeat(500), { logger, env: { GITHUB_STEP_SUMMARY: path } });
    expect(result.truncated).toBe(true);
    expect(readFileSync(path).length).toBeLessThanOrEqual(JOB_SUMMARY_MAX_BYTES);
  });

  it('adds nothing to a summary that is already full', () => {
    writeFileSync(path, 'x'.repeat(JOB_SUMMARY_MAX_BYTES - 3));
    const result = appendJobSummary('more', {
      logger,
      env: { GITHUB_STEP_SUMMARY: path },
      maxBytes: JOB_SUMMARY_MAX_BYTES,
    });
    expect(result).toMatchObject({ written: false, truncated: true });
    expect(readFileSync(path).length).toBe(JOB_SUMMARY_MAX_BYTES - 3);
  });
});
