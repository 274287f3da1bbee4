import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import type { PhaseResult } from './phase-result.js';
import { assertPhaseResult } from './validate.js';
import { writeFileAtomic } from '../runtime/atomic-file.js';
import { UserError } from '../runtime/errors.js';

/** A result file larger than this is refused: a real one is a few MB even with 100k findings. */
export const MAX_RESULT_FILE_BYTES = 256 * 1024 * 1024;

/** `$RUNNER_TEMP/elder` in Actions, a temp folder elsewhere; overridable with ELDER_RESULTS_DIR. */
export function defaultResultsDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env['ELDER_RESULTS_DIR']) return env['ELDER_RESULTS_DIR'];
  return join(env['RUNNER_TEMP'] ?? tmpdir(), 'elder');
}

export function resultFileName(result: Pick<PhaseResult, 'phase' | 'environment' | 'key'>): string {
  const key = result.key ? `-${result.key.replace(/[^A-Za-z0-9_.-]+/g, '_')}` : '';
  return `${result.phase}-${result.environment}${key}.json`;
}

/** Validates before writing, so an invalid result never reaches disk, then writes atomically. */
export async function writePhaseResult(result: PhaseResult, dir = defaultResultsDir()): Promise<string> {
  const path = join(dir, resultFileName(result));
  assertPhaseResult(result, path);
  await writeFileAtomic(path, `${JSON.stringify(result, null, 2)}\n`);
  return path;
}

export async function readPhaseResult(path: string): Promise<PhaseResult> {
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch {
    throw new UserError('result file not found', path);
  }
  if (size > MAX_RESULT_FILE_BYTES) {
    throw new UserError(`result file is ${size} bytes; the limit is ${MAX_RESULT_FILE_BYTES}`, path);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'));
  } catch (err) {
    throw new UserError(`is not valid JSON (${(err as Error).message})`, path);
  }
  assertPhaseResult(parsed, path);
  return parsed;
}
