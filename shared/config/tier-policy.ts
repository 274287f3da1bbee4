/**
 * What each tier demands beyond the schema. The specification: a production tier must not
 * deploy all at once, must name compliance frameworks and DR objectives, and its quality gates
 * cannot be waived silently, neither whole nor condition by condition (quality-gate-rules.ts).
 * disaster_recovery is held to production's rules because after a failover it *is* production;
 * pre_production shares the deployment rule because it exists to rehearse production's deployment.
 *
 * Deliberately not a rule: "rpo must not exceed rto". The two measure different things (how
 * long recovery takes, how much recent data it may lose). Restoring last night's backup within
 * 15 minutes (rto 15m, rpo 24h) is a legitimate, common objective for data that is cheap to
 * re-create, so refusing it would be wrong. What *is* contradictory is promising an RPO the
 * backup policy cannot meet (snapshots every day, rpo 5m), and that is checked for every tier.
 *
 * Checks read values through EnvironmentView and skip any value of the wrong type: the schema
 * already reports those, and a policy must not report the same mistake twice.
 */
import { parseAvailability } from './availability.js';
import type { ConfigProblem } from './config-error.js';
import { isDuration, parseDuration } from './duration.js';
import type { EnvironmentView } from './environment-view.js';
import { checkQualityGateConditions } from './quality-gate-rules.js';
import { COMPLIANCE_FRAMEWORKS, type Tier } from './vocabulary.js';

export interface TierPolicy {
  /** all_at_once leaves no healthy share of traffic to compare with or fall back to. */
  forbidAllAtOnce: boolean;
  requireCompliance: boolean;
  /** dr.rto and dr.rpo must both be set: a DR drill cannot pass or fail without them. */
  requireRecoveryObjectives: boolean;
  /** backup.strategy none is refused. */
  requireBackups: boolean;
  /** Waiving quality gates without waive_reason: an error, or only a warning on lower tiers. */
  unexplainedWaiver: 'error' | 'warning';
  /** Even an explained waiver is repeated as a warning on every load, so it is never silent. */
  announceWaiver: boolean;
  /** Availability below this percentage is a warning (not an error: it may be a deliberate choice). */
  warnBelowAvailabilityPercent?: number;
  /** Fewer regions than this is a warning: one region cannot survive its own outage. */
  warnBelowRegions?: number;
  /** A CPU target above this is a warning (the specification's ceiling is 70 %). */
  warnAboveCpuPercent?: number;
}

const LOWER_TIER: TierPolicy = {
  forbidAllAtOnce: false,
  requireCompliance: false,
  requireRecoveryObjectives: false,
  requireBackups: false,
  unexplainedWaiver: 'warning',
  announceWaiver: false,
};

const PRODUCTION_GRADE: TierPolicy = {
  forbidAllAtOnce: true,
  requireCompliance: true,
  requireRecoveryObjectives: true,
  requireBackups: true,
  unexplainedWaiver: 'error',
  announceWaiver: true,
  warnBelowAvailabilityPercent: 99.9,
  warnAboveCpuPercent: 70,
};

export const TIER_POLICIES: Readonly<Record<Tier, TierPolicy>> = {
  development: LOWER_TIER,
  staging: LOWER_TIER,
  pre_production: { ...LOWER_TIER, forbidAllAtOnce: true, unexplainedWaiver: 'error', announceWaiver: true },
  production: { ...PRODUCTION_GRADE, warnBelowRegions: 2 },
  // A DR site is usually the *other* region, so one region is normal for it.
  disaster_recovery: PRODUCTION_GRADE,
};

export interface PolicyOutcome {
  errors: ConfigProblem[];
  warnings: ConfigProblem[];
}

export function checkTierPolicies(view: EnvironmentView): PolicyOutcome {
  const outcome: PolicyOutcome = { errors: [], warnings: [] };
  checkBackupMeetsRpo(view, outcome, view.tier ? TIER_POLICIES[view.tier].requireBackups : false);
  checkQualityGateConditions(view, view.tier ? TIER_POLICIES[view.tier] : undefined, outcome);
  if (!view.tier) return outcome;
  const policy = TIER_POLICIES[view.tier];
  const who = view.describe();

  const strategy = view.find(['phases', 'deploy', 'strategy']);
  if (policy.forbidAllAtOnce && strategy?.value === 'all_at_once') {
    outcome.errors.push({
      path: view.pathOf(['phases', 'deploy', 'strategy']),
      at: 'value',
      message:
        `${who} must not deploy all_at_once${inherited(strategy.path, view)}: ` +
        'use canary, blue_green or rolling so a bad release reaches only part of the traffic and can be rolled back',
    });
  }

  const compliance = view.value(['compliance']);
  if (policy.requireCompliance && Array.isArray(compliance) && compliance.length === 0) {
    outcome.errors.push({
      path: view.pathOf(['compliance']),
      at: 'key',
      message: `${who} must name at least one compliance framework under compliance: (${COMPLIANCE_FRAMEWORKS.join(', ')})`,
    });
  }

  if (policy.requireRecoveryObjectives) {
    const missing = (['rto', 'rpo'] as const).filter((key) => view.value(['dr', key]) === undefined);
    if (missing.length > 0) {
      const names = { rto: 'dr.rto (recovery time objective)', rpo: 'dr.rpo (recovery point objective)' };
      outcome.errors.push({
        path: view.pathOf(['dr', missing[0] as string]),
        at: 'key',
        message: `${who} needs ${missing.map((key) => names[key]).join(' and ')}, e.g. rto: 15m, rpo: 5m; DR drills are judged against them`,
      });
    }
  }

  const backup = view.find(['backup', 'strategy']);
  if (policy.requireBackups && backup?.value === 'none') {
    outcome.errors.push({
      path: view.pathOf(['backup', 'strategy']),
      at: 'value',
      message: `${who} must back up its data: backup.strategy none${inherited(backup.path, view)} is not allowed`,
    });
  }

  checkWaiver(view, policy, outcome);

  const availability = view.find(['availability']);
  if (policy.warnBelowAvailabilityPercent !== undefined && availability !== undefined) {
    const percent = tryParse(() => parseAvailability(availability.value).percent);
    if (percent !== undefined && percent < policy.warnBelowAvailabilityPercent) {
      outcome.warnings.push({
        path: view.pathOf(['availability']),
        at: 'value',
        message: `${who}: availability ${percent} % is below ${policy.warnBelowAvailabilityPercent} %, low for its tier`,
      });
    }
  }

  const regions = view.value(['regions']);
  if (policy.warnBelowRegions !== undefined && Array.isArray(regions) && regions.length < policy.warnBelowRegions) {
    outcome.warnings.push({
      path: view.pathOf(['regions']),
      at: 'key',
      message: `${who} runs in ${regions.length} region${regions.length === 1 ? '' : 's'}; a region outage takes it down (list at least ${policy.warnBelowRegions})`,
    });
  }

  const cpu = view.value(['scaling', 'target_cpu_percent']);
  if (policy.warnAboveCpuPercent !== undefined && typeof cpu === 'number' && cpu > policy.warnAboveCpuPercent) {
    outcome.warnings.push({
      path: view.pathOf(['scaling', 'target_cpu_percent']),
      at: 'value',
      message: `${who}: scaling.target_cpu_percent ${cpu} is above ${policy.warnAboveCpuPercent}, leaving little headroom for a spike while new instances start`,
    });
  }
  return outcome;
}

function checkWaiver(view: EnvironmentView, policy: TierPolicy, outcome: PolicyOutcome): void {
  if (view.value(['phases', 'quality_gate', 'waive']) !== true) return;
  const reason = view.value(['phases', 'quality_gate', 'waive_reason']);
  const path = view.pathOf(['phases', 'quality_gate', 'waive']);
  if (typeof reason !== 'string' || reason.trim() === '') {
    if (reason !== undefined && typeof reason !== 'string') return; // the schema reports the type
    const problem: ConfigProblem = {
      path,
      at: 'value',
      message: `${view.describe()} waives its quality gates without phases.quality_gate.waive_reason; say why, so the waiver is never silent`,
    };
    (policy.unexplainedWaiver === 'error' ? outcome.errors : outcome.warnings).push(problem);
  } else if (policy.announceWaiver) {
    outcome.warnings.push({
      path,
      at: 'value',
      message: `${view.describe()} waives its quality gates: ${reason.trim()}`,
    });
  }
}

/**
 * An RPO the backups cannot meet is a contradiction in any tier: with snapshots, everything
 * written since the last snapshot is lost, so the snapshot interval bounds the data loss.
 */
function checkBackupMeetsRpo(view: EnvironmentView, outcome: PolicyOutcome, backupsRequired: boolean): void {
  const rpo = view.find(['dr', 'rpo']);
  if (typeof rpo?.value !== 'string' || !isDuration(rpo.value)) return;
  const strategy = view.find(['backup', 'strategy']);
  if (strategy?.value === 'none' && !backupsRequired) {
    outcome.errors.push({
      path: view.pathOf(['backup', 'strategy']),
      at: 'value',
      message: `${view.describe()} promises dr.rpo ${rpo.value} but backup.strategy is none${inherited(strategy.path, view)}; nothing could be recovered`,
    });
    return;
  }
  const frequency = view.find(['backup', 'frequency']);
  if (strategy?.value !== 'snapshot' || typeof frequency?.value !== 'string' || !isDuration(frequency.value)) return;
  if (parseDuration(frequency.value) > parseDuration(rpo.value)) {
    outcome.errors.push({
      path: frequency.path ?? view.pathOf(['dr', 'rpo']),
      at: 'value',
      message:
        `${view.describe()}: snapshot backups every ${frequency.value}${inherited(frequency.path, view)} can lose up to ` +
        `${frequency.value} of data, more than dr.rpo ${rpo.value}; use backup.strategy continuous or a frequency of at most ${rpo.value}`,
    });
  }
}

/** ` (from defaults)` or ` (the production tier's default)` when the value was not written here. */
function inherited(path: readonly unknown[] | undefined, view: EnvironmentView): string {
  if (path === undefined) return view.tier ? ` (the ${view.tier} tier's default)` : ' (the default)';
  return path[0] === 'defaults' ? ' (from defaults)' : '';
}

function tryParse<T>(parse: () => T): T | undefined {
  try {
    return parse();
  } catch {
    return undefined;
  }
}
