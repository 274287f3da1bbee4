/**
 * The in-flight rollout, persisted as JSON after every transition so that the `post:` step (after
 * a cancellation) or a later `workflow_dispatch` (promote / abort / rollback) can find it and
 * put the environment back into a known state.
 */
import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../../../../shared/runtime/atomic-file.js';
import { UserError } from '../../../../shared/runtime/errors.js';
import type { DeployStrategy } from '../../../../shared/config/vocabulary.js';
import type { RouteTable, VersionSpec } from '../model/roles.js';
import type { FinalState, StepRecord, StopReason } from '../engine/types.js';

export const ROLLOUT_STATE_VERSION = 1 as const;

export type RolloutPhase = 'starting' | 'stepping' | 'promoting' | 'rolling_back' | FinalState;

export interface RolloutState {
  version: typeof ROLLOUT_STATE_VERSION;
  environment: string;
  strategy: DeployStrategy;
  driver: string;
  stable: VersionSpec;
  candidate: VersionSpec;
  /** Index of the step in progress (-1 before the first). */
  stepIndex: number;
  phase: RolloutPhase;
  /** The route last applied, so a resume can tell what users see. */
  route?: RouteTable;
  /** Instances the stable role had before the rollout, to restore on rollback. */
  stableInstances: number;
  /** Feature flag under rollout, so a resume can switch it off. */
  flag?: { key: string; percentage: number };
  steps: StepRecord[];
  stopReason?: StopReason;
  message?: string;
  pid: number;
  startedAt: string;
  updatedAt: string;
  origin?: string;
}

/** True when the rollout still needs someone to finish it (promote or roll back). */
export function isInFlight(state: RolloutState): boolean {
  return (
    state.phase === 'starting' ||
    state.phase === 'stepping' ||
    state.phase === 'promoting' ||
    state.phase === 'rolling_back' ||
    state.phase === 'paused'
  );
}

export async function saveRolloutState(path: string, state: RolloutState): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(state, null, 2)}\n`);
}

/** Reads the state file; undefined when there is none. Rejects a file that is not ours. */
export async function loadRolloutState(path: string): Promise<RolloutState | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new UserError(`rollout state is not valid JSON (${(err as Error).message})`, path);
  }
  const problem = stateProblem(parsed);
  if (problem) throw new UserError(`not an Ancient Elder rollout state: ${problem}`, path);
  return parsed as RolloutState;
}

function stateProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return 'expected an object';
  const v = value as Record<string, unknown>;
  if (v['version'] !== ROLLOUT_STATE_VERSION) return `unsupported version ${String(v['version'])}`;
  for (const key of ['environment', 'strategy', 'driver', 'phase', 'startedAt', 'updatedAt']) {
    if (typeof v[key] !== 'string') return `'${key}' must be a string`;
  }
  for (const key of ['stable', 'candidate']) {
    const spec = v[key] as Record<string, unknown> | undefined;
    if (typeof spec !== 'object' || spec === null || typeof spec['version'] !== 'string') {
      return `'${key}.version' must be a string`;
    }
  }
  if (typeof v['stepIndex'] !== 'number' || typeof v['stableInstances'] !== 'number') {
    return "'stepIndex' and 'stableInstances' must be numbers";
  }
  if (!Array.isArray(v['steps'])) return "'steps' must be a list";
  return undefined;
}
