import { afterEach, describe, expect, it } from 'vitest';
import { resumeFromState, runDeploy } from '../../../../actions/deploy/src/engine.js';
import type { RolloutCommand } from '../../../../actions/deploy/src/engine/types.js';
import { loadRolloutState } from '../../../../actions/deploy/src/rollout/rollout-state.js';
import { BROKEN, environmentWith, GOOD, harness, type Harness } from '../support/harness.js';

let h: Harness;
afterEach(() => h?.cleanup());

const canary = (extra: string[] = []) =>
  environmentWith('pre_production', ['strategy: canary', 'step_interval: 60s', ...extra]);

describe('rollout controller', () => {
  it('rolls back when the workflow is cancelled mid-step, and the state file says so', async () => {
    const controller = new AbortController();
    let start = 0;
    h = harness({ v1: GOOD, v2: GOOD }, (now) => {
      if (start === 0) start = now;
      // 90 s in: inside the second canary step.
      if (now - start >= 90_000) controller.abort();
    });
    h.ports.signal = controller.signal;
    const outcome = await runDeploy(h.request(canary()), h.ports);
    expect(outcome.details.finalState).toBe('rolled_back');
    expect(outcome.details.stopReason).toBe('cancelled');
    expect(outcome.details.steps).toHaveLength(2);
    expect(h.driver.serving()).toBe('v1');
    expect(h.driver.roles.candidate).toBeUndefined();
    const state = await loadRolloutState(h.statePath);
    expect(state?.phase).toBe('rolled_back');
    expect(state?.stopReason).toBe('cancelled');
  });

  it('reports a rollback that itself fails loudly, with stable put back on all traffic as a last resort', async () => {
    h = harness({ v1: GOOD, bad: BROKEN });
    let routeFailures = 0;
    h.driver.faults.push({
      op: 'setRoute',
      // The first attempt to route everything back to stable, once the candidate runs, fails.
      when: ({ route }) =>
        route?.weights.stable === 100 && h.driver.roles.candidate !== undefined && routeFailures++ === 0,
      message: 'api unavailable',
    });
    const outcome = await runDeploy(h.request(canary(), 'bad'), h.ports);
    expect(outcome.details.finalState).toBe('failed_rollback');
    expect(outcome.details.rollbackError).toBe('api unavailable');
    expect(outcome.result.status).toBe('failure');
    expect(outcome.result.findings.map((f) => [f.ruleId, f.severity])).toContainEqual([
      'deploy/rollback-failed',
      'critical',
    ]);
    expect(outcome.result.summary).toMatch(/ROLLBACK FAILED/);
    expect(outcome.details.verified?.detail).toMatch(/last resort: stable serves v1/);
    expect(h.logger.lines.some((l) => l.startsWith('error: ROLLBACK FAILED'))).toBe(true);
    expect(h.driver.route.weights).toEqual({ stable: 100 });
    expect((await loadRolloutState(h.statePath))?.phase).toBe('failed_rollback');
  });

  it('says the service may be down when no stable instance can be brought back', async () => {
    h = harness({ v1: GOOD, bad: BROKEN });
    const realStart = h.driver.startRole.bind(h.driver);
    h.driver.startRole = async (role, spec, n) => {
      await realStart(role, spec, n);
      if (role === 'candidate') {
        // Stable's instances crash, and the platform cannot replace them.
        const stable = h.driver.roles.stable;
        if (stable) stable.ready = 0;
        h.driver.faults.push({
          op: 'scaleRole',
          when: ({ role: r }) => r === 'stable',
          message: 'node pool exhausted',
        });
        h.driver.faults.push({
          op: 'startRole',
          when: ({ role: r }) => r === 'stable',
          message: 'node pool exhausted',
        });
      }
    };
    const outcome = await runDeploy(h.request(canary(), 'bad'), h.ports);
    expect(outcome.details.finalState).toBe('failed_rollback');
    expect(outcome.details.verified?.detail).toMatch(/no stable instance is ready: the service may be down/);
    expect(outcome.result.findings[0]?.severity).toBe('critical');
  });

  it('never reports success when the platform rolled back underneath', async () => {
    h = harness({ v1: GOOD, v2: GOOD });
    const realStatus = h.driver.status.bind(h.driver);
    let promoted = false;
    h.driver.status = async () => {
      const status = await realStatus();
      if (promoted && status.roles.stable) status.roles.stable.version = 'v1';
      return status;
    };
    const realStart = h.driver.startRole.bind(h.driver);
    h.driver.startRole = async (role, spec, n) => {
      await realStart(role, spec, n);
      if (role === 'stable' && spec.version === 'v2') promoted = true;
    };
    const outcome = await runDeploy(h.request(canary()), h.ports);
    expect(outcome.details.finalState).not.toBe('promoted');
    expect(outcome.result.status).toBe('failure');
    expect(outcome.details.stopReason).toBe('platform');
    expect(outcome.result.findings.map((f) => f.ruleId)).toContain('deploy/platform-diverged');
  });

  it('catches a candidate replaced by the platform between steps', async () => {
    h = harness({ v1: GOOD, v2: GOOD });
    const realRoute = h.driver.setRoute.bind(h.driver);
    h.driver.setRoute = async (route) => {
      await realRoute(route);
      if (route.weights.candidate === 25) h.driver.platformSets('candidate', 'v1');
    };
    const outcome = await runDeploy(h.request(canary()), h.ports);
    expect(outcome.details.finalState).toBe('rolled_back');
    expect(outcome.details.stopReason).toBe('platform');
    expect(h.driver.serving()).toBe('v1');
  });

  it('rolls back on timeout past the progress deadline', async () => {
    h = harness({ v1: GOOD, v2: GOOD });
    const outcome = await runDeploy(h.request(canary(['progress_deadline: 2m'])), h.ports);
    expect(outcome.details.finalState).toBe('rolled_back');
    expect(outcome.details.stopReason).toBe('timeout');
    expect(outcome.result.summary).toMatch(/progress deadline of 120 s/);
  });

  it('treats no data as inconclusive and fails safe by default', async () => {
    h = harness({ v1: GOOD, v2: GOOD });
    h.driver.requestsPerLook = 0;
    const outcome = await runDeploy(h.request(canary()), h.ports);
    expect(outcome.details.finalState).toBe('rolled_back');
    expect(outcome.details.steps[0]?.verdict).toBe('inconclusive');
  });

  it('pauses on inconclusive when told, and a promote dispatch finishes the rollout', async () => {
    h = harness({ v1: GOOD, v2: GOOD });
    h.driver.requestsPerLook = 0;
    const environment = canary(['analysis: { on_inconclusive: pause }']);
    const outcome = await runDeploy(h.request(environment), h.ports);
    expect(outcome.details.finalState).toBe('paused');
    expect(outcome.result.status).toBe('neutral');
    expect((await loadRolloutState(h.statePath))?.phase).toBe('paused');
    // A new deploy refuses while it is paused.
    await expect(runDeploy(h.request(environment, 'v3'), h.ports)).rejects.toThrow(
      /is paused; dispatch promote or abort/,
    );
    const promoted = await resumeFromState({ environment, command: 'promote' }, h.ports);
    expect(promoted?.details.finalState).toBe('promoted');
    expect(h.driver.serving()).toBe('v2');
    expect((await loadRolloutState(h.statePath))?.phase).toBe('promoted');
  });

  it.each([
    ['promote', 'promoted', 'v2'],
    ['abort', 'aborted', 'v1'],
    ['rollback', 'rolled_back', 'v1'],
  ] as const)('obeys a %s command given while the rollout runs', async (command, finalState, serving) => {
    h = harness({ v1: GOOD, v2: GOOD });
    let polls = 0;
    h.ports.pollCommand = async (): Promise<RolloutCommand | undefined> => (++polls === 2 ? command : undefined);
    const outcome = await runDeploy(h.request(canary()), h.ports);
    expect(outcome.details.finalState).toBe(finalState);
    expect(h.driver.serving()).toBe(serving);
    expect(outcome.details.steps).toHaveLength(1);
  });

  it('the post step rolls back a rollout left in flight by a killed run', async () => {
    h = harness({ v1: GOOD, v2: GOOD });
    const environment = canary();
    // Kill the main step during its second step: the promise never settles, like a killed process.
    let looks = 0;
    let reached: () => void = () => {};
    const atKill = new Promise<void>((resolve) => (reached = resolve));
    const killed = new Promise<never>(() => {});
    const mainStep = runDeploy(h.request(environment), {
      ...h.ports,
      lockPath: `${h.statePath}.main.lock`,
      pollCommand: async () => {
        if (++looks < 8) return undefined;
        reached();
        return killed;
      },
    });
    void mainStep;
    await atKill;
    const before = await loadRolloutState(h.statePath);
    expect(before?.phase).toBe('stepping');
    expect(h.driver.route.weights.candidate).toBeGreaterThan(0);
    const post = await resumeFromState({ environment, command: 'post' }, h.ports);
    expect(post?.details.finalState).toBe('rolled_back');
    expect(post?.details.stopReason).toBe('cancelled');
    expect(h.driver.serving()).toBe('v1');
    expect((await loadRolloutState(h.statePath))?.phase).toBe('rolled_back');
    // Nothing left to do: a second post step is a no-op.
    expect(await resumeFromState({ environment, command: 'post' }, h.ports)).toBeUndefined();
  });

  it('a rollback dispatch after promotion puts the previous version back', async () => {
    h = harness({ v1: GOOD, v2: GOOD });
    const environment = canary();
    expect((await runDeploy(h.request(environment), h.ports)).details.finalState).toBe('promoted');
    const outcome = await resumeFromState({ environment, command: 'rollback' }, h.ports);
    expect(outcome?.details.finalState).toBe('rolled_back');
    expect(h.driver.serving()).toBe('v1');
    await expect(resumeFromState({ environment, command: 'abort' }, h.ports)).rejects.toThrow(/cannot abort/);
  });
});
