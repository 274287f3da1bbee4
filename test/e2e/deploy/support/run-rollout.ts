/**
 * One end-to-end rollout: start stable on a real driver, send continuous traffic through the
 * entry URL, run the deploy engine with the real judge and the system clock while the traffic
 * flows, keep the traffic going a little after the end, and summarize what the users saw.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EnvironmentConfig } from '../../../../shared/config/types.js';
import { MemoryLogger } from '../../../../shared/runtime/logger.js';
import { runDeploy, type DeployOutcome, type DeployPorts } from '../../../../actions/deploy/src/engine.js';
import { analysisPorts } from '../../../../actions/deploy/src/engine/analysis-ports.js';
import type { TrafficDriver } from '../../../../actions/deploy/src/drivers/traffic-driver.js';
import type { VersionSpec } from '../../../../actions/deploy/src/model/roles.js';
import { systemClock } from '../../../../actions/deploy/src/rollout/clock.js';
import { recordingDriver, type DriverEvent } from './recording-driver.js';
import { startTraffic, type Exchange, type TrafficOptions } from './traffic.js';

export interface E2eOptions {
  environment: EnvironmentConfig;
  /** A started real driver (local or nginx); the caller closes it. */
  driver: TrafficDriver;
  stable: VersionSpec;
  candidate: VersionSpec;
  traffic?: Partial<TrafficOptions>;
  ports?: Partial<Pick<DeployPorts, 'flagProvider' | 'signal' | 'smoke'>>;
  /** Requests sent after the rollout ends, to see what serves then. Default 400. */
  settleRequests?: number;
  /** Called once traffic flows, before the deploy starts (e.g. to arm an abort). */
  beforeDeploy?(): void;
  /** Sees every driver operation as it completes (e.g. to abort at a given step). */
  onDriverEvent?(event: DriverEvent): void;
}

export interface E2eResult {
  outcome: DeployOutcome;
  exchanges: Exchange[];
  events: DriverEvent[];
  deployStartedMs: number;
  deployFinishedMs: number;
  logger: MemoryLogger;
}

export async function runE2eRollout(options: E2eOptions): Promise<E2eResult> {
  const { environment, stable, candidate } = options;
  const recording = recordingDriver(options.driver, options.onDriverEvent);
  const driver = recording.driver;
  const dir = mkdtempSync(join(tmpdir(), 'elder-e2e-deploy-'));
  const logger = new MemoryLogger();
  try {
    await driver.startRole('stable', stable, environment.phases.deploy.rolling.instances);
    await driver.setRoute({ weights: { stable: 100 } });
    const entry = driver.entryUrl;
    if (!entry) throw new Error(`the ${driver.name} driver has no entry URL`);
    const traffic = startTraffic(`${entry}/`, { concurrency: 12, ...options.traffic });
    await traffic.more(100);
    options.beforeDeploy?.();
    const deployStartedMs = Date.now();
    let outcome: DeployOutcome;
    try {
      outcome = await runDeploy(
        { environment, stable, candidate, origin: 'e2e test' },
        {
          createDriver: () => driver,
          ...analysisPorts(),
          clock: systemClock,
          logger,
          statePath: join(dir, 'rollout.json'),
          closeDriver: false,
          ...options.ports,
        },
      );
    } catch (err) {
      await traffic.stop();
      throw new Error(`runDeploy threw: ${String(err)}\n${logger.lines.join('\n')}`);
    }
    const deployFinishedMs = Date.now();
    await traffic.more(options.settleRequests ?? 400);
    const exchanges = await traffic.stop();
    return { outcome, exchanges, events: recording.events, deployStartedMs, deployFinishedMs, logger };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A request the platform failed: a connection error or any non-2xx answer. */
export function failed(exchange: Exchange): boolean {
  return exchange.status < 200 || exchange.status >= 300;
}

/** The candidate's own injected 500s, which a bad-candidate test expects and counts apart. */
export function candidateFault(exchange: Exchange): boolean {
  return exchange.status === 500 && exchange.role === 'candidate';
}

export interface RolloutNumbers {
  strategy: string;
  finalState: string;
  requests: number;
  failed: number;
  candidateErrors: number;
  /** Requests resent after a kept-alive connection closed under them (clients that retry). */
  retried: number;
  p50Ms: number;
  p99Ms: number;
  rolloutSeconds: number;
  byVersion: Record<string, number>;
}

/** The figures of one rollout, printed so the run's output carries them. */
export function reportNumbers(label: string, result: E2eResult): RolloutNumbers {
  const during = result.exchanges;
  const latencies = during.map((e) => e.endMs - e.startMs).sort((a, b) => a - b);
  const byVersion: Record<string, number> = {};
  for (const e of during) byVersion[e.version ?? 'none'] = (byVersion[e.version ?? 'none'] ?? 0) + 1;
  const numbers: RolloutNumbers = {
    strategy: result.outcome.details.strategy,
    finalState: result.outcome.details.finalState,
    requests: during.length,
    failed: during.filter((e) => failed(e) && !candidateFault(e)).length,
    candidateErrors: during.filter(candidateFault).length,
    retried: during.filter((e) => (e.retries ?? 0) > 0).length,
    p50Ms: round(percentile(latencies, 0.5)),
    p99Ms: round(percentile(latencies, 0.99)),
    rolloutSeconds: round((result.deployFinishedMs - result.deployStartedMs) / 1000),
    byVersion,
  };
  console.log(`[e2e deploy] ${label}: ${JSON.stringify(numbers)}`);
  return numbers;
}

/** Short descriptions of the first failures, for assertion messages. */
export function describeFailures(exchanges: readonly Exchange[], limit = 10): string {
  return exchanges
    .slice(0, limit)
    .map(
      (e) =>
        `${e.status} ${e.role ?? '-'} ${e.version ?? '-'} ${e.error ?? ''} at ${new Date(e.startMs).toISOString()}`,
    )
    .join('\n');
}

function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
