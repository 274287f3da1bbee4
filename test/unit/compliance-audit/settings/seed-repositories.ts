/**
 * Two repositories seeded on the fake GitHub: one that meets every settings rule, one that
 * breaks each of them in a known way (the tests count the findings they expect).
 */
import type { FakeGitHub, RepoRef } from '../../../support/fake-github/index.js';

export const NOW = new Date('2026-06-01T00:00:00Z');
const reviewer = { login: 'release-manager', id: 4242, type: 'User' as const };

export function seedCompliant(fake: FakeGitHub, ref: RepoRef): void {
  fake.setRepository({ ...ref, defaultBranch: 'main' });
  fake.setBranchProtection(ref, 'main', {
    url: `${fake.url}/repos/${ref.owner}/${ref.repo}/branches/main/protection`,
    required_pull_request_reviews: { required_approving_review_count: 2, dismiss_stale_reviews: true },
    required_status_checks: {
      strict: true,
      contexts: ['elder / quality-gate', 'build'],
      checks: [{ context: 'elder / quality-gate', app_id: 15368 }],
    },
    enforce_admins: { url: 'https://example.invalid/enforce_admins', enabled: true },
    allow_force_pushes: { enabled: false },
    allow_deletions: { enabled: false },
    required_signatures: { url: 'https://example.invalid/required_signatures', enabled: true },
  });
  fake.seed.setSecurityAndAnalysis(ref, { secret_scanning: 'enabled', secret_scanning_push_protection: 'enabled' });
  fake.seed.addSecretScanningAlert(ref, { state: 'resolved' });
  fake.seed.addDependabotAlert(ref, { severity: 'critical', state: 'fixed' });
  fake.seed.addDependabotAlert(ref, { severity: 'critical', state: 'dismissed' });
  fake.seed.addDependabotAlert(ref, { severity: 'low' });
  fake.seed.addCodeScanningAlert(ref, { securitySeverity: 'medium' });
  fake.seed.addCodeScanningAlert(ref, { securitySeverity: 'critical', state: 'fixed' });
  fake.seed.addEnvironment(ref, {
    name: 'production',
    reviewers: [reviewer],
    deploymentBranchPolicy: { protected_branches: true, custom_branch_policies: false },
  });
  fake.seed.addEnvironment(ref, { name: 'staging' });
  fake.seed.addDeployKey(ref, { title: 'docs mirror', readOnly: true, createdAt: '2026-01-10T00:00:00Z' });
  fake.seed.addCollaborator(ref, { login: 'alice', role: 'admin' });
  fake.seed.addCollaborator(ref, { login: 'bob', role: 'admin' });
  fake.seed.addCollaborator(ref, { login: 'org-owner', role: 'admin', affiliation: 'org' });
  fake.seed.addCollaborator(ref, { login: 'carol', role: 'write' });
  fake.seed.addCollaborator(ref, { login: 'dave', role: 'maintain' });
}

/** Breaks every rule; the comments count the findings each rule should report. */
export function seedNonCompliant(fake: FakeGitHub, ref: RepoRef): void {
  fake.setRepository({ ...ref, defaultBranch: 'trunk' });
  // branch-protection: a ruleset that only blocks deletion and lets admins bypass → 5 findings
  // (reviews, stale reviews, quality gate, force pushes, admins); signed-commits → 1 finding.
  fake.seed.addRuleset(ref, {
    name: 'keep trunk',
    rules: [{ type: 'deletion' }],
    bypassActors: [{ actor_id: 5, actor_type: 'RepositoryRole', bypass_mode: 'always' }],
  });
  // secret-scanning: push protection off, one open alert → 2 findings.
  fake.seed.setSecurityAndAnalysis(ref, { secret_scanning: 'enabled', secret_scanning_push_protection: 'disabled' });
  fake.seed.addSecretScanningAlert(ref, {});
  // open-critical-alerts: 1 critical + 1 high Dependabot, 1 high code scanning → 3 findings.
  fake.seed.addDependabotAlert(ref, { severity: 'critical', packageName: 'lodash', cveId: 'CVE-2021-23337' });
  fake.seed.addDependabotAlert(ref, { severity: 'high', packageName: 'minimist' });
  fake.seed.addDependabotAlert(ref, { severity: 'medium' });
  fake.seed.addDependabotAlert(ref, { severity: 'critical', state: 'dismissed' });
  fake.seed.addCodeScanningAlert(ref, { securitySeverity: 'high', path: 'src/db.ts' });
  fake.seed.addCodeScanningAlert(ref, { securitySeverity: 'low' });
  // production-environment-protection: no approval, no branch policy → 2 findings.
  fake.seed.addEnvironment(ref, { name: 'Production' });
  // deploy-keys: a write key and a two-year-old key → 2 findings.
  fake.seed.addDeployKey(ref, { title: 'ci push', readOnly: false, createdAt: '2026-05-01T00:00:00Z' });
  fake.seed.addDeployKey(ref, { title: 'old mirror', readOnly: true, createdAt: '2024-05-01T00:00:00Z' });
  // admin-count: 5 direct admins (one an outside collaborator) → 1 finding.
  for (const login of ['a1', 'a2', 'a3', 'a4']) fake.seed.addCollaborator(ref, { login, role: 'admin' });
  fake.seed.addCollaborator(ref, { login: 'contractor', role: 'admin', affiliation: 'outside' });
}
