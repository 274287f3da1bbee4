import { relative } from 'node:path';
import type { PhaseResult } from '../../../shared/result/phase-result.js';
import { readPhaseResult } from '../../../shared/result/result-file.js';
import { expandGlobs } from '../../../shared/runtime/glob.js';

/**
 * Folders that phases write beside their results and that hold JSON which is not a PhaseResult:
 * certificates, evidence bundles and the deploy state. Everything else ending in .json is read,
 * so a broken result is reported, never skipped.
 */
const NOT_RESULTS = /(^|[\\/])(certificates|audit-trail|deploy-state)[\\/]/;

export interface CollectedResults {
  results: PhaseResult[];
  files: string[];
  /** Files that held an older copy of a result superseded by a newer one (re-runs). */
  superseded: string[];
}

/**
 * Reads every PhaseResult the patterns match (outside the folders above). Each file is validated against the schema; one
 * bad file stops the report with an error naming it, because a readiness score computed from
 * partly unreadable evidence would look complete and be wrong. When the same phase, environment
 * and key appear twice (a re-run's artifact next to the first run's), the newer one wins.
 */
export async function collectResults(patterns: readonly string[], cwd: string): Promise<CollectedResults> {
  const files = (await expandGlobs(patterns, { cwd })).filter(
    (file) => file.endsWith('.json') && !NOT_RESULTS.test(relative(cwd, file)),
  );
  const byIdentity = new Map<string, { result: PhaseResult; file: string }>();
  const superseded: string[] = [];
  for (const file of files) {
    const result = await readPhaseResult(file);
    const identity = `${result.phase}\u0000${result.environment}\u0000${result.key ?? ''}`;
    const existing = byIdentity.get(identity);
    if (!existing) {
      byIdentity.set(identity, { result, file });
    } else if (existing.result.timings.finishedAt < result.timings.finishedAt) {
      superseded.push(existing.file);
      byIdentity.set(identity, { result, file });
    } else {
      superseded.push(file);
    }
  }
  return { results: [...byIdentity.values()].map((entry) => entry.result), files, superseded };
}
