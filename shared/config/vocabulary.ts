/**
 * The closed lists of words the configuration uses. elder.schema.json spells the same lists as
 * enums; a test keeps the two identical so TypeScript types and the editor's completions agree.
 */
import type { Phase } from '../result/phase-result.js';

export { TIERS, type Tier } from '../result/phase-result.js';

export const DEPLOY_STRATEGIES = [
  'blue_green',
  'rolling',
  'canary',
  'a_b_testing',
  'feature_flags',
  'all_at_once',
] as const;
export type DeployStrategy = (typeof DEPLOY_STRATEGIES)[number];

export const DEPLOY_DRIVERS = ['local', 'nginx', 'command', 'kubernetes'] as const;
export type DeployDriver = (typeof DEPLOY_DRIVERS)[number];

export const COMPLIANCE_FRAMEWORKS = ['iso_27001', 'soc_2', 'gdpr', 'hipaa', 'pci_dss'] as const;
export type ComplianceFramework = (typeof COMPLIANCE_FRAMEWORKS)[number];

export const SECURITY_LEVELS = ['standard', 'high', 'critical'] as const;
export type SecurityLevel = (typeof SECURITY_LEVELS)[number];

export const BACKUP_STRATEGIES = ['continuous', 'snapshot', 'none'] as const;
export type BackupStrategy = (typeof BACKUP_STRATEGIES)[number];

export const PROVISION_CHECKS = ['network', 'security', 'data_stores', 'observability'] as const;
export type ProvisionCheck = (typeof PROVISION_CHECKS)[number];

export const INTEGRATION_PATTERNS = [
  'event_driven',
  'api_gateway',
  'message_queue',
  'database',
  'service_mesh',
] as const;
export type IntegrationPattern = (typeof INTEGRATION_PATTERNS)[number];

export const TEST_KINDS = ['unit', 'integration', 'end_to_end', 'load', 'security'] as const;
export type TestKind = (typeof TEST_KINDS)[number];

export const QUALITY_GATES = ['pre_deployment', 'deployment', 'post_deployment', 'runtime'] as const;
export type QualityGateName = (typeof QUALITY_GATES)[number];

export const DR_SCENARIOS = [
  'datacenter_outage',
  'database_corruption',
  'network_partition',
  'security_breach',
] as const;
export type DrScenario = (typeof DR_SCENARIOS)[number];

/** Phases that feed the readiness score (the report does not weigh itself). */
export type ScoredPhase = Exclude<Phase, 'report'>;

/**
 * YAML keys are snake_case like every other key in the file, while PhaseResult names phases in
 * kebab-case (they appear in action paths and file names). This is the one place they meet.
 */
export const PHASE_CONFIG_KEYS = {
  provision: 'provision',
  integrate: 'integrate',
  deploy: 'deploy',
  'quality-gate': 'quality_gate',
  'compliance-audit': 'compliance_audit',
  'dr-drill': 'dr_drill',
  report: 'report',
} as const satisfies Record<Phase, string>;
export type PhaseConfigKey = (typeof PHASE_CONFIG_KEYS)[Phase];

export const SCORED_PHASES = [
  'provision',
  'integrate',
  'deploy',
  'quality-gate',
  'compliance-audit',
  'dr-drill',
] as const satisfies readonly ScoredPhase[];
