/**
 * The deploy engine: lock the environment, settle any rollout a dead run left behind, check the
 * canary's power, run the strategy's plan with the rollout controller, and report. Free of
 * GitHub: the action entry supplies the ports and publishes the outcome.
 */
import type { DeploySettings } from '../../../shared/config/types.js';
import { UserError } from '../../../shared/runtime/errors.js';
import { checkPower } from './engine/power-check.js';
import { judgeOptionsFor } from './engine/judge-options.js';
import { buildOutcome } from './engine/outcome.js';
import { resumeRollout, type ResumeRequest } from './engine/resume.js';
import type { DeployDetails, DeployOutcome, DeployPorts, DeployRequest } from './engine/types.js';
import { runRollout } from './rollout/controller.js';
import { acquireEnvironmentLock } from './rollout/environment-lock.js';
import { isInFlight, loadRolloutState, ROLLOUT_STATE_VERSION, type RolloutState } from './rollout/rollout-state.js';
import { strategyNamed } from './strategies/index.js';
import { assertSteps } from './strategies/step-validation.js';
import type { StrategyInput } from './strategies/strategy.js';

export type { DeployOutcome, DeployPorts, DeployRequest } from './engine/types.js';
export type { ResumeRequest } from './engine/resume.js';

/** Minutes past the progress deadline after which another run's lock is considered stale. */
const STALE_MARGIN_MS = 10 * 60_000;

export async function runDeploy(request: DeployRequest, ports: DeployPorts): Promise<DeployOutcome> {
  const { environment } = request;
  const settings: DeploySettings = { ...environment.phases.deploy, ...request.overrides };
  const strategy = strategyNamed(settings.strategy);
  assertSteps(settings.steps);
  const { clock, logger } = ports;
  const startedMs = clock.now();
  const lock = await acquireEnvironmentLock({
    path: ports.lockPath ?? `${ports.statePath}.lock`,
    environment: environment.name,
    mode: settings.concurrency,
    clock,
    waitTimeoutMs: settings.progressDeadlineSeconds * 1000,
    staleAfterMs: settings.progressDeadlineSeconds * 1000 + STALE_MARGIN_MS,
    ...(request.origin ? { origin: request.origin } : {}),
    ...(ports.signal ? { signal: ports.signal } : {}),
  });
  if (lock.tookOverFrom)
    logger.warning(`took over a stale deploy lock from pid ${lock.tookOverFrom.pid} (${lock.tookOverFrom.startedAt})`);
  try {
    // Bad input fails before anything on the platform changes.
    strategy.plan({
      settings,
      stable: request.stable,
      candidate: request.candidate,
      stableInstances: settings.rolling.instances,
    });
    if (settings.strategy === 'feature_flags' && !ports.flagProvider) {
      throw new UserError(
        'the feature_flags strategy needs a flag provider (feature_flags.file or command)',
        'phases.deploy.feature_flags',
      );
    }
    await settleLeftover(request, ports);
    const driver = await ports.createDriver(settings);
    try {
      const running = (await driver.status()).roles.stable;
      const stableInstances = running?.desired ?? settings.rolling.instances;
      if (!running) {
        logger.info(`starting stable ${request.stable.version} (${stableInstances} instance(s))`);
        await driver.startRole('stable', request.stable, stableInstances);
        await driver.setRoute({ weights: { stable: 100 } });
      } else if (running.version !== request.stable.version) {
        logger.warning(
          `the platform serves ${running.version} as stable, not ${request.stable.version}; rollback restores ${request.stable.version}`,
        );
      }
      const judge = judgeOptionsFor(environment, settings);
      const inputFor = (stepIntervalSeconds: number): StrategyInput => ({
        settings: { ...settings, stepIntervalSeconds },
        stable: request.stable,
        candidate: request.candidate,
        stableInstances,
      });
      const details: DeployDetails = {
        strategy: settings.strategy,
        driver: driver.name,
        stableVersion: request.stable.version,
        candidateVersion: request.candidate.version,
        finalState: 'aborted',
        steps: [],
      };
      let interval = settings.stepIntervalSeconds;
      if (settings.strategy === 'canary') {
        const decision = checkPower(environment, settings, judge, (s) => strategy.plan(inputFor(s)), ports, logger);
        if (decision.power) details.power = decision.power;
        interval = decision.stepIntervalSeconds;
        if (decision.refused) {
          details.stopReason = 'analysis';
          return buildOutcome(
            environment,
            details,
            { startedMs, finishedMs: clock.now() },
            'refused: the canary is too weak to detect the regressions configured',
          );
        }
      }
      const input = inputFor(interval);
      const plan = strategy.plan(input);
      const now = new Date(clock.now()).toISOString();
      const state: RolloutState = {
        version: ROLLOUT_STATE_VERSION,
        environment: environment.name,
        strategy: settings.strategy,
        driver: driver.name,
        stable: request.stable,
        candidate: request.candidate,
        stepIndex: -1,
        phase: 'starting',
        stableInstances,
        steps: details.steps,
        pid: process.pid,
        startedAt: now,
        updatedAt: now,
        ...(request.origin ? { origin: request.origin } : {}),
      };
      const result = await runRollout({
        plan,
        input,
        driver,
        analysis: settings.analysis,
        createJudge: () => ports.createJudge(judge),
        clock,
        logger,
        statePath: ports.statePath,
        state,
        deadlineMs: startedMs + settings.progressDeadlineSeconds * 1000,
        autoRollback: settings.autoRollback,
        ...(ports.metricsSource ? { metricsSource: ports.metricsSource } : {}),
        ...(ports.flagProvider ? { flagProvider: ports.flagProvider } : {}),
        ...(ports.signal ? { signal: ports.signal } : {}),
        ...(ports.pollCommand ? { pollCommand: ports.pollCommand } : {}),
        ...(ports.smoke ? { smoke: ports.smoke } : {}),
        ...(ports.onProgress ? { onProgress: ports.onProgress } : {}),
      });
      details.finalState = result.finalState;
      if (result.stopReason) details.stopReason = result.stopReason;
      if (result.verified) details.verified = result.verified;
      if (result.rollbackError) details.rollbackError = result.rollbackError;
      if (plan.report) details.report = plan.report;
      if (result.warnings.length > 0) details.warnings = result.warnings;
      return buildOutcome(environment, details, { startedMs, finishedMs: clock.now() }, result.message);
    } finally {
      if (ports.closeDriver !== false) await driver.close();
    }
  } finally {
    await lock.release();
  }
}

/**
 * A rollout left in flight by a run that died (we hold the lock, so its owner is gone) is rolled
 * back before a new one starts; a paused one waits for its promote or abort.
 */
async function settleLeftover(request: DeployRequest, ports: DeployPorts): Promise<void> {
  const previous = await loadRolloutState(ports.statePath);
  if (!previous || !isInFlight(previous)) return;
  if (previous.phase === 'paused') {
    throw new UserError(
      `a ${previous.strategy} rollout of ${previous.candidate.version} to '${previous.environment}' is paused; dispatch promote or abort for it first`,
      ports.statePath,
    );
  }
  ports.logger.warning(
    `rolling back ${previous.candidate.version}, left in flight by pid ${previous.pid} (${previous.phase})`,
  );
  await resumeRollout({ environment: request.environment, command: 'rollback' }, ports, previous);
}

/**
 * For the `post:` step (command `post`: roll back a rollout still in flight after cancellation)
 * and for dispatch commands (`promote`, `abort`, `rollback`). Undefined when there is nothing to
 * do (no state, or `post` after a rollout that finished).
 */
export async function resumeFromState(request: ResumeRequest, ports: DeployPorts): Promise<DeployOutcome | undefined> {
  const settings = request.environment.phases.deploy;
  const lock = await acquireEnvironmentLock({
    path: ports.lockPath ?? `${ports.statePath}.lock`,
    environment: request.environment.name,
    mode: 'wait',
    clock: ports.clock,
    waitTimeoutMs: settings.progressDeadlineSeconds * 1000,
    staleAfterMs: settings.progressDeadlineSeconds * 1000 + STALE_MARGIN_MS,
  });
  try {
    const state = await loadRolloutState(ports.statePath);
    if (!state) {
      if (request.command === 'post') return undefined;
      throw new UserError(
        `no rollout state for '${request.environment.name}': nothing to ${request.command}`,
        ports.statePath,
      );
    }
    return await resumeRollout(request, ports, state);
  } finally {
    await lock.release();
  }
}
