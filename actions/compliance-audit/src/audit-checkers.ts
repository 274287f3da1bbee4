import type { ComplianceAuditSettings } from '../../../shared/config/types.js';
import type { GitHubClient } from '../../../shared/github/octokit.js';
import type { Logger } from '../../../shared/runtime/logger.js';
import type { ComplianceChecker } from './engine/ports.js';
import type { AuditRule } from './model/audit-rule.js';
import type { CheckerReport } from './model/checker-report.js';
import { auditRepositoryFiles, REPOSITORY_RULE_LIST } from './repository/index.js';
import { auditRepositorySettings, SETTINGS_RULE_LIST } from './settings/index.js';
import { auditWorkflows } from './workflows/audit-workflows.js';
import { WORKFLOW_RULES } from './workflows/rules/index.js';

export type Visibility = 'public' | 'private' | 'internal';

export interface CheckerSetup {
  root: string;
  settings: ComplianceAuditSettings;
  /** Unknown visibility makes visibility-dependent rules not assessed, never passed. */
  visibility?: Visibility;
  /** Without a client (local CLI, no token) every API rule is not assessed, with that reason. */
  github?: { client: GitHubClient; owner: string; repo: string; defaultBranch?: string };
  logger: Logger;
}

/** Every rule the three checkers own, for SARIF metadata and the framework mapping. */
export const ALL_AUDIT_RULES: readonly AuditRule[] = [
  ...WORKFLOW_RULES.map((r) => r.rule),
  ...REPOSITORY_RULE_LIST,
  ...SETTINGS_RULE_LIST,
];

/**
 * The audit's three checkers over one repository: workflows (parsed, with expressions), the
 * repository's files, and its settings through the API. Each runs on its own; a checker that
 * throws leaves its rules not assessed and the others still report.
 */
export function auditCheckers(setup: CheckerSetup): ComplianceChecker[] {
  const { root, settings, visibility, github, logger } = setup;
  return [
    {
      name: 'workflows',
      source: 'workflow',
      rules: WORKFLOW_RULES.map((r) => r.rule.id),
      run: () => auditWorkflows(root, visibility === undefined ? {} : { visibility }),
    },
    {
      name: 'repository files',
      source: 'repository',
      rules: REPOSITORY_RULE_LIST.map((r) => r.id),
      run: () => auditRepositoryFiles(root, { exclude: settings.excludePaths }),
    },
    {
      name: 'repository settings',
      source: 'api',
      rules: SETTINGS_RULE_LIST.map((r) => r.id),
      run: async (): Promise<CheckerReport> => {
        if (!github) return notAssessedWithoutApi();
        return auditRepositorySettings(
          github.client,
          { owner: github.owner, repo: github.repo },
          {
            ...(github.defaultBranch === undefined ? {} : { defaultBranch: github.defaultBranch }),
            productionEnvironments: settings.productionEnvironments,
            maxAdmins: settings.maxAdmins,
            logger,
          },
        );
      },
    },
  ];
}

function notAssessedWithoutApi(): CheckerReport {
  const reason = 'no GitHub token or repository: repository settings were not read (run in Actions, or pass a token)';
  return {
    outcomes: SETTINGS_RULE_LIST.map((rule) => ({ ruleId: rule.id, status: 'not_assessed', findings: [], reason })),
    skipped: [{ subject: 'GitHub API', reason }],
    evidence: [],
  };
}
