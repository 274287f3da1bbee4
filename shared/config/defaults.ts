/**
 * What a value left out of elder.yml means. Written in the YAML's own shape so defaults go
 * through the same merge and resolution as what users write (and a test validates them against
 * the schema). elder.schema.json states the same values in its descriptions; keep them in step.
 *
 * Layering, weakest first: COMMON_DEFAULTS, TIER_DEFAULTS[tier], the file's `defaults:`, the
 * environment itself. Defaults that depend on another value (deploy steps on the strategy,
 * audited frameworks on the compliance list) are filled in by resolve.ts after merging.
 */
import type { Tier } from '../result/phase-result.js';
import { DEFAULT_NEW_CODE_MIN_LINES } from './quality-gate-defaults.js';
import type { RawEnvironment } from './raw-config.js';
import { DR_SCENARIOS, PROVISION_CHECKS, QUALITY_GATES, TEST_KINDS, type DeployStrategy } from './vocabulary.js';

/**
 * Readiness weights per phase. Deploy and the quality gate decide whether users see a broken
 * release, so they weigh most; DR and compliance guard against rarer but larger losses;
 * provisioning and integration are prerequisites whose failures later phases also surface.
 */
export const DEFAULT_READINESS_WEIGHTS = {
  provision: 1,
  integrate: 1,
  deploy: 2,
  'quality-gate': 2,
  'compliance-audit': 1.5,
  'dr-drill': 1.5,
} as const;

/**
 * PromQL templates for the Prometheus analysis source, matching the example service's metric
 * names; {version} and {window} are replaced before each query.
 */
export const DEFAULT_PROMQL = {
  requests: 'sum(increase(http_requests_total{version="{version}"}[{window}]))',
  errors: 'sum(increase(http_requests_total{version="{version}",code=~"5.."}[{window}]))',
  latency:
    'histogram_quantile(0.5, sum by (le) (rate(http_request_duration_seconds_bucket{version="{version}"}[{window}])))',
} as const;

export const COMMON_DEFAULTS: RawEnvironment = {
  // One region named for a local run; real environments list theirs.
  regions: ['local'],
  compliance: [],
  expected_load: {},
  backup: { frequency: '1d' },
  monitoring: {
    slo_window: '30d',
    latency_p95_ms: 200,
    latency_p99_ms: 500,
    // The specification's acceptance figure: an injected anomaly alerts within 30 s.
    alert_within: '30s',
  },
  // The specification's acceptance ceilings: CPU <= 70 %, memory <= 80 %.
  scaling: { target_cpu_percent: 70, target_memory_percent: 80 },
  dr: {},
  phases: {
    provision: { enabled: true, checks: [...PROVISION_CHECKS], health_threshold: 0.9 },
    integrate: { enabled: true, components: [], tests: [...TEST_KINDS], min_score: 0.9 },
    deploy: {
      enabled: true,
      driver: 'local',
      auto_rollback: true,
      analysis: {
        source: 'proxy',
        interval: '10s',
        // 1 % chance over the whole rollout of rolling back a good build (always-valid p-values).
        alpha: 0.01,
        latency_tolerance: 0.1,
        error_tolerance: 0.5,
        min_requests: 50,
        // No data is never a pass: an undecided step rolls back unless told otherwise.
        on_inconclusive: 'fail',
        power: { min_detectable_latency_increase: 0.2, min_detectable_error_ratio: 2, on_weak: 'warn' },
        prometheus: { queries: { ...DEFAULT_PROMQL } },
      },
      blue_green: { rollback_window: '5m', preview_header: 'x-elder-preview' },
      rolling: { max_surge: 1, max_unavailable: 0 },
      a_b_testing: { user_id_header: 'x-user-id', variant_weight: 50 },
      feature_flags: { file: 'flags.json', provider: 'file' },
      local: { health_path: '/healthz', start_timeout: '30s', listen_port: 0 },
      nginx: {
        binary: 'nginx',
        config_file: '.elder/nginx/elder-upstreams.conf',
        listen_port: 8080,
        reload_command: ['nginx', '-s', 'reload'],
      },
      command: {},
      kubernetes: { namespace: 'default', manifests_dir: '.elder/kubernetes' },
      // Queue behind the rollout in flight (as GitHub concurrency groups do): the newest commit
      // still ships and nothing interrupts a rollout halfway.
      concurrency: 'wait',
      progress_deadline: '1h',
    },
    // Each gate's conditions default by tier and derive from other values: quality-gate-defaults.ts.
    quality_gate: {
      enabled: true,
      gates: [...QUALITY_GATES],
      min_score: 0.9,
      waive: false,
      new_code_min_lines: DEFAULT_NEW_CODE_MIN_LINES,
      paths: {},
    },
    // Compliance score > 0.9 per framework with 0 critical findings (specification).
    compliance_audit: { enabled: true, min_score: 0.9, max_critical_findings: 0, certificate_validity: '365d' },
    dr_drill: { enabled: true, scenarios: [...DR_SCENARIOS], max_duration: '1h' },
    report: {
      enabled: true,
      weights: {
        provision: DEFAULT_READINESS_WEIGHTS.provision,
        integrate: DEFAULT_READINESS_WEIGHTS.integrate,
        deploy: DEFAULT_READINESS_WEIGHTS.deploy,
        quality_gate: DEFAULT_READINESS_WEIGHTS['quality-gate'],
        compliance_audit: DEFAULT_READINESS_WEIGHTS['compliance-audit'],
        dr_drill: DEFAULT_READINESS_WEIGHTS['dr-drill'],
      },
      // Readiness score > 0.95 (specification).
      fail_under: 0.95,
    },
  },
};

/**
 * Lower tiers are cheaper and faster; production-grade tiers (production, and
 * disaster_recovery, which takes production traffic after a failover) are safer. pre_production
 * rehearses production's deployment but needs neither its capacity nor its backups' retention.
 */
export const TIER_DEFAULTS: Readonly<Record<Tier, RawEnvironment>> = {
  development: {
    availability: 'standard',
    security_level: 'standard',
    backup: { strategy: 'none', retention: '7d' },
    scaling: { min_instances: 1, max_instances: 2 },
    phases: { deploy: { strategy: 'all_at_once', step_interval: '10s' } },
  },
  staging: {
    availability: 'high',
    security_level: 'standard',
    backup: { strategy: 'snapshot', retention: '7d' },
    scaling: { min_instances: 1, max_instances: 4 },
    phases: { deploy: { strategy: 'rolling', step_interval: '1m' } },
  },
  pre_production: {
    availability: 'high',
    security_level: 'high',
    backup: { strategy: 'snapshot', retention: '14d' },
    scaling: { min_instances: 2, max_instances: 10 },
    phases: { deploy: { strategy: 'canary', step_interval: '5m' } },
  },
  production: {
    availability: 'very_high',
    security_level: 'high',
    backup: { strategy: 'continuous', retention: '30d' },
    scaling: { min_instances: 2, max_instances: 20 },
    phases: { deploy: { strategy: 'canary', step_interval: '5m' } },
  },
  disaster_recovery: {
    availability: 'very_high',
    security_level: 'high',
    backup: { strategy: 'continuous', retention: '30d' },
    scaling: { min_instances: 2, max_instances: 20 },
    // A standby site switches over whole: blue/green makes that one atomic step.
    phases: { deploy: { strategy: 'blue_green', step_interval: '5m' } },
  },
};

/** Percentages each strategy moves through when `steps` is left out. */
export const DEFAULT_STEPS: Readonly<Record<DeployStrategy, readonly number[]>> = {
  canary: [5, 25, 50, 100],
  rolling: [25, 50, 75, 100],
  feature_flags: [1, 10, 50, 100],
  a_b_testing: [50, 100],
  blue_green: [100],
  all_at_once: [100],
};
