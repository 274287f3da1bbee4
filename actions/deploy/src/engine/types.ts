/**
 * The deploy engine's request, ports and outcome. Free of GitHub: the action entry turns inputs
 * into a DeployRequest, supplies the ports, and publishes the DeployOutcome.
 */
import type { DeploySettings, EnvironmentConfig } from '../../../../shared/config/types.js';
import type { PhaseResult } from '../../../../shared/result/phase-result.js';
import type { Logger } from '../../../../shared/runtime/logger.js';
import type { CanaryJudgeLike, JudgeOptions, JudgeVerdict, PowerEstimate } from '../analysis/judge-contract.js';
import type { TrafficDriver } from '../drivers/traffic-driver.js';
import type { MetricsSource } from '../metrics/role-sample.js';
import type { Role, VersionSpec } from '../model/roles.js';
import type { Clock } from '../rollout/clock.js';
import type { FlagProvider } from '../flags/flag-provider.js';

export interface DeployRequest {
  /** The resolved environment; `phases.deploy` decides strategy, steps and analysis. */
  environment: EnvironmentConfig;
  /** What serves today (started by the driver when it is not running yet). */
  stable: VersionSpec;
  /** The version to roll out. */
  candidate: VersionSpec;
  /** Overrides of the environment's deploy settings (e.g. from action inputs). */
  overrides?: Partial<DeploySettings>;
  /** Free text kept in the state file: run id, commit, actor. */
  origin?: string;
}

export interface DeployPorts {
  /** Creates the driver named by the settings; the engine closes it. */
  createDriver(settings: DeploySettings): Promise<TrafficDriver> | TrafficDriver;
  /** Used when analysis.source is prometheus, or when the driver cannot observe traffic. */
  metricsSource?: MetricsSource;
  /** The statistical judge; one instance per rollout (it keeps sequential state between looks). */
  createJudge(options: JudgeOptions): CanaryJudgeLike;
  /** Power of the planned canary; without it the power check is skipped and said so. */
  estimatePower?(input: PowerInput): PowerEstimate;
  /** Feature-flag provider (file or command); required for the feature_flags strategy. */
  flagProvider?: FlagProvider;
  clock: Clock;
  logger: Logger;
  /** The rollout state file (JSON), rewritten after every transition. */
  statePath: string;
  /** Lock file for the environment; defaults to `${statePath}.lock`. */
  lockPath?: string;
  /** Workflow cancellation: aborting rolls back. */
  signal?: AbortSignal;
  /** Polled between looks: a promote/abort/rollback command given while the rollout runs. */
  pollCommand?(): Promise<RolloutCommand | undefined>;
  /** Preview smoke checks through the entry URL with extra headers (blue_green). */
  smoke?(headers: Record<string, string>): Promise<{ ok: number; failed: number }>;
  /** Close the driver at the end (default true); false keeps a local driver's processes serving. */
  closeDriver?: boolean;
  /**
   * Called when a step starts and when it is judged, e.g. to update the check run while the
   * rollout runs. Must not throw (errors are logged and ignored) and should return quickly.
   */
  onProgress?(progress: DeployProgress): void | Promise<void>;
}

/** A rollout in flight, as onProgress sees it. */
export interface DeployProgress {
  event: 'step_started' | 'step_finished';
  /** Steps so far; the last one is the step the event is about. */
  steps: readonly StepRecord[];
  totalSteps: number;
}

export interface PowerInput {
  judge: JudgeOptions;
  /** Requests per second the environment expects (expected_load.requests_per_second). */
  requestsPerSecond: number;
  /** Share of traffic each compared role receives per step (0..1) and how long, seconds. */
  steps: { share: number; seconds: number }[];
  targetLatencyIncrease: number;
  targetErrorRatio: number;
}

export type RolloutCommand = 'promote' | 'abort' | 'rollback';

export type FinalState = 'promoted' | 'rolled_back' | 'aborted' | 'failed_rollback' | 'paused';

/** Why a rollout stopped before the end. */
export type StopReason = 'analysis' | 'error' | 'timeout' | 'cancelled' | 'command' | 'health' | 'platform';

export interface StepRecord {
  index: number;
  name: string;
  /** Candidate share in percent after this step (traffic, instances or flag rollout). */
  weight: number;
  startedAt: string;
  finishedAt?: string;
  verdict: JudgeVerdict['verdict'] | 'not_assessed';
  /** The judge's last look in this step, when analysis ran. */
  judge?: JudgeVerdict;
  note?: string;
}

export interface DeployDetails {
  strategy: string;
  driver: string;
  stableVersion: string;
  candidateVersion: string;
  finalState: FinalState;
  stopReason?: StopReason;
  steps: StepRecord[];
  power?: PowerEstimate & { action: 'none' | 'warned' | 'extended' | 'refused' };
  /** What the platform reported at the end (driver.status()), to prove what serves. */
  verified?: { ok: boolean; detail: string };
  rollbackError?: string;
  /** Strategy-specific report, e.g. `significance` rows for a_b_testing. */
  report?: Record<string, unknown>;
  warnings?: string[];
}

export interface DeployOutcome {
  result: PhaseResult;
  details: DeployDetails;
  /** Ready for the check run and sticky comment: headline, step table rows, notes. */
  markdown: DeployMarkdown;
}

export interface DeployMarkdown {
  headline: string;
  table: { header: string[]; rows: string[][] };
  notes: string[];
}

export type { Role };
