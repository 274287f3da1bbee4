/**
 * The configuration kernel: `.github/elder.yml`, one production configuration per environment
 * plus a section per phase. Phases and the CLI import from here only.
 */
export { DEFAULT_CONFIG_PATH, loadConfig, parseConfig } from './load-config.js';
export {
  EMBEDDED_CONFIG_FILE,
  EMBEDDED_CONFIG_YAML,
  EMBEDDED_DEMO_ENVIRONMENT,
  embeddedDefaultConfig,
  loadConfigOrEmbedded,
  namedConfigPath,
} from './embedded-config.js';
export { resolveEnvironment } from './environment-lookup.js';
export { ConfigError } from './config-error.js';
export type {
  BackupPolicy,
  ComplianceAuditSettings,
  DeploySettings,
  DrDrillSettings,
  ElderConfig,
  EnvironmentConfig,
  ExpectedLoad,
  GateSettings,
  IntegrateSettings,
  IntegrationComponent,
  LoadedConfig,
  MonitoringConfig,
  PhaseSettings,
  ProvisionSettings,
  QualityCondition,
  QualityGateSettings,
  RecoveryObjectives,
  ReportSettings,
  ScalingPolicy,
} from './types.js';
export * from './vocabulary.js';
export {
  AVAILABILITY_LEVEL_PERCENT,
  AVAILABILITY_LEVELS,
  availabilityFromPercent,
  availabilityLevelOf,
  formatAvailability,
  parseAvailability,
  type AvailabilityLevel,
  type AvailabilityTarget,
} from './availability.js';
export {
  allowedErrorRatio,
  burnRate,
  burnRateThreshold,
  DEFAULT_SLO_WINDOW_SECONDS,
  downtimeBudgetSeconds,
  errorBudgets,
  MULTIWINDOW_POLICY,
  multiwindowBurnRateAlerts,
  remainingBudgetFraction,
  SECONDS_PER_YEAR,
  timeToExhaustionSeconds,
  type BurnRateAlert,
  type ErrorBudgets,
} from './error-budget.js';
export { formatDuration, isDuration, parseDuration, type FormatDurationOptions } from './duration.js';
export { parseDataSize } from './data-size.js';
export { COMMON_DEFAULTS, DEFAULT_STEPS, TIER_DEFAULTS } from './defaults.js';
export { TIER_POLICIES, type TierPolicy } from './tier-policy.js';
export * from './quality-metrics.js';
export { DEFAULT_NEW_CODE_MIN_LINES, defaultGateSettings, type GateDefaultsContext } from './quality-gate-defaults.js';
export { ELDER_SCHEMA, ELDER_SCHEMA_ID } from './schema.js';
export { MAX_ALIAS_COUNT, MAX_CONFIG_BYTES } from './yaml-source.js';
export { MAX_NESTING_DEPTH } from './nesting-guard.js';
