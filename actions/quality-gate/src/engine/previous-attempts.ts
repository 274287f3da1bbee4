/**
 * Earlier attempts of this workflow run (GitHub's "Re-run jobs"), for flaky-test detection: a
 * test that failed in an earlier attempt of the same commit and passes now is flaky, not a pass.
 *
 * `previous-attempts` globs the results earlier attempts wrote: their quality-gate PhaseResult
 * files (`details.attempt` and `details.tests.failed`) or, for a matrix leg, their partial results
 * (`.jsonl`, the same leg only). Anything else, an attempt of another environment, gate or leg,
 * and the current attempt itself are skipped; a file that cannot be read is a warning, never a
 * failure (without it the gate simply cannot call those tests flaky).
 */
import { readPhaseResult } from '../../../../shared/result/result-file.js';
import { errorMessage } from '../../../../shared/runtime/errors.js';
import { expandGlobs } from '../../../../shared/runtime/glob.js';
import type { Logger } from '../../../../shared/runtime/logger.js';
import { AttemptFailures } from '../flaky/attempt-failures.js';
import type { TestCaseRecord } from '../model.js';
import { PARTIAL_EXTENSION } from '../matrix/partial-format.js';
import { readPartial } from '../matrix/read-partial.js';
import type { QualityGateDetails } from './details.js';

export interface PreviousAttemptsOptions {
  patterns: readonly string[];
  cwd: string;
  environment: string;
  gate: string;
  /** The current attempt: only earlier ones count. */
  attempt: number;
  /** For a matrix leg: only that leg's partials. */
  leg?: string;
}

export async function readPreviousAttempts(
  options: PreviousAttemptsOptions,
  logger: Logger,
): Promise<{ attempts: AttemptFailures[]; warnings: string[] }> {
  const warnings: string[] = [];
  const attempts = new Map<number, AttemptFailures>();
  if (options.patterns.length === 0) return { attempts: [], warnings };
  const files = await expandGlobs(options.patterns, { cwd: options.cwd });
  for (const file of files) {
    try {
      const found = file.endsWith(PARTIAL_EXTENSION)
        ? await fromPartial(file, options)
        : file.endsWith('.json')
          ? await fromResult(file, options)
          : undefined;
      if (found === undefined || found.attempt >= options.attempt) continue;
      const known = attempts.get(found.attempt);
      if (known === undefined) attempts.set(found.attempt, found);
      else for (const [id, record] of found.failures) known.failures.set(id, record);
    } catch (err) {
      warnings.push(
        `previous attempt ${file} could not be read (${errorMessage(err)}); flaky tests from it are not detected`,
      );
    }
  }
  const list = [...attempts.values()].sort((a, b) => a.attempt - b.attempt);
  if (list.length > 0) {
    logger.info(
      `Earlier attempts: ${list.map((a) => `attempt ${a.attempt} (${a.failures.size} failing tests)`).join(', ')}`,
    );
  }
  return { attempts: list, warnings };
}

async function fromPartial(file: string, options: PreviousAttemptsOptions): Promise<AttemptFailures | undefined> {
  const failing: TestCaseRecord[] = [];
  const header = await readPartial(file, {
    header: () => undefined,
    coverage: () => undefined,
    tests: () => undefined,
    test: (test) => {
      if (test.outcome === 'failed') failing.push(test.record);
    },
    finding: () => undefined,
    vulnerability: () => undefined,
    change: () => undefined,
  });
  if (header.environment !== options.environment || header.gate !== options.gate) return undefined;
  if (options.leg !== undefined && header.leg !== options.leg) return undefined;
  const attempt = new AttemptFailures(header.attempt, header.commit);
  for (const record of failing) attempt.add(record);
  return attempt;
}

async function fromResult(file: string, options: PreviousAttemptsOptions): Promise<AttemptFailures | undefined> {
  const result = await readPhaseResult(file);
  if (result.phase !== 'quality-gate' || result.environment !== options.environment) return undefined;
  if (result.key !== undefined && result.key !== options.gate) return undefined;
  const details = result.details as Partial<QualityGateDetails> | undefined;
  const attempt = details?.attempt;
  if (attempt === undefined || typeof attempt.number !== 'number') return undefined;
  const failures = new AttemptFailures(attempt.number, attempt.commit ?? result.source?.commit);
  for (const test of details?.tests?.failed ?? []) {
    if (typeof test?.name !== 'string' || !Array.isArray(test.suites)) continue;
    const record: TestCaseRecord = { suites: test.suites.map(String), name: test.name, status: 'failed' };
    if (typeof test.classname === 'string') record.classname = test.classname;
    if (typeof test.file === 'string') record.file = test.file;
    if (typeof test.line === 'number') record.line = test.line;
    failures.add(record);
  }
  return failures;
}
