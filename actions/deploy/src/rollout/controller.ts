/**
 * Runs a rollout plan step by step: persists state after every transition, applies the
 * inconclusive policy, honours the progress deadline, dispatch commands and cancellation, and
 * ends either promoted (verified with the driver) or rolled back (verified too). A rollback that
 * itself fails ends `failed_rollback` and says so loudly; it never reports success.
 */
import type { DeployAnalysisSettings } from '../../../../shared/config/types.js';
import { errorMessage } from '../../../../shared/runtime/errors.js';
import type { Logger } from '../../../../shared/runtime/logger.js';
import type { CanaryJudgeLike } from '../analysis/judge-contract.js';
import type { TrafficDriver } from '../drivers/traffic-driver.js';
import type { DeployProgress, FinalState, RolloutCommand, StepRecord, StopReason } from '../engine/types.js';
import type { FlagProvider } from '../flags/flag-provider.js';
import type { MetricsSource } from '../metrics/role-sample.js';
import type { RouteTable } from '../model/roles.js';
import { assertRoute } from '../strategies/step-validation.js';
import { HealthCheckError, type RolloutPlan, type StepContext, type StrategyInput } from '../strategies/strategy.js';
import { CancelledError, type Clock } from './clock.js';
import { DeadlineExceeded, PlatformDiverged, PromoteNow, StopRollout } from './errors.js';
import { Observer } from './observer.js';
import { promoteCandidate, rollbackToStable, type Verification } from './restore.js';
import { saveRolloutState, type RolloutPhase, type RolloutState } from './rollout-state.js';

/** How many times a step's observation is repeated while the judge stays inconclusive. */
export const MAX_INCONCLUSIVE_EXTENSIONS = 3;

export interface ControllerOptions {
  plan: RolloutPlan;
  input: StrategyInput;
  driver: TrafficDriver;
  analysis: DeployAnalysisSettings;
  createJudge(): CanaryJudgeLike;
  metricsSource?: MetricsSource;
  flagProvider?: FlagProvider;
  clock: Clock;
  logger: Logger;
  statePath: string;
  state: RolloutState;
  /** Epoch ms after which the rollout is rolled back as timed out. */
  deadlineMs: number;
  autoRollback: boolean;
  signal?: AbortSignal;
  pollCommand?(): Promise<RolloutCommand | undefined>;
  smoke?(headers: Record<string, string>): Promise<{ ok: number; failed: number }>;
  onProgress?(progress: DeployProgress): void | Promise<void>;
}

export interface ControllerResult {
  finalState: FinalState;
  stopReason?: StopReason;
  message?: string;
  steps: StepRecord[];
  verified?: Verification;
  rollbackError?: string;
  warnings: string[];
}

export async function runRollout(options: ControllerOptions): Promise<ControllerResult> {
  const { plan, input, driver, logger, clock, state } = options;
  const steps: StepRecord[] = state.steps;
  const warnings: string[] = [];
  const persist = async (phase: RolloutPhase): Promise<void> => {
    state.phase = phase;
    state.updatedAt = new Date(clock.now()).toISOString();
    await saveRolloutState(options.statePath, state);
  };
  // Reporting progress is a side show: it never stops or fails the rollout.
  const report = async (event: DeployProgress['event']): Promise<void> => {
    try {
      await options.onProgress?.({ event, steps: [...steps], totalSteps: plan.steps.length });
    } catch (err) {
      logger.debug(`progress report failed: ${errorMessage(err)}`);
    }
  };
  const checkpoint = async (): Promise<void> => {
    if (options.signal?.aborted) throw new CancelledError();
    if (clock.now() > options.deadlineMs) {
      throw new DeadlineExceeded(Math.round((options.deadlineMs - Date.parse(state.startedAt)) / 1000));
    }
    const command = await options.pollCommand?.();
    if (command === 'promote') throw new PromoteNow();
    if (command === 'abort') throw new StopRollout('command', 'aborted by a dispatch command', 'aborted');
    if (command === 'rollback') throw new StopRollout('command', 'rolled back by a dispatch command');
  };
  const observer = new Observer({
    driver,
    source: options.analysis.source,
    createJudge: options.createJudge,
    intervalMs: Math.max(1, Math.min(options.analysis.intervalSeconds, input.settings.stepIntervalSeconds || 1) * 1000),
    clock,
    logger,
    checkpoint,
    ...(options.metricsSource ? { metricsSource: options.metricsSource } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const ctx: StepContext = {
    driver,
    input,
    logger,
    async setRoute(route: RouteTable) {
      assertRoute(route);
      await driver.setRoute(route);
      state.route = route;
      await saveRolloutState(options.statePath, state);
    },
    startRole: (role, spec, instances) => driver.startRole(role, spec, instances),
    scaleRole: (role, instances) => driver.scaleRole(role, instances),
    stopRole: (role) => driver.stopRole(role),
    async checkHealth(role, version, ready) {
      const status = (await driver.status()).roles[role];
      if (!status || status.version !== version || status.ready < ready) {
        const seen = status ? `${status.version} ${status.ready}/${status.desired} ready` : 'not running';
        throw new HealthCheckError(
          `${role} should run ${version} with ${ready} ready instance(s); the platform reports ${seen}`,
          role,
        );
      }
    },
    async observe(request) {
      let result = await observer.observe(request);
      // Undecided is not a reason to expose more users, nor yet to roll back: watch longer.
      for (let extra = 1; extra <= MAX_INCONCLUSIVE_EXTENSIONS; extra++) {
        if (result.verdict?.verdict !== 'inconclusive' || request.extendWhileInconclusive === false) break;
        logger.info(
          `inconclusive (${result.verdict.summary}); observing ${request.seconds} s more (${extra}/${MAX_INCONCLUSIVE_EXTENSIONS})`,
        );
        result = await observer.observe(request);
      }
      return result;
    },
    async setFlag(percentage) {
      const key = input.settings.featureFlags.flag;
      if (!options.flagProvider || !key) throw new Error('no feature flag provider configured');
      await options.flagProvider.setRollout(key, percentage);
      state.flag = { key, percentage };
      await saveRolloutState(options.statePath, state);
    },
    ...(options.smoke ? { smoke: options.smoke } : {}),
  };

  const result: ControllerResult = { finalState: 'promoted', steps, warnings };
  try {
    await persist('starting');
    for (const [index, step] of plan.steps.entries()) {
      await checkpoint();
      const record: StepRecord = {
        index,
        name: step.name,
        weight: step.weight,
        startedAt: new Date(clock.now()).toISOString(),
        verdict: 'not_assessed',
      };
      steps.push(record);
      state.stepIndex = index;
      await persist('stepping');
      logger.info(`step ${index + 1}/${plan.steps.length}: ${step.name}`);
      await report('step_started');
      const outcome = await step.run(ctx);
      record.finishedAt = new Date(clock.now()).toISOString();
      if (outcome.verdict) {
        record.verdict = outcome.verdict.verdict;
        record.judge = outcome.verdict;
      }
      if (outcome.note) record.note = outcome.note;
      await verifyCandidate(driver, input.candidate.version, plan);
      await persist('stepping');
      await report('step_finished');
      const decision = decide(record.verdict, options.analysis.onInconclusive);
      if (decision === 'pause') {
        result.finalState = 'paused';
        result.message = `step '${step.name}' was inconclusive; paused for a promote or abort dispatch`;
        logger.warning(result.message);
        await persist('paused');
        return result;
      }
      if (decision === 'rollback') {
        const why = outcome.verdict?.summary ?? record.verdict;
        throw new StopRollout('analysis', `step '${step.name}' judged ${record.verdict}: ${why}`);
      }
      if (record.verdict === 'marginal') logger.warning(`step '${step.name}' is marginal; continuing`);
    }
    await promote();
    return result;
  } catch (err) {
    if (err instanceof PromoteNow) {
      try {
        logger.info('promote requested: skipping the remaining steps');
        await promote();
        return result;
      } catch (promoteErr) {
        return rollback(promoteErr);
      }
    }
    return rollback(err);
  }

  async function promote(): Promise<void> {
    await persist('promoting');
    const promoted = await promoteCandidate({ ...restoreInput(), candidate: input.candidate });
    warnings.push(...promoted.warnings);
    result.verified = promoted.verification;
    if (!promoted.ok) throw new PlatformDiverged(`after promotion: ${promoted.verification.detail}`);
    result.finalState = 'promoted';
    await persist('promoted');
  }

  async function rollback(err: unknown): Promise<ControllerResult> {
    const reason = stopReason(err);
    result.stopReason = reason;
    result.message = errorMessage(err);
    if (!options.autoRollback && (reason === 'analysis' || reason === 'health')) {
      result.finalState = 'paused';
      result.message += '; auto_rollback is off, so the rollout is left as it is for a promote or abort dispatch';
      logger.warning(result.message);
      state.stopReason = reason;
      state.message = result.message;
      await persist('paused');
      return result;
    }
    logger.warning(`rolling back (${reason}): ${result.message}`);
    state.stopReason = reason;
    state.message = result.message;
    await persist('rolling_back');
    if (plan.beforeRollback) {
      try {
        await plan.beforeRollback(ctx);
      } catch (killErr) {
        warnings.push(`kill switch failed: ${errorMessage(killErr)}`);
      }
    }
    const restored = await rollbackToStable(restoreInput());
    warnings.push(...restored.warnings);
    result.verified = restored.verification;
    if (!restored.ok) {
      result.finalState = 'failed_rollback';
      result.rollbackError = restored.error ?? restored.verification.detail;
      logger.error(
        `ROLLBACK FAILED for ${state.environment}: ${result.rollbackError}. ${restored.verification.detail}`,
      );
    } else {
      result.finalState = err instanceof StopRollout ? err.finalState : 'rolled_back';
    }
    await persist(result.finalState);
    return result;
  }

  function restoreInput() {
    return {
      driver,
      stable: input.stable,
      stableInstances: input.stableInstances,
      extraRoles: plan.extraRoles,
      logger,
    };
  }
}

function decide(verdict: StepRecord['verdict'], onInconclusive: DeployAnalysisSettings['onInconclusive']) {
  if (verdict === 'fail') return 'rollback';
  if (verdict !== 'inconclusive') return 'continue';
  if (onInconclusive === 'fail') return 'rollback';
  return onInconclusive === 'pause' ? 'pause' : 'continue';
}

function stopReason(err: unknown): StopReason {
  if (err instanceof StopRollout) return err.reason;
  if (err instanceof CancelledError) return 'cancelled';
  if (err instanceof DeadlineExceeded) return 'timeout';
  if (err instanceof HealthCheckError) return 'health';
  if (err instanceof PlatformDiverged) return 'platform';
  return 'error';
}

/** The candidate must still run our version: a platform may have replaced it on its own. */
async function verifyCandidate(driver: TrafficDriver, version: string, plan: RolloutPlan): Promise<void> {
  if (!plan.extraRoles.includes('candidate')) return;
  const candidate = (await driver.status()).roles.candidate;
  if (candidate && candidate.version !== version) {
    throw new PlatformDiverged(`the platform runs ${candidate.version} as the candidate, not ${version}`);
  }
  if (!candidate) throw new PlatformDiverged(`the candidate ${version} is no longer running`);
}
