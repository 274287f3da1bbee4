/**
 * Finishing a rollout from its state file, in a process that did not start it: the `post:` step
 * after a cancellation, or a `workflow_dispatch` promote / abort / rollback.
 */
import type { EnvironmentConfig } from '../../../../shared/config/types.js';
import { errorMessage, UserError } from '../../../../shared/runtime/errors.js';
import { promoteCandidate, rollbackToStable, type RestoreResult } from '../rollout/restore.js';
import { isInFlight, saveRolloutState, type RolloutState } from '../rollout/rollout-state.js';
import type { Role } from '../model/roles.js';
import { buildOutcome } from './outcome.js';
import type { DeployDetails, DeployOutcome, DeployPorts, FinalState, RolloutCommand, StopReason } from './types.js';

export interface ResumeRequest {
  environment: EnvironmentConfig;
  /** `post` rolls back only a rollout still moving (not a paused one, not a finished one). */
  command: RolloutCommand | 'post';
}

const MOVING = new Set(['starting', 'stepping', 'promoting', 'rolling_back']);

export async function resumeRollout(
  request: ResumeRequest,
  ports: DeployPorts,
  state: RolloutState,
): Promise<DeployOutcome | undefined> {
  const { command } = request;
  if (command === 'post' && !MOVING.has(state.phase)) return undefined;
  if (command === 'promote' && !isInFlight(state)) {
    throw new UserError(
      `cannot promote: the rollout of ${state.candidate.version} is already ${state.phase}`,
      ports.statePath,
    );
  }
  if (command === 'abort' && !isInFlight(state)) {
    throw new UserError(
      `cannot abort: the rollout of ${state.candidate.version} is already ${state.phase}`,
      ports.statePath,
    );
  }
  const startedMs = ports.clock.now();
  const settings = request.environment.phases.deploy;
  const driver = await ports.createDriver(settings);
  let restored: RestoreResult;
  let finalState: FinalState;
  const stopReason: StopReason = command === 'post' ? 'cancelled' : 'command';
  try {
    if (command === 'promote') {
      try {
        restored = await promoteCandidate({ ...restoreInput(), candidate: state.candidate });
      } catch (err) {
        restored = {
          ok: false,
          verification: { ok: false, detail: errorMessage(err) },
          error: errorMessage(err),
          warnings: [],
        };
      }
      finalState = restored.ok ? 'promoted' : 'failed_rollback';
      if (!restored.ok) {
        // A promotion that cannot be verified must not stand: put stable back.
        restored = await rollback();
        finalState = restored.ok ? 'rolled_back' : 'failed_rollback';
      }
    } else {
      restored = await rollback();
      finalState = restored.ok ? (command === 'abort' ? 'aborted' : 'rolled_back') : 'failed_rollback';
    }
  } finally {
    if (ports.closeDriver !== false) await driver.close();
  }
  state.phase = finalState;
  state.stopReason = stopReason;
  state.message = `${command} from pid ${process.pid}`;
  state.updatedAt = new Date(ports.clock.now()).toISOString();
  await saveRolloutState(ports.statePath, state);
  const details: DeployDetails = {
    strategy: state.strategy,
    driver: state.driver,
    stableVersion: state.stable.version,
    candidateVersion: state.candidate.version,
    finalState,
    steps: state.steps,
    verified: restored.verification,
  };
  if (finalState !== 'promoted') details.stopReason = stopReason;
  if (restored.error && finalState === 'failed_rollback') details.rollbackError = restored.error;
  if (restored.warnings.length > 0) details.warnings = restored.warnings;
  const message =
    command === 'post' ? 'the workflow was cancelled while the rollout was in flight' : `${command} dispatched`;
  return buildOutcome(request.environment, details, { startedMs, finishedMs: ports.clock.now() }, message);

  function restoreInput() {
    return {
      driver,
      stable: state.stable,
      stableInstances: state.stableInstances,
      extraRoles: ['candidate', 'baseline'] as Role[],
      logger: ports.logger,
    };
  }

  async function rollback(): Promise<RestoreResult> {
    const warnings: string[] = [];
    if (state.flag && ports.flagProvider) {
      try {
        await ports.flagProvider.setRollout(state.flag.key, 0);
        state.flag.percentage = 0;
      } catch (err) {
        warnings.push(`kill switch failed: ${errorMessage(err)}`);
      }
    }
    const result = await rollbackToStable(restoreInput());
    result.warnings.unshift(...warnings);
    return result;
  }
}
