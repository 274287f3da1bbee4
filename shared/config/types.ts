/**
 * The resolved configuration every phase reads: defaults applied, durations in seconds,
 * availability as a fraction with its level, error budgets computed. Keys are camelCase here
 * (TypeScript) while the YAML is snake_case; resolve.ts is the only translation.
 */
import type { Operator, Tier } from '../result/phase-result.js';
import type { AvailabilityTarget } from './availability.js';
import type { ErrorBudgets } from './error-budget.js';
import type { QualityScope, RequiredInput } from './quality-metrics.js';
import type {
  BackupStrategy,
  ComplianceFramework,
  DeployDriver,
  DeployStrategy,
  DrScenario,
  IntegrationPattern,
  ProvisionCheck,
  QualityGateName,
  ScoredPhase,
  SecurityLevel,
  TestKind,
} from './vocabulary.js';

export interface ElderConfig {
  version: 1;
  /** The file it was read from, as given to the loader (used in messages). */
  file: string;
  /** By name, in the order the file lists them. */
  environments: Record<string, EnvironmentConfig>;
}

export interface LoadedConfig {
  config: ElderConfig;
  /** Each `file:line:column: message`; things worth fixing that do not stop a run. */
  warnings: string[];
  file: string;
}

export interface EnvironmentConfig {
  name: string;
  tier: Tier;
  availability: AvailabilityTarget;
  /** Computed from availability and monitoring.sloWindowSeconds. */
  budgets: ErrorBudgets;
  regions: string[];
  expectedLoad: ExpectedLoad;
  compliance: ComplianceFramework[];
  securityLevel: SecurityLevel;
  backup: BackupPolicy;
  monitoring: MonitoringConfig;
  scaling: ScalingPolicy;
  dr: RecoveryObjectives;
  url?: string;
  phases: PhaseSettings;
}

export interface ExpectedLoad {
  concurrentUsers?: number;
  requestsPerSecond?: number;
  /** As written (`500GB`) and in bytes. */
  dataVolume?: { text: string; bytes: number };
}

export interface BackupPolicy {
  strategy: BackupStrategy;
  frequencySeconds: number;
  retentionSeconds: number;
}

export interface MonitoringConfig {
  prometheusUrl?: string;
  sloWindowSeconds: number;
  latencyP95Ms: number;
  latencyP99Ms: number;
  alertWithinSeconds: number;
}

export interface ScalingPolicy {
  minInstances: number;
  maxInstances: number;
  targetCpuPercent: number;
  targetMemoryPercent: number;
}

/** Always both set for production and disaster_recovery tiers (a tier policy); optional elsewhere. */
export interface RecoveryObjectives {
  rtoSeconds?: number;
  rpoSeconds?: number;
}

export interface PhaseSettings {
  provision: ProvisionSettings;
  integrate: IntegrateSettings;
  deploy: DeploySettings;
  qualityGate: QualityGateSettings;
  complianceAudit: ComplianceAuditSettings;
  drDrill: DrDrillSettings;
  report: ReportSettings;
}

export interface ProvisionSettings {
  enabled: boolean;
  checks: ProvisionCheck[];
  healthThreshold: number;
}

export interface IntegrationComponent {
  name: string;
  pattern: IntegrationPattern;
  url?: string;
}

export interface IntegrateSettings {
  enabled: boolean;
  components: IntegrationComponent[];
  tests: TestKind[];
  minScore: number;
}

export interface DeploySettings {
  enabled: boolean;
  strategy: DeployStrategy;
  driver: DeployDriver;
  /** Percentages, strictly increasing, ending at 100. */
  steps: number[];
  stepIntervalSeconds: number;
  autoRollback: boolean;
  analysis: DeployAnalysisSettings;
  blueGreen: { rollbackWindowSeconds: number; previewHeader: string };
  rolling: { instances: number; maxSurge: number; maxUnavailable: number };
  abTesting: { header?: string; cookie?: string; userIdHeader: string; variantWeight: number };
  featureFlags: { file: string; flag?: string; provider: 'file' | 'command'; command?: string[] };
  local: { command?: string[]; healthPath: string; startTimeoutSeconds: number; listenPort: number };
  nginx: { binary: string; configFile: string; listenPort: number; reloadCommand: string[] };
  /** Hooks of the command driver; each an argv with {role}, {version}, {weights}, {instances}. */
  command: Partial<Record<'start' | 'stop' | 'setWeight' | 'promote' | 'rollback' | 'status', string[]>>;
  kubernetes: { namespace: string; image?: string; manifestsDir: string };
  /** A second deploy while one is in flight: wait (default, queue like GitHub concurrency groups) or refuse. */
  concurrency: 'wait' | 'refuse';
  progressDeadlineSeconds: number;
}

export interface DeployAnalysisSettings {
  source: 'proxy' | 'prometheus';
  intervalSeconds: number;
  alpha: number;
  latencyTolerance: number;
  errorTolerance: number;
  minRequests: number;
  /** Start a fresh copy of stable beside the candidate; defaults to true for canary only. */
  baseline: boolean;
  /** Default fail: no data is never a pass. */
  onInconclusive: 'fail' | 'pause' | 'promote';
  power: {
    minDetectableLatencyIncrease: number;
    minDetectableErrorRatio: number;
    onWeak: 'warn' | 'extend' | 'refuse';
  };
  prometheus: { url?: string; queries: { requests: string; errors: string; latency: string } };
}

export interface QualityGateSettings {
  enabled: boolean;
  /** The gates enforced for this environment. */
  gates: QualityGateName[];
  minScore: number;
  /** Report gate failures without failing the phase (the result still shows them, with the reason). */
  waive: boolean;
  waiveReason?: string;
  /** Coverage conditions on new code are waived while a change adds fewer lines than this. */
  newCodeMinLines: number;
  /** Monorepo packages: name -> repository path prefix or glob, for conditions' `path`. */
  paths: Record<string, string>;
  /** Every gate's conditions, whether enforced or not, so a caller can evaluate any of them. */
  byGate: Record<QualityGateName, GateSettings>;
}

export interface GateSettings {
  conditions: QualityCondition[];
  requiredReports: RequiredInput[];
  /** Whether the conditions were written in the file or are the tier's built-in defaults. */
  source: 'configured' | 'default';
}

/** One condition as configured; the quality gate resolves scope and path when it evaluates. */
export interface QualityCondition {
  /** A built-in metric (`new_line_coverage`, `failing_tests`...) or one the caller supplies. */
  metric: string;
  operator: Operator;
  threshold: number;
  /** As written; when left out, the scope the metric name implies (else overall). */
  scope?: QualityScope;
  /** A package name from `paths`, or a repository path prefix or glob. */
  path?: string;
  /** Evaluate and show, but do not fail the gate on it. */
  waive: boolean;
  waiveReason?: string;
}

export interface ComplianceAuditSettings {
  enabled: boolean;
  frameworks: ComplianceFramework[];
  minScore: number;
  maxCriticalFindings: number;
  certificateValiditySeconds: number;
  /** Accepted exceptions; an expired one waives nothing and is reported. */
  waivers: ComplianceWaiver[];
  /** Repository-relative path of the manual attestations file. */
  attestationsFile: string;
  /** Paths or globs the file checks skip. */
  excludePaths: string[];
  /** GitHub deployment environments that must carry protection rules. */
  productionEnvironments: string[];
  maxAdmins: number;
  /** `auto`: asked from the API. */
  visibility: 'auto' | 'public' | 'private' | 'internal';
  /** Directory of the evidence bundles that chain run to run. */
  auditTrail: string;
}

export interface ComplianceWaiver {
  rule: string;
  path?: string;
  reason: string;
  owner: string;
  ticket: string;
  /** Last day it applies, `YYYY-MM-DD` (UTC). */
  expires: string;
}

export interface DrDrillSettings {
  enabled: boolean;
  scenarios: DrScenario[];
  maxDurationSeconds: number;
}

export interface ReportSettings {
  enabled: boolean;
  /** Keyed by PhaseResult phase names (`quality-gate`), so results can be looked up directly. */
  weights: Record<ScoredPhase, number>;
  failUnder: number;
}
