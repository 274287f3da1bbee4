/**
 * The demo's deploy phase: two canaries of the example service through the embedded proxy,
 * while a load loop plays the users. The first candidate is healthy and is promoted; the second
 * carries a seeded regression (20 % of its requests fail) and is rolled back by the judge. Both
 * results are written with a key, so the readiness report shows them side by side.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EnvironmentConfig, DeploySettings } from '../../config/types.js';
import { writePhaseResult } from '../../result/result-file.js';
import type { Logger } from '../../runtime/logger.js';
import { runDeploy, type DeployOutcome } from '../../../actions/deploy/src/engine.js';
import { analysisPorts } from '../../../actions/deploy/src/engine/analysis-ports.js';
import { createLocalDriver } from '../../../actions/deploy/src/drivers/local/index.js';
import { systemClock } from '../../../actions/deploy/src/rollout/clock.js';
import type { VersionSpec } from '../../../actions/deploy/src/model/roles.js';

export interface DemoRollout {
  label: string;
  finalState: string;
  summary: string;
  requests: number;
  /** Requests the users saw fail for any reason other than the seeded regression itself. */
  failed: number;
  /** The seeded regression's own 500s, served before the rollback. */
  candidateErrors: number;
  resultFile: string;
}

/**
 * Short steps so the demo takes seconds, not the configured minutes. A few hundred requests
 * cannot prove a 99.99 % SLO (that needs tens of thousands), so an undecided step carries on
 * (`on_inconclusive: promote`, said in the output) while a failing metric still rolls back.
 */
function demoSettings(env: EnvironmentConfig): DeploySettings {
  const deploy = env.phases.deploy;
  return {
    ...deploy,
    strategy: 'canary',
    driver: 'local',
    steps: [10, 50, 100],
    stepIntervalSeconds: 3,
    analysis: {
      ...deploy.analysis,
      source: 'proxy',
      intervalSeconds: 1,
      minRequests: 30,
      latencyTolerance: 1,
      onInconclusive: 'promote',
      power: { ...deploy.analysis.power, onWeak: 'warn' },
    },
  };
}

export async function demoDeploy(
  env: EnvironmentConfig,
  server: string,
  resultsDir: string,
  logger: Logger,
): Promise<DemoRollout[]> {
  const version = (name: string, extra: Record<string, string> = {}): VersionSpec => ({
    version: name,
    command: [process.execPath, server, '--port', '{port}', '--version', name],
    // 20 ms of work per request, as a real service does: sub-millisecond answers make CPU
    // scheduling noise on a busy machine look like a latency change between identical processes.
    env: { PATH: process.env['PATH'] ?? '', FAULT_LATENCY_MS: '20', SHUTDOWN_GRACE_MS: '3000', ...extra },
  });
  const rollouts: DemoRollout[] = [];
  for (const [label, candidate] of [
    ['canary v2 (healthy)', version('v2')],
    ['canary v3 (seeded regression: 20 % errors)', version('v3', { FAULT_ERROR_RATE: '0.2' })],
  ] as const) {
    rollouts.push(await oneRollout(label, env, version('v1'), candidate, resultsDir, logger));
  }
  return rollouts;
}

async function oneRollout(
  label: string,
  env: EnvironmentConfig,
  stable: VersionSpec,
  candidate: VersionSpec,
  resultsDir: string,
  logger: Logger,
): Promise<DemoRollout> {
  const settings = demoSettings(env);
  const driver = await createLocalDriver({ healthPath: settings.local.healthPath, readyTimeoutMs: 30_000 });
  const scratch = await mkdtemp(join(tmpdir(), 'elder-demo-deploy-'));
  let outcome: DeployOutcome;
  const load = startLoad(`${driver.entryUrl}/`);
  try {
    await driver.startRole('stable', stable, 1);
    await driver.setRoute({ weights: { stable: 100 } });
    load.start();
    outcome = await runDeploy(
      { environment: env, stable, candidate, overrides: settings, origin: 'elder demo' },
      {
        createDriver: () => driver,
        ...analysisPorts(),
        clock: systemClock,
        logger,
        statePath: join(scratch, 'rollout.json'),
        closeDriver: false,
      },
    );
  } finally {
    await load.stop();
    await driver.close();
    await rm(scratch, { recursive: true, force: true });
  }
  const key = candidate.env?.['FAULT_ERROR_RATE'] ? 'seeded-regression' : 'healthy-canary';
  const resultFile = await writePhaseResult({ ...outcome.result, key }, resultsDir);
  logger.info(`${label}: ${outcome.details.finalState}: ${outcome.result.summary}`);
  return {
    label,
    finalState: outcome.details.finalState,
    summary: outcome.result.summary,
    requests: load.counts.requests,
    failed: load.counts.failed,
    candidateErrors: load.counts.candidateErrors,
    resultFile,
  };
}

/** A closed loop of users: 6 concurrent clients, each sending the next request when one returns. */
function startLoad(url: string) {
  const counts = { requests: 0, failed: 0, candidateErrors: 0 };
  let running = false;
  const loops: Promise<void>[] = [];
  async function user(): Promise<void> {
    while (running) {
      try {
        const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
        await response.arrayBuffer();
        counts.requests += 1;
        if (response.status === 500 && response.headers.get('x-elder-role') === 'candidate')
          counts.candidateErrors += 1;
        else if (!response.ok) counts.failed += 1;
      } catch {
        counts.requests += 1;
        counts.failed += 1;
      }
    }
  }
  return {
    counts,
    start(): void {
      running = true;
      for (let i = 0; i < 6; i += 1) loops.push(user());
    },
    async stop(): Promise<void> {
      running = false;
      await Promise.all(loops);
    },
  };
}
