/**
 * The configuration as written in YAML (snake_case keys, durations as text), after it has
 * passed elder.schema.json. The loader resolves it into the typed model in types.ts; nothing
 * outside shared/config should need these shapes.
 */
import type { Tier } from '../result/phase-result.js';
import type { ConditionOperator, QualityScope, RequiredInput } from './quality-metrics.js';
import type {
  BackupStrategy,
  ComplianceFramework,
  DeployDriver,
  DeployStrategy,
  DrScenario,
  IntegrationPattern,
  ProvisionCheck,
  QualityGateName,
  SecurityLevel,
  TestKind,
} from './vocabulary.js';

export interface RawConfig {
  version: 1;
  defaults?: RawEnvironment;
  environments: Record<string, RawEnvironment>;
}

export interface RawEnvironment {
  tier?: Tier;
  availability?: number | string;
  regions?: string[];
  expected_load?: { concurrent_users?: number; requests_per_second?: number; data_volume?: string };
  compliance?: ComplianceFramework[];
  security_level?: SecurityLevel;
  backup?: { strategy?: BackupStrategy; frequency?: string; retention?: string };
  monitoring?: {
    prometheus_url?: string;
    slo_window?: string;
    latency_p95_ms?: number;
    latency_p99_ms?: number;
    alert_within?: string;
  };
  scaling?: {
    min_instances?: number;
    max_instances?: number;
    target_cpu_percent?: number;
    target_memory_percent?: number;
  };
  dr?: { rto?: string; rpo?: string };
  url?: string;
  phases?: RawPhases;
}

export interface RawPhases {
  provision?: { enabled?: boolean; checks?: ProvisionCheck[]; health_threshold?: number };
  integrate?: {
    enabled?: boolean;
    components?: { name: string; pattern: IntegrationPattern; url?: string }[];
    tests?: TestKind[];
    min_score?: number;
  };
  deploy?: RawDeploy;
  quality_gate?: RawQualityGate;
  compliance_audit?: {
    enabled?: boolean;
    frameworks?: ComplianceFramework[];
    min_score?: number;
    max_critical_findings?: number;
    certificate_validity?: string;
    waivers?: { rule: string; path?: string; reason: string; owner: string; ticket: string; expires: string }[];
    attestations_file?: string;
    exclude_paths?: string[];
    production_environments?: string[];
    max_admins?: number;
    visibility?: 'auto' | 'public' | 'private' | 'internal';
    audit_trail?: string;
  };
  dr_drill?: { enabled?: boolean; scenarios?: DrScenario[]; max_duration?: string };
  report?: {
    enabled?: boolean;
    weights?: Partial<
      Record<'provision' | 'integrate' | 'deploy' | 'quality_gate' | 'compliance_audit' | 'dr_drill', number>
    >;
    fail_under?: number;
  };
}

export interface RawQualityGate {
  enabled?: boolean;
  gates?: QualityGateName[];
  min_score?: number;
  waive?: boolean;
  waive_reason?: string;
  new_code_min_lines?: number;
  paths?: Record<string, string>;
  pre_deployment?: RawGateSettings;
  deployment?: RawGateSettings;
  post_deployment?: RawGateSettings;
  runtime?: RawGateSettings;
}

export interface RawGateSettings {
  conditions?: RawCondition[];
  required_reports?: RequiredInput[];
}

export interface RawCondition {
  metric: string;
  operator: ConditionOperator;
  threshold: number;
  scope?: QualityScope;
  path?: string;
  waive?: boolean;
  waive_reason?: string;
}

/** phases.deploy as written; see the schema's deploy and deployAnalysis definitions. */
export interface RawDeploy {
  enabled?: boolean;
  strategy?: DeployStrategy;
  driver?: DeployDriver;
  steps?: number[];
  step_interval?: string;
  auto_rollback?: boolean;
  analysis?: {
    source?: 'proxy' | 'prometheus';
    interval?: string;
    alpha?: number;
    latency_tolerance?: number;
    error_tolerance?: number;
    min_requests?: number;
    baseline?: boolean;
    on_inconclusive?: 'fail' | 'pause' | 'promote';
    power?: {
      min_detectable_latency_increase?: number;
      min_detectable_error_ratio?: number;
      on_weak?: 'warn' | 'extend' | 'refuse';
    };
    prometheus?: { url?: string; queries?: { requests?: string; errors?: string; latency?: string } };
  };
  blue_green?: { rollback_window?: string; preview_header?: string };
  rolling?: { instances?: number; max_surge?: number; max_unavailable?: number };
  a_b_testing?: { header?: string; cookie?: string; user_id_header?: string; variant_weight?: number };
  feature_flags?: { file?: string; flag?: string; provider?: 'file' | 'command'; command?: string[] };
  local?: { command?: string[]; health_path?: string; start_timeout?: string; listen_port?: number };
  nginx?: { binary?: string; config_file?: string; listen_port?: number; reload_command?: string[] };
  command?: {
    start?: string[];
    stop?: string[];
    set_weight?: string[];
    promote?: string[];
    rollback?: string[];
    status?: string[];
  };
  kubernetes?: { namespace?: string; image?: string; manifests_dir?: string };
  concurrency?: 'wait' | 'refuse';
  progress_deadline?: string;
}
