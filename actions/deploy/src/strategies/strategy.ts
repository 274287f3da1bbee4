/**
 * What every strategy is: a list of steps over a TrafficDriver, each moving the candidate's share
 * (traffic, instances or a flag's percentage) and judging the result. The controller runs the
 * steps, persists state between them, and owns rollback and promotion, so a strategy only says
 * how traffic moves forward.
 */
import type { DeploySettings } from '../../../../shared/config/types.js';
import type { DeployStrategy } from '../../../../shared/config/vocabulary.js';
import type { Logger } from '../../../../shared/runtime/logger.js';
import type { JudgeVerdict } from '../analysis/judge-contract.js';
import type { TrafficDriver } from '../drivers/traffic-driver.js';
import type { RoleSample } from '../metrics/role-sample.js';
import type { Role, RouteTable, VersionSpec } from '../model/roles.js';

export interface StrategyInput {
  settings: DeploySettings;
  stable: VersionSpec;
  candidate: VersionSpec;
  /** Instances stable runs with before the rollout (and gets back on rollback). */
  stableInstances: number;
}

export interface ObserveRequest {
  seconds: number;
  candidate: Role;
  /** A live role to compare with, or a frozen sample taken earlier (before/after comparison). */
  baseline: Role | RoleSample;
  /**
   * Keep observing (up to MAX_INCONCLUSIVE_EXTENSIONS more times) while the judge cannot decide,
   * rather than exposing more users or rolling back for lack of data. Default true.
   */
  extendWhileInconclusive?: boolean;
}

export interface ObserveResult {
  /** Undefined when no look happened (zero-length step). */
  verdict?: JudgeVerdict;
  /** Cumulative samples of the compared roles over the observation. */
  samples: Partial<Record<Role, RoleSample>>;
}

/** What the controller lends a step. */
export interface StepContext {
  readonly driver: TrafficDriver;
  readonly input: StrategyInput;
  readonly logger: Logger;
  /** Applies a route after checking it, and records it in the rollout state. */
  setRoute(route: RouteTable): Promise<void>;
  startRole(role: Role, spec: VersionSpec, instances: number): Promise<void>;
  scaleRole(role: Role, instances: number): Promise<void>;
  stopRole(role: Role): Promise<void>;
  /** Throws a HealthCheckError unless `role` runs `version` with `ready` instances. */
  checkHealth(role: Role, version: string, ready: number): Promise<void>;
  /** Watches for `seconds`, asking the judge every analysis interval; stops early on a fail. */
  observe(request: ObserveRequest): Promise<ObserveResult>;
  /** Sets the feature flag's rollout percentage (feature_flags only). */
  setFlag(percentage: number): Promise<void>;
  /** Requests sent through the entry URL with extra headers (preview smoke checks), if wired. */
  smoke?(headers: Record<string, string>): Promise<{ ok: number; failed: number }>;
}

export interface StepOutcome {
  /** The judge's last verdict, or none when the step was not judged (health only). */
  verdict?: JudgeVerdict;
  note?: string;
}

export interface PlanStep {
  name: string;
  /** Candidate share in percent once the step has run. */
  weight: number;
  /** Seconds of analysis planned, for the power estimate (0 when not judged). */
  analysisSeconds: number;
  /** Share of all traffic each compared role receives (0..1), for the power estimate. */
  comparedShare: number;
  run(ctx: StepContext): Promise<StepOutcome>;
}

export interface RolloutPlan {
  strategy: DeployStrategy;
  /** Roles the plan starts besides stable (stopped on rollback and after promotion). */
  extraRoles: Role[];
  steps: PlanStep[];
  /** Run first on rollback, before traffic returns to stable (e.g. the flag kill switch). */
  beforeRollback?(ctx: StepContext): Promise<void>;
  /** Extra data for the report (e.g. A/B significance), filled in while steps run. */
  report?: Record<string, unknown>;
}

export interface Strategy {
  readonly name: DeployStrategy;
  /** Throws UserError for settings this strategy cannot run (bad steps, weights, surge). */
  plan(input: StrategyInput): RolloutPlan;
}

export class HealthCheckError extends Error {
  constructor(
    message: string,
    readonly role: Role,
  ) {
    super(message);
    this.name = 'HealthCheckError';
  }
}
