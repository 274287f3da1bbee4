/**
 * The resolved configuration every phase reads: defaults applied, durations in seconds,
 * availability as a fraction with its level, error budgets computed. Keys are camelCase here
 * (TypeScript) while the YAML is snake_case; resolve.ts is the only translation.
 */
import type { Tier } from '../result/phase-result.js';
import type { AvailabilityTarget } from './availability.js';
import type { ErrorBudgets } from './error-budget.js';
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
}

export interface QualityGateSettings {
  enabled: boolean;
  gates: QualityGateName[];
  minScore: number;
  waive: boolean;
  waiveReason?: string;
}

export interface ComplianceAuditSettings {
  enabled: boolean;
  frameworks: ComplianceFramework[];
  minScore: number;
  maxCriticalFindings: number;
  certificateValiditySeconds: number;
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
