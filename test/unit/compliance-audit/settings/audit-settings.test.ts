/**
 * The repository-settings audit against the fake GitHub, with tokens of three permission levels
 * (an admin's token, a GITHUB_TOKEN with `contents: read` + `security-events: read`, and a token
 * with nothing but `metadata: read`), on a compliant and a non-compliant repository.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RuleOutcome } from '../../../../actions/compliance-audit/src/model/audit-rule.js';
import {
  auditRepositorySettings,
  type SettingsAuditReport,
} from '../../../../actions/compliance-audit/src/settings/index.js';
import { MemoryLogger } from '../../../../shared/runtime/logger.js';
import { FakeGitHub, TOKENS, type TokenProfile } from '../../../support/fake-github/index.js';
import { fakeClient } from '../../../support/fake-github/test-client.js';
import { NOW, seedCompliant, seedNonCompliant } from './seed-repositories.js';

const REPO = { owner: 'octo-org', repo: 'service' };
const GITHUB_TOKEN = TOKENS.githubToken({ contents: 'read', security_events: 'read' });

let fake: FakeGitHub;

beforeEach(async () => {
  fake = await FakeGitHub.start();
});
afterEach(async () => {
  await fake.close();
});

async function audit(token: TokenProfile): Promise<SettingsAuditReport> {
  fake.token = token;
  const { octokit } = fakeClient(fake, { maxRetryAfterSeconds: 1, msPerRetryAfterSecond: 1 });
  return auditRepositorySettings(octokit, REPO, { logger: new MemoryLogger(), now: NOW });
}

function byRule(report: SettingsAuditReport): Record<string, RuleOutcome> {
  return Object.fromEntries(report.outcomes.map((o) => [o.ruleId, o]));
}

function statuses(report: SettingsAuditReport): Record<string, string> {
  return Object.fromEntries(report.outcomes.map((o) => [o.ruleId, o.status]));
}

describe('auditRepositorySettings on a compliant repository', () => {
  beforeEach(() => seedCompliant(fake, REPO));

  it('passes every rule with an admin token and records the evidence', async () => {
    const report = await audit(TOKENS.admin);
    expect(statuses(report)).toEqual({
      'api/branch-protection': 'pass',
      'api/signed-commits': 'pass',
      'api/secret-scanning': 'pass',
      'api/open-critical-alerts': 'pass',
      'api/production-environment-protection': 'pass',
      'api/deploy-keys': 'pass',
      'api/admin-count': 'pass',
    });
    expect(report.coverage).toEqual({ assessed: 7, total: 7 });
    expect(report.skipped).toEqual([]);
    const paths = report.evidence.map((e) => e.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'api/repository.json',
        'api/capabilities.json',
        'api/branch-protection.json',
        'api/branch-rules.json',
        'api/security-and-analysis.json',
        'api/secret-scanning-alerts.json',
        'api/dependabot-alerts.json',
        'api/code-scanning-alerts.json',
        'api/environments.json',
        'api/deploy-keys.json',
        'api/admin-collaborators.json',
      ]),
    );
    for (const item of report.evidence) {
      expect(item.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(item.bytes).toBe(Buffer.byteLength(item.content ?? ''));
    }
    const keys = report.evidence.find((e) => e.path === 'api/deploy-keys.json')?.content ?? '';
    expect(keys).toContain('docs mirror');
    expect(keys).not.toContain('AAAAC3NzaC1lZDI1NTE5');
    expect(keys).toMatch(/\[redacted: \d+ chars, sha256 [0-9a-f]{12}…\]/);
    expect(byRule(report)['api/admin-count']?.examined).toBe('2 direct admin(s), limit 3');
    expect(fake.violations).toEqual([]);
  });

  it('with a GITHUB_TOKEN (contents, security-events: read) assesses only what it can read', async () => {
    const report = await audit(GITHUB_TOKEN);
    const outcomes = byRule(report);
    expect(statuses(report)).toEqual({
      'api/branch-protection': 'not_assessed',
      'api/signed-commits': 'not_assessed',
      'api/secret-scanning': 'not_assessed',
      'api/open-critical-alerts': 'not_assessed',
      'api/production-environment-protection': 'not_assessed',
      'api/deploy-keys': 'not_assessed',
      'api/admin-count': 'pass',
    });
    expect(report.coverage).toEqual({ assessed: 1, total: 7 });
    expect(outcomes['api/branch-protection']?.reason).toMatch(/^token lacks administration: read \(the GITHUB_TOKEN/);
    expect(outcomes['api/deploy-keys']?.reason).toMatch(/^token lacks administration: read/);
    expect(outcomes['api/production-environment-protection']?.reason).toBe(
      'token lacks actions: read (grant it with `permissions: actions: read` or use a token with admin rights)',
    );
    // Code scanning was readable (no open critical/high), Dependabot was not: not a pass.
    expect(outcomes['api/open-critical-alerts']?.reason).toMatch(/^token lacks vulnerability_alerts: read/);
    expect(outcomes['api/open-critical-alerts']?.examined).toMatch(/open code scanning alert/);
    expect(outcomes['api/secret-scanning']?.reason).toContain('security_and_analysis only to admins');
    expect(outcomes['api/secret-scanning']?.reason).toContain('token lacks secret_scanning_alerts: read');
    expect(report.skipped).toContainEqual({
      subject: 'GET /repos/{owner}/{repo}/keys',
      reason: expect.stringMatching(/^token lacks administration: read/) as unknown as string,
    });
    expect(fake.violations).toEqual([]);
  });

  it('with a metadata-only token assesses the admin count and nothing else', async () => {
    const report = await audit(TOKENS.metadataOnly);
    const outcomes = byRule(report);
    expect(report.coverage).toEqual({ assessed: 1, total: 7 });
    expect(outcomes['api/admin-count']?.status).toBe('pass');
    expect(outcomes['api/open-critical-alerts']?.reason).toContain('token lacks security_events: read');
    expect(outcomes['api/open-critical-alerts']?.reason).toContain('`permissions: security-events: read`');
    for (const outcome of report.outcomes.filter((o) => o.ruleId !== 'api/admin-count')) {
      expect(outcome.status, outcome.ruleId).toBe('not_assessed');
      expect(outcome.reason, outcome.ruleId).toMatch(/token lacks/);
    }
  });

  it('with a GITHUB_TOKEN that may read actions, assesses production environments too', async () => {
    const report = await audit(TOKENS.githubToken({ contents: 'read', security_events: 'read', actions: 'read' }));
    expect(byRule(report)['api/production-environment-protection']?.status).toBe('pass');
    expect(report.coverage).toEqual({ assessed: 2, total: 7 });
  });

  it('reads a ruleset-protected branch without administration but cannot vouch for admin bypass', async () => {
    fake.state.branchProtection.clear();
    fake.seed.addRuleset(REPO, {
      name: 'main',
      rules: [
        { type: 'deletion' },
        { type: 'non_fast_forward' },
        { type: 'required_signatures' },
        {
          type: 'pull_request',
          parameters: {
            required_approving_review_count: 1,
            dismiss_stale_reviews_on_push: true,
            require_code_owner_review: false,
            require_last_push_approval: false,
            required_review_thread_resolution: false,
          },
        },
        {
          type: 'required_status_checks',
          parameters: {
            required_status_checks: [{ context: 'elder / quality-gate (unit)' }],
            strict_required_status_checks_policy: true,
          },
        },
      ],
    });
    const github = byRule(await audit(GITHUB_TOKEN));
    expect(github['api/signed-commits']?.status).toBe('pass');
    expect(github['api/branch-protection']?.status).toBe('not_assessed');
    expect(github['api/branch-protection']?.reason).toContain('bypass actors only to tokens that may edit it');
    const admin = byRule(await audit(TOKENS.admin));
    expect(admin['api/branch-protection']?.status).toBe('pass');
  });
});

describe('auditRepositorySettings on a non-compliant repository', () => {
  beforeEach(() => seedNonCompliant(fake, REPO));

  it('fails every rule with an admin token, with the expected findings', async () => {
    const report = await audit(TOKENS.admin);
    const outcomes = byRule(report);
    expect(report.outcomes.every((o) => o.status === 'fail')).toBe(true);
    const count = (id: string) => outcomes[id]?.findings.length;
    expect(count('api/branch-protection')).toBe(5);
    expect(count('api/signed-commits')).toBe(1);
    expect(count('api/secret-scanning')).toBe(2);
    expect(count('api/open-critical-alerts')).toBe(3);
    expect(count('api/production-environment-protection')).toBe(2);
    expect(count('api/deploy-keys')).toBe(2);
    expect(count('api/admin-count')).toBe(1);

    const messages = (id: string) => outcomes[id]?.findings.map((f) => f.message) ?? [];
    expect(messages('api/branch-protection')).toEqual([
      'Default branch `trunk`: no pull request with at least one approving review is required.',
      'Default branch `trunk`: approvals are not dismissed when new commits are pushed.',
      'Default branch `trunk`: the status check `elder / quality-gate` is not required.',
      'Default branch `trunk`: force pushes are allowed.',
      'Default branch `trunk`: administrators may bypass the protection.',
    ]);
    const alerts = outcomes['api/open-critical-alerts']?.findings ?? [];
    expect(alerts.map((f) => f.severity).sort()).toEqual(['critical', 'high', 'high']);
    expect(alerts.map((f) => f.message).join('\n')).toContain('CVE-2021-23337 in npm package `lodash`');
    expect(outcomes['api/secret-scanning']?.findings.map((f) => f.severity)).toEqual(['high', 'critical']);
    expect(outcomes['api/deploy-keys']?.findings.map((f) => [f.severity, f.message])).toEqual([
      [
        'medium',
        'Deploy key "ci push" (id ' +
          String(fake.state.settings.deployKeys.of(REPO)[0]?.id) +
          ') has write access to the repository.',
      ],
      ['low', expect.stringMatching(/^Deploy key "old mirror" \(id \d+\) is 761 days old \(limit 365\): rotate it\.$/)],
    ]);
    expect(messages('api/admin-count')).toEqual([
      '5 direct collaborators are admins (limit 3): a1, a2, a3, a4, contractor.',
    ]);
    for (const f of report.outcomes.flatMap((o) => o.findings)) {
      expect(f.fingerprint).toMatch(new RegExp(`^${f.ruleId}:`));
      expect(f.location).toBeUndefined();
    }
    // The secret itself never left GitHub: the audit asked for it to be hidden.
    const secretCalls = fake.callsTo('GET', '/repos/{owner}/{repo}/secret-scanning/alerts');
    expect(secretCalls.every((c) => c.query.hide_secret === 'true')).toBe(true);
    expect(JSON.stringify(report.evidence)).not.toContain('ghp_fakeSecretForTests');
    expect(fake.violations).toEqual([]);
  });

  it('with a GITHUB_TOKEN fails on what it can see (code scanning) and says what it could not', async () => {
    const report = await audit(GITHUB_TOKEN);
    const alerts = byRule(report)['api/open-critical-alerts'];
    expect(alerts?.status).toBe('fail');
    expect(alerts?.findings.map((f) => f.message)).toEqual([
      expect.stringMatching(/^Open high code scanning alert #1 \(CodeQL js\/sql-injection\) at src\/db\.ts:1/),
    ]);
    expect(alerts?.examined).toMatch(
      /not read: GET \/repos\/\{owner\}\/\{repo\}\/dependabot\/alerts: token lacks vulnerability_alerts: read/,
    );
    expect(byRule(report)['api/admin-count']?.status).toBe('fail');
    expect(byRule(report)['api/branch-protection']?.status).toBe('not_assessed');
    expect(report.coverage).toEqual({ assessed: 2, total: 7 });
  });

  it('with a metadata-only token fails only the admin count', async () => {
    const report = await audit(TOKENS.metadataOnly);
    expect(report.outcomes.filter((o) => o.status === 'fail').map((o) => o.ruleId)).toEqual(['api/admin-count']);
    expect(report.outcomes.filter((o) => o.status === 'pass')).toEqual([]);
  });

  it('reports an unprotected default branch as one finding', async () => {
    fake.state.settings.rulesets.of(REPO).length = 0;
    const outcome = byRule(await audit(TOKENS.admin))['api/branch-protection'];
    expect(outcome?.findings.map((f) => f.message)).toEqual([
      'Default branch `trunk` is not protected: no branch protection and no active ruleset.',
    ]);
  });
});
