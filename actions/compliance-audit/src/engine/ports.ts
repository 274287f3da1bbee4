import type { EnvironmentConfig } from '../../../../shared/config/types.js';
import type { PhaseResult } from '../../../../shared/result/phase-result.js';
import type { Logger } from '../../../../shared/runtime/logger.js';
import type { AuditRule, RuleSource } from '../model/audit-rule.js';
import type { CheckerReport } from '../model/checker-report.js';

export interface ComplianceAuditRequest {
  /** The resolved environment; frameworks come from `phases.complianceAudit.frameworks`. */
  environment: EnvironmentConfig;
  /** Repository root on disk (inline waivers, attestations and evidence are read under it). */
  root: string;
  /** Where the PhaseResult, SARIF and certificates are written. */
  outDir: string;
  /** Where the new evidence bundle goes. Default: `<root>/<phases.complianceAudit.auditTrail>`. */
  trailDir?: string;
  /** Where the previous bundle is (e.g. the last run's downloaded artifact). Default: `trailDir`. */
  previousBundleDir?: string;
  /** Repository, commit, ref and run URL, recorded in the result, bundle and certificates. */
  source?: PhaseResult['source'];
  /** Repository-relative configuration path: hashed into the bundle, SARIF home of API findings. */
  configFile?: string;
  /** Audit time; default `ports.clock()` or now. */
  now?: Date;
}

/** A checker the engine calls: workflows, repository files, repository settings (API). */
export interface ComplianceChecker {
  name: string;
  source: RuleSource;
  /** Rule ids it owns: marked not_assessed when the checker itself throws. */
  rules?: readonly string[];
  run(): Promise<CheckerReport>;
}

export interface ComplianceAuditPorts {
  checkers: readonly ComplianceChecker[];
  /** The checkers' rule catalogue, for SARIF rule metadata and families. */
  rules?: readonly AuditRule[];
  /** Text of a repository file; default reads under `root`, refusing paths that leave it. */
  readText?: (path: string) => Promise<string | undefined>;
  clock?: () => Date;
  logger?: Logger;
}
