/**
 * The controller's onProgress hook (what the action uses to update its check run at every step),
 * driven directly through runRollout over the memory driver and the stub judge; the wiring from
 * inputs to drivers; and cancellation as an AbortSignal.
 */
import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import type { DeployProgress } from '../../../../actions/deploy/src/engine/types.js';
import { cancellationSignal } from '../../../../actions/deploy/src/github/cancellation.js';
import { createDriver, createMetricsSource, dnsLabel } from '../../../../actions/deploy/src/drivers/create-driver.js';
import { applyOverrides, statePathFor, versionsFor } from '../../../../actions/deploy/src/github/deploy-wiring.js';
import { runRollout } from '../../../../actions/deploy/src/rollout/controller.js';
import { ROLLOUT_STATE_VERSION, type RolloutState } from '../../../../actions/deploy/src/rollout/rollout-state.js';
import { strategyNamed } from '../../../../actions/deploy/src/strategies/index.js';
import { UserError } from '../../../../shared/runtime/errors.js';
import { MemoryLogger } from '../../../../shared/runtime/logger.js';
import { BROKEN, environmentWith, GOOD, harness, type Harness } from '../support/harness.js';
import { createStubJudge } from '../support/stub-judge.js';

let h: Harness;
afterEach(() => h?.cleanup());

async function rollout(candidate: string, onProgress: (p: DeployProgress) => void | Promise<void>) {
  h = harness({ v1: GOOD, v2: GOOD, bad: BROKEN });
  const environment = environmentWith('pre_production', [
    'strategy: canary',
    'steps: [10, 50, 100]',
    'step_interval: 30s',
  ]);
  const settings = environment.phases.deploy;
  const input = { settings, stable: { version: 'v1' }, candidate: { version: candidate }, stableInstances: 2 };
  await h.driver.startRole('stable', input.stable, 2);
  await h.driver.setRoute({ weights: { stable: 100 } });
  const now = new Date(h.clock.now()).toISOString();
  const state: RolloutState = {
    version: ROLLOUT_STATE_VERSION,
    environment: environment.name,
    strategy: 'canary',
    driver: h.driver.name,
    stable: input.stable,
    candidate: input.candidate,
    stepIndex: -1,
    phase: 'starting',
    stableInstances: 2,
    steps: [],
    pid: process.pid,
    startedAt: now,
    updatedAt: now,
  };
  return runRollout({
    plan: strategyNamed('canary').plan(input),
    input,
    driver: h.driver,
    analysis: settings.analysis,
    createJudge: () =>
      createStubJudge({
        thresholds: { maxErrorRate: 0.01, latencyTolerance: 0.1, errorTolerance: 0.5 },
        alpha: 0.01,
        minRequests: 10,
      }),
    clock: h.clock,
    logger: h.logger,
    statePath: h.statePath,
    state,
    deadlineMs: h.clock.now() + 3_600_000,
    autoRollback: true,
    onProgress,
  });
}

describe('onProgress', () => {
  it('reports every step when it starts and when it is judged', async () => {
    const events: string[] = [];
    const result = await rollout('v2', (p) => {
      const last = p.steps.at(-1);
      events.push(`${p.event} ${last?.weight} ${last?.verdict} of ${p.totalSteps}`);
    });
    expect(result.finalState).toBe('promoted');
    expect(events).toEqual([
      'step_started 10 not_assessed of 3',
      'step_finished 10 pass of 3',
      'step_started 50 not_assessed of 3',
      'step_finished 50 pass of 3',
      'step_started 100 not_assessed of 3',
      'step_finished 100 not_assessed of 3',
    ]);
  });

  it('reports the failing step before the rollback, and a throwing hook never stops the rollout', async () => {
    const seen: DeployProgress[] = [];
    const result = await rollout('bad', (p) => {
      seen.push(p);
      throw new Error('GitHub is down');
    });
    expect(result.finalState).toBe('rolled_back');
    expect(seen.at(-1)?.event).toBe('step_finished');
    expect(seen.at(-1)?.steps.at(-1)?.verdict).toBe('fail');
    expect(h.logger.lines.some((l) => l.includes('progress report failed: GitHub is down'))).toBe(true);
  });
});

describe('deploy wiring', () => {
  const local = ['strategy: canary', 'driver: local'];

  it('names the configuration key when the local driver has no command', async () => {
    const settings = environmentWith('staging', local).phases.deploy;
    const versions = await versionsFor(settings, {
      version: 'v2',
      stableVersion: 'v1',
      sha: 'x',
      statePath: '/nonexistent',
    });
    const error = await createDriver(settings, { workspace: '/tmp', logger: new MemoryLogger(), ...versions }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UserError);
    expect(String((error as UserError).message)).toContain('runs each version from a command');
    expect((error as UserError).where).toBe('phases.deploy.local.command');
  });

  it('names the missing hooks, the kubernetes image and the Prometheus URL', async () => {
    const context = {
      workspace: '/tmp',
      logger: new MemoryLogger(),
      stable: { version: 'v1' },
      candidate: { version: 'v2' },
    };
    const command = environmentWith('staging', ['driver: command', "command: { start: [deploy.sh, '{version}'] }"]);
    await expect(createDriver(command.phases.deploy, context)).rejects.toThrow(/missing set_weight, stop/);
    const k8s = environmentWith('staging', ['driver: kubernetes']);
    await expect(createDriver(k8s.phases.deploy, context)).rejects.toMatchObject({
      where: 'phases.deploy.kubernetes.image',
    });
    const prometheus = environmentWith('staging', ['analysis: { source: prometheus }']);
    expect(() => createMetricsSource(prometheus.phases.deploy, context)).toThrow(/needs its URL/);
    expect(createMetricsSource(environmentWith('staging').phases.deploy, context)).toBeUndefined();
  });

  it('builds a kubernetes driver and a Prometheus source from valid settings', async () => {
    const context = {
      workspace: '/tmp/My Shop!',
      logger: new MemoryLogger(),
      stable: { version: 'v1' },
      candidate: { version: 'v2' },
    };
    const k8s = environmentWith('staging', [
      'driver: kubernetes',
      "kubernetes: { image: 'ghcr.io/acme/shop:{version}' }",
    ]);
    expect((await createDriver(k8s.phases.deploy, context)).name).toBe('kubernetes');
    expect(dnsLabel('My Shop!')).toBe('my-shop');
    expect(dnsLabel('42')).toBe('app');
    const prometheus = environmentWith('staging', [
      "analysis: { source: prometheus, prometheus: { url: 'http://127.0.0.1:9090' } }",
    ]);
    expect(createMetricsSource(prometheus.phases.deploy, context)).toBeDefined();
  });

  it('applies strategy and driver overrides with their default steps, refusing unknown ones', () => {
    const environment = environmentWith('pre_production', ['strategy: canary']);
    const settings = applyOverrides(environment, { strategy: 'blue_green', driver: 'nginx' });
    expect(settings).toMatchObject({ strategy: 'blue_green', driver: 'nginx', steps: [100] });
    expect(environment.phases.deploy).toBe(settings);
    expect(() => applyOverrides(environmentWith('staging'), { strategy: 'yolo' })).toThrow(/not a strategy/);
    expect(() => applyOverrides(environmentWith('staging'), { driver: 'ssh' })).toThrow(/not a driver/);
    expect(() => applyOverrides(environmentWith('pre_production'), { strategy: 'all_at_once' })).toThrow(
      /must not deploy all_at_once/,
    );
  });

  it('defaults the candidate to the short commit and the stable to the last promoted version', async () => {
    h = harness({});
    const settings = environmentWith('staging').phases.deploy;
    const fresh = await versionsFor(settings, { sha: 'abcdef0123456789', statePath: h.statePath });
    expect(fresh.candidate.version).toBe('abcdef012345');
    expect(fresh.stable.version).toBe('stable');
    expect(statePathFor('/s', 'pre prod/x')).toBe('/s/pre_prod_x.json');
  });
});

describe('cancellationSignal', () => {
  it('aborts on SIGINT (then SIGTERM only warns) and stops listening when disposed', () => {
    const target = new EventEmitter() as unknown as NodeJS.Process;
    const logger = new MemoryLogger();
    const cancellation = cancellationSignal(logger, target);
    expect(cancellation.signal.aborted).toBe(false);
    target.emit('SIGINT', 'SIGINT');
    expect(cancellation.signal.aborted).toBe(true);
    target.emit('SIGTERM', 'SIGTERM');
    expect(logger.lines.filter((l) => l.startsWith('warning:'))).toHaveLength(2);
    cancellation.dispose();
    expect((target as unknown as EventEmitter).listenerCount('SIGINT')).toBe(0);
    expect((target as unknown as EventEmitter).listenerCount('SIGTERM')).toBe(0);
  });
});
