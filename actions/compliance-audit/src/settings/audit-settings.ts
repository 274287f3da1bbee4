import type { GitHubClient } from '../../../../shared/github/octokit.js';
import type { Logger } from '../../../../shared/runtime/logger.js';
import type { AuditRule, RuleOutcome } from '../model/audit-rule.js';
import type { CheckerReport, SkippedItem } from '../model/checker-report.js';
import { ApiReader, type RepoCoordinates } from './api-reader.js';
import { probeCapabilities, type Capabilities } from './capability-probe.js';
import { EvidenceRecorder, type AssessedRule, type SettingsContext, type SettingsOptions } from './check-kit.js';
import { assessAdminCount } from './checks/admin-count.js';
import { assessBranchProtection, assessSignedCommits } from './checks/branch-protection.js';
import { readBranchSources } from './checks/branch-sources.js';
import { assessDeployKeys } from './checks/deploy-keys.js';
import { assessOpenAlerts } from './checks/open-alerts.js';
import { assessProductionEnvironments } from './checks/production-environments.js';
import { assessSecretScanning } from './checks/secret-scanning.js';
import { SETTINGS_RULES, SETTINGS_RULE_LIST } from './settings-rules.js';

export interface RepositorySettingsAuditOptions {
  /** Branch to check (default: the repository's default branch). */
  defaultBranch?: string;
  /** Environment names (case-insensitive, `*` wildcard) that count as production. */
  productionEnvironments?: string[];
  /** Required status check that must guard the default branch. */
  qualityGateCheck?: string;
  /** More direct admins than this is a finding. */
  maxAdmins?: number;
  /** Deploy keys older than this are a finding (default 365 days). */
  maxDeployKeyAgeDays?: number;
  /** Clock, for deploy key ages. */
  now?: Date;
  logger: Logger;
}

export type SettingsAuditReport = CheckerReport & {
  coverage: { assessed: number; total: number };
  /** What the token could read, as the probe found it. */
  capabilities: Capabilities;
};

export const DEFAULT_PRODUCTION_ENVIRONMENTS = ['production', 'prod'];
export const DEFAULT_QUALITY_GATE_CHECK = 'elder / quality-gate';
export const DEFAULT_MAX_ADMINS = 3;

function notAssessed(rule: AuditRule, reason: string): AssessedRule {
  return {
    outcome: { ruleId: rule.id, status: 'not_assessed', findings: [], reason },
    skipped: [{ subject: rule.id, reason }],
  };
}

/** Runs checks; a bug or an unexpected throw makes their rules not_assessed, never a pass. */
async function guarded(
  rules: AuditRule[],
  logger: Logger,
  run: () => Promise<AssessedRule | AssessedRule[]>,
): Promise<AssessedRule[]> {
  try {
    const result = await run();
    return Array.isArray(result) ? result : [result];
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    logger.warning(`compliance-audit: ${rules.map((r) => r.id).join(', ')} could not be assessed: ${message}`);
    return rules.map((rule) => notAssessed(rule, `check failed: ${message}`));
  }
}

async function branchRules(ctx: SettingsContext, branch: string | undefined): Promise<AssessedRule[]> {
  if (!branch) {
    const reason = 'default branch unknown: the repository could not be read';
    return [notAssessed(SETTINGS_RULES.branchProtection, reason), notAssessed(SETTINGS_RULES.signedCommits, reason)];
  }
  const sources = await readBranchSources(ctx, branch);
  return [assessBranchProtection(ctx, sources), assessSignedCommits(sources)];
}

function dedupe(items: SkippedItem[]): SkippedItem[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = `${item.subject}\n${item.reason}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Audits the repository's settings through GitHub's API: branch protection and rulesets, signed
 * commits, secret scanning, open critical alerts, production environments, deploy keys and
 * admins. A capability probe runs first; whatever the token cannot read, and whatever GitHub
 * fails to answer, is `not_assessed` with the reason, and the rest of the audit goes on.
 */
export async function auditRepositorySettings(
  client: GitHubClient,
  repo: RepoCoordinates,
  options: RepositorySettingsAuditOptions,
): Promise<SettingsAuditReport> {
  const { logger } = options;
  const reader = new ApiReader(client, repo, logger);
  const capabilities = await probeCapabilities(reader);
  const repositoryResult = await reader.get<Record<string, unknown>>('GET /repos/{owner}/{repo}');
  const repository = repositoryResult.ok ? repositoryResult.data : undefined;
  const evidence = new EvidenceRecorder();
  const settingsOptions: SettingsOptions = {
    defaultBranch: options.defaultBranch ?? String(repository?.default_branch ?? ''),
    productionEnvironments: options.productionEnvironments ?? DEFAULT_PRODUCTION_ENVIRONMENTS,
    qualityGateCheck: options.qualityGateCheck ?? DEFAULT_QUALITY_GATE_CHECK,
    maxAdmins: options.maxAdmins ?? DEFAULT_MAX_ADMINS,
    maxDeployKeyAgeDays: options.maxDeployKeyAgeDays ?? 365,
    now: options.now ?? new Date(),
  };
  if (repository) {
    evidence.record('repository (API response)', 'api/repository.json', {
      full_name: repository.full_name,
      default_branch: repository.default_branch,
      visibility: repository.visibility,
      archived: repository.archived,
      permissions: repository.permissions,
    });
  }
  evidence.record('token capabilities (probe result)', 'api/capabilities.json', capabilities);
  const ctx: SettingsContext = { reader, repo, capabilities, repository, options: settingsOptions, evidence };

  let assessed: AssessedRule[];
  const repositoryState = capabilities.repository;
  if (!repositoryState.readable) {
    assessed = SETTINGS_RULE_LIST.map((rule) => notAssessed(rule, repositoryState.reason));
  } else {
    const branch = settingsOptions.defaultBranch || undefined;
    const results = await Promise.all([
      guarded([SETTINGS_RULES.branchProtection, SETTINGS_RULES.signedCommits], logger, () => branchRules(ctx, branch)),
      guarded([SETTINGS_RULES.secretScanning], logger, () => assessSecretScanning(ctx)),
      guarded([SETTINGS_RULES.openCriticalAlerts], logger, () => assessOpenAlerts(ctx)),
      guarded([SETTINGS_RULES.productionEnvironment], logger, () => assessProductionEnvironments(ctx)),
      guarded([SETTINGS_RULES.deployKeys], logger, () => assessDeployKeys(ctx)),
      guarded([SETTINGS_RULES.adminCount], logger, () => assessAdminCount(ctx)),
    ]);
    assessed = results.flat();
  }

  const outcomes: RuleOutcome[] = assessed.map((a) => a.outcome);
  const assessedCount = outcomes.filter((o) => o.status !== 'not_assessed').length;
  for (const outcome of outcomes.filter((o) => o.status === 'not_assessed')) {
    logger.info(`compliance-audit: ${outcome.ruleId} not assessed: ${outcome.reason ?? 'unknown reason'}`);
  }
  return {
    outcomes,
    skipped: dedupe(assessed.flatMap((a) => a.skipped)),
    evidence: evidence.items,
    coverage: { assessed: assessedCount, total: outcomes.length },
    capabilities,
  };
}
