/**
 * Builds the typed EnvironmentConfig from an environment's merged YAML settings (built-in
 * defaults, tier defaults, `defaults:`, the environment), once the schema and policies have
 * passed: from here on every value is known to have the right shape, so conversion cannot fail.
 */
import type { Tier } from '../result/phase-result.js';
import { parseAvailability } from './availability.js';
import { parseDataSize } from './data-size.js';
import { DEFAULT_STEPS, COMMON_DEFAULTS, TIER_DEFAULTS } from './defaults.js';
import { parseDuration } from './duration.js';
import { deepMerge } from './environment-view.js';
import { buildDeployExtras } from './build-deploy.js';
import { buildQualityGate } from './build-quality-gate.js';
import { errorBudgets } from './error-budget.js';
import type { RawEnvironment } from './raw-config.js';
import type { EnvironmentConfig, ExpectedLoad, IntegrationComponent } from './types.js';
import { PHASE_CONFIG_KEYS, SCORED_PHASES, type ScoredPhase } from './vocabulary.js';

/** The environment's settings with every default layer merged in. */
export function mergeEnvironment(
  tier: Tier,
  fileDefaults: RawEnvironment | undefined,
  environment: RawEnvironment,
): RawEnvironment {
  return deepMerge(COMMON_DEFAULTS, TIER_DEFAULTS[tier], fileDefaults, environment) as RawEnvironment;
}

export function buildEnvironment(name: string, merged: RawEnvironment): EnvironmentConfig {
  // Every field read with `required()` below has a built-in default, so it is always present.
  const tier = required(merged.tier, 'tier');
  const availability = parseAvailability(required(merged.availability, 'availability'));
  const monitoring = required(merged.monitoring, 'monitoring');
  const sloWindowSeconds = parseDuration(required(monitoring.slo_window, 'monitoring.slo_window'));
  const backup = required(merged.backup, 'backup');
  const scaling = required(merged.scaling, 'scaling');
  const phases = required(merged.phases, 'phases');
  const deploy = required(phases.deploy, 'phases.deploy');
  const strategy = required(deploy.strategy, 'phases.deploy.strategy');
  const qualityGate = required(phases.quality_gate, 'phases.quality_gate');
  const compliance = [...required(merged.compliance, 'compliance')];
  const audit = required(phases.compliance_audit, 'phases.compliance_audit');
  const drill = required(phases.dr_drill, 'phases.dr_drill');
  const report = required(phases.report, 'phases.report');
  const provision = required(phases.provision, 'phases.provision');
  const integrate = required(phases.integrate, 'phases.integrate');

  const config: EnvironmentConfig = {
    name,
    tier,
    availability,
    budgets: errorBudgets(availability.target, sloWindowSeconds),
    regions: [...required(merged.regions, 'regions')],
    expectedLoad: expectedLoad(merged.expected_load ?? {}),
    compliance,
    securityLevel: required(merged.security_level, 'security_level'),
    backup: {
      strategy: required(backup.strategy, 'backup.strategy'),
      frequencySeconds: parseDuration(required(backup.frequency, 'backup.frequency')),
      retentionSeconds: parseDuration(required(backup.retention, 'backup.retention')),
    },
    monitoring: {
      sloWindowSeconds,
      latencyP95Ms: required(monitoring.latency_p95_ms, 'monitoring.latency_p95_ms'),
      latencyP99Ms: required(monitoring.latency_p99_ms, 'monitoring.latency_p99_ms'),
      alertWithinSeconds: parseDuration(required(monitoring.alert_within, 'monitoring.alert_within')),
    },
    scaling: {
      minInstances: required(scaling.min_instances, 'scaling.min_instances'),
      maxInstances: required(scaling.max_instances, 'scaling.max_instances'),
      targetCpuPercent: required(scaling.target_cpu_percent, 'scaling.target_cpu_percent'),
      targetMemoryPercent: required(scaling.target_memory_percent, 'scaling.target_memory_percent'),
    },
    dr: {},
    phases: {
      provision: {
        enabled: required(provision.enabled, 'provision.enabled'),
        checks: [...required(provision.checks, 'provision.checks')],
        healthThreshold: required(provision.health_threshold, 'provision.health_threshold'),
      },
      integrate: {
        enabled: required(integrate.enabled, 'integrate.enabled'),
        components: required(integrate.components, 'integrate.components').map((c) => {
          const component: IntegrationComponent = { name: c.name, pattern: c.pattern };
          if (c.url !== undefined) component.url = c.url;
          return component;
        }),
        tests: [...required(integrate.tests, 'integrate.tests')],
        minScore: required(integrate.min_score, 'integrate.min_score'),
      },
      deploy: {
        enabled: required(deploy.enabled, 'deploy.enabled'),
        strategy,
        driver: required(deploy.driver, 'deploy.driver'),
        steps: [...(deploy.steps ?? DEFAULT_STEPS[strategy])],
        stepIntervalSeconds: parseDuration(required(deploy.step_interval, 'deploy.step_interval')),
        autoRollback: required(deploy.auto_rollback, 'deploy.auto_rollback'),
        ...buildDeployExtras(deploy, strategy, {
          minInstances: required(scaling.min_instances, 'scaling.min_instances'),
          prometheusUrl: monitoring.prometheus_url,
        }),
      },
      qualityGate: {
        enabled: required(qualityGate.enabled, 'quality_gate.enabled'),
        gates: [...required(qualityGate.gates, 'quality_gate.gates')],
        minScore: required(qualityGate.min_score, 'quality_gate.min_score'),
        waive: required(qualityGate.waive, 'quality_gate.waive'),
        ...buildQualityGate(qualityGate, tier, {
          availabilityPercent: availability.percent,
          latencyP95Ms: required(monitoring.latency_p95_ms, 'monitoring.latency_p95_ms'),
          latencyP99Ms: required(monitoring.latency_p99_ms, 'monitoring.latency_p99_ms'),
          targetCpuPercent: required(scaling.target_cpu_percent, 'scaling.target_cpu_percent'),
          targetMemoryPercent: required(scaling.target_memory_percent, 'scaling.target_memory_percent'),
        }),
      },
      complianceAudit: {
        enabled: required(audit.enabled, 'compliance_audit.enabled'),
        // Audit what the environment must comply with unless told otherwise.
        frameworks: [...(audit.frameworks ?? compliance)],
        minScore: required(audit.min_score, 'compliance_audit.min_score'),
        maxCriticalFindings: required(audit.max_critical_findings, 'compliance_audit.max_critical_findings'),
        certificateValiditySeconds: parseDuration(
          required(audit.certificate_validity, 'compliance_audit.certificate_validity'),
        ),
        waivers: (audit.waivers ?? []).map((waiver) => ({ ...waiver })),
        attestationsFile: audit.attestations_file ?? '.github/elder-attestations.yml',
        excludePaths: [...(audit.exclude_paths ?? [])],
        productionEnvironments: [...(audit.production_environments ?? ['production'])],
        maxAdmins: audit.max_admins ?? 3,
        visibility: audit.visibility ?? 'auto',
        auditTrail: audit.audit_trail ?? '.elder/audit-trail',
      },
      drDrill: {
        enabled: required(drill.enabled, 'dr_drill.enabled'),
        scenarios: [...required(drill.scenarios, 'dr_drill.scenarios')],
        maxDurationSeconds: parseDuration(required(drill.max_duration, 'dr_drill.max_duration')),
      },
      report: {
        enabled: required(report.enabled, 'report.enabled'),
        weights: weightsByPhase(required(report.weights, 'report.weights')),
        failUnder: required(report.fail_under, 'report.fail_under'),
      },
    },
  };
  if (merged.dr?.rto !== undefined) config.dr.rtoSeconds = parseDuration(merged.dr.rto);
  if (merged.dr?.rpo !== undefined) config.dr.rpoSeconds = parseDuration(merged.dr.rpo);
  if (merged.url !== undefined) config.url = merged.url;
  if (merged.monitoring?.prometheus_url !== undefined)
    config.monitoring.prometheusUrl = merged.monitoring.prometheus_url;
  if (qualityGate.waive_reason !== undefined) config.phases.qualityGate.waiveReason = qualityGate.waive_reason;
  return config;
}

function expectedLoad(raw: NonNullable<RawEnvironment['expected_load']>): ExpectedLoad {
  const load: ExpectedLoad = {};
  if (raw.concurrent_users !== undefined) load.concurrentUsers = raw.concurrent_users;
  if (raw.requests_per_second !== undefined) load.requestsPerSecond = raw.requests_per_second;
  if (raw.data_volume !== undefined) load.dataVolume = { text: raw.data_volume, bytes: parseDataSize(raw.data_volume) };
  return load;
}

function weightsByPhase(raw: Record<string, number | undefined>): Record<ScoredPhase, number> {
  const weights = {} as Record<ScoredPhase, number>;
  for (const phase of SCORED_PHASES) weights[phase] = raw[PHASE_CONFIG_KEYS[phase]] ?? 0;
  return weights;
}

/** A value the defaults guarantee; its absence is our bug, not the user's. */
function required<T>(value: T | undefined, name: string): T {
  if (value === undefined) throw new Error(`internal: no default for ${name}`);
  return value;
}
