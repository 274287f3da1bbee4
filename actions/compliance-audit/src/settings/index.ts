/** Repository settings checked through GitHub's API, behind a capability probe. */
export {
  auditRepositorySettings,
  DEFAULT_MAX_ADMINS,
  DEFAULT_PRODUCTION_ENVIRONMENTS,
  DEFAULT_QUALITY_GATE_CHECK,
} from './audit-settings.js';
export type { RepositorySettingsAuditOptions, SettingsAuditReport } from './audit-settings.js';
export { CAPABILITIES, lacksPermission, probeCapabilities } from './capability-probe.js';
export type { Capabilities, Capability, CapabilityState } from './capability-probe.js';
export { ApiReader, toApiFailure } from './api-reader.js';
export type { ApiFailure, ApiResult, RepoCoordinates } from './api-reader.js';
export { redactSecrets } from './check-kit.js';
export { SETTINGS_RULES, SETTINGS_RULE_LIST } from './settings-rules.js';
