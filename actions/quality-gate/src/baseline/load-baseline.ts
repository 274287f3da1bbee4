/**
 * Reads the base branch's last quality-gate result from the path the workflow restored it to
 * (see BASELINE.md). A missing, unreadable or mismatched file is never a failure: like Codecov
 * without a base report, the gate runs without deltas and says so in a note.
 */
import { access } from 'node:fs/promises';
import { readPhaseResult } from '../../../../shared/result/result-file.js';
import { errorMessage } from '../../../../shared/runtime/errors.js';
import { baselineFromResult, type Baseline } from './baseline.js';

export interface BaselineExpectation {
  environment: string;
  /** The gate, which the result carries as its `key`. */
  gate: string;
}

export interface BaselineLoad {
  baseline?: Baseline;
  /** One sentence for the result's notes, whether or not a baseline was found. */
  note: string;
}

const NO_DELTAS = 'deltas are not shown and only changed lines define new findings (a note, not a failure)';

export async function loadBaseline(path: string | undefined, expected: BaselineExpectation): Promise<BaselineLoad> {
  if (path === undefined || path === '') return { note: `no baseline of the base branch was given; ${NO_DELTAS}` };
  try {
    await access(path);
  } catch {
    return { note: `no baseline at ${path} (none cached for the base branch yet, or evicted); ${NO_DELTAS}` };
  }
  let result;
  try {
    result = await readPhaseResult(path);
  } catch (err) {
    return { note: `the baseline could not be read (${errorMessage(err)}); ${NO_DELTAS}` };
  }
  const mismatch =
    result.phase !== 'quality-gate'
      ? `a ${result.phase} result`
      : result.environment !== expected.environment
        ? `for environment ${result.environment}`
        : result.key !== undefined && result.key !== expected.gate
          ? `for gate ${result.key}`
          : undefined;
  if (mismatch !== undefined) {
    return {
      note: `the baseline at ${path} is ${mismatch}, not the ${expected.gate} gate of ${expected.environment}; ignored, so ${NO_DELTAS}`,
    };
  }
  const baseline = baselineFromResult(result);
  const from = [baseline.ref, baseline.commit?.slice(0, 12)].filter(Boolean).join(' at ');
  const gaps = baseline.gaps.length > 0 ? `; ${baseline.gaps.join('; ')}` : '';
  return { baseline, note: `compared with the base branch's result${from ? ` (${from})` : ''}${gaps}` };
}
