import type { AuditRule } from '../model/audit-rule.js';

/**
 * The repository-settings rules, read through GitHub's API. Severities follow the worst case:
 * an unprotected default branch or an ungated production environment lets one account ship
 * unreviewed code to production (high); an open critical vulnerability or an exposed secret is
 * raised to critical on the finding itself; write-enabled deploy keys and too many admins widen
 * who can bypass review (medium); unsigned commits weaken attribution but not review (low).
 */
export const SETTINGS_RULES = {
  branchProtection: {
    id: 'api/branch-protection',
    source: 'api',
    family: 'change_control',
    severity: 'high',
    title: 'Default branch protected',
    help:
      'Protect the default branch with branch protection or a ruleset: require a pull request with at least one ' +
      'approving review and dismiss stale approvals, require the status checks including `elder / quality-gate`, ' +
      'block force pushes and deletions, and apply the rules to administrators (no bypass).',
  },
  signedCommits: {
    id: 'api/signed-commits',
    source: 'api',
    family: 'change_control',
    severity: 'low',
    title: 'Signed commits required on the default branch',
    help: 'Turn on "Require signed commits" in branch protection, or add the `required_signatures` rule to a ruleset.',
  },
  secretScanning: {
    id: 'api/secret-scanning',
    source: 'api',
    family: 'secrets',
    severity: 'high',
    title: 'Secret scanning and push protection on, no open secret alerts',
    help:
      'Enable secret scanning and push protection (Settings > Code security), then revoke and rotate every secret ' +
      'an open alert names before closing the alert.',
  },
  openCriticalAlerts: {
    id: 'api/open-critical-alerts',
    source: 'api',
    family: 'supply_chain',
    severity: 'high',
    title: 'No open critical or high Dependabot or code scanning alerts',
    help:
      'Keep Dependabot alerts and code scanning switched on and fix (or dismiss with a reason) every open critical ' +
      'and high alert: update the dependency, or fix the code the alert points at.',
  },
  productionEnvironment: {
    id: 'api/production-environment-protection',
    source: 'api',
    family: 'change_control',
    severity: 'high',
    title: 'Production environments gated',
    help:
      'Give every production environment required reviewers (or at least a wait timer) and a deployment branch ' +
      'policy (protected branches or selected branches), so a deployment to production needs approval and comes ' +
      'from reviewed code.',
  },
  deployKeys: {
    id: 'api/deploy-keys',
    source: 'api',
    family: 'access_control',
    severity: 'medium',
    title: 'Deploy keys read-only and rotated',
    help:
      'Deploy keys bypass user accounts and their two-factor authentication. Make them read-only unless a system ' +
      'must push, and replace keys older than a year.',
  },
  adminCount: {
    id: 'api/admin-count',
    source: 'api',
    family: 'access_control',
    severity: 'medium',
    title: 'Few repository administrators',
    help:
      'Administrators can change or switch off every other control. Keep direct admin grants to a handful of ' +
      'named people and give others maintain or write.',
  },
} as const satisfies Record<string, AuditRule>;

export type SettingsRuleId = (typeof SETTINGS_RULES)[keyof typeof SETTINGS_RULES]['id'];

export const SETTINGS_RULE_LIST: readonly AuditRule[] = Object.values(SETTINGS_RULES);
