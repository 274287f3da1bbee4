/**
 * GitHub failing (5xx after retries, rate limits it will not wait out, dropped connections, a
 * repository it will not show) makes the affected rules not_assessed with the error, never a
 * pass, and the rest of the audit still runs. Alert lists spanning several pages are read whole.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RuleOutcome } from '../../../../actions/compliance-audit/src/model/audit-rule.js';
import {
  auditRepositorySettings,
  type SettingsAuditReport,
} from '../../../../actions/compliance-audit/src/settings/index.js';
import { MemoryLogger } from '../../../../shared/runtime/logger.js';
import { FakeGitHub, TOKENS } from '../../../support/fake-github/index.js';
import { fakeClient } from '../../../support/fake-github/test-client.js';
import { NOW, seedCompliant } from './seed-repositories.js';

const REPO = { owner: 'octo-org', repo: 'service' };
let fake: FakeGitHub;

beforeEach(async () => {
  fake = await FakeGitHub.start({ token: TOKENS.admin });
  seedCompliant(fake, REPO);
});
afterEach(async () => {
  await fake.close();
});

async function audit(): Promise<SettingsAuditReport> {
  const { octokit } = fakeClient(fake, { maxRetryAfterSeconds: 1, msPerRetryAfterSecond: 1 });
  return auditRepositorySettings(octokit, REPO, { logger: new MemoryLogger(), now: NOW });
}

function outcome(report: SettingsAuditReport, id: string): RuleOutcome | undefined {
  return report.outcomes.find((o) => o.ruleId === id);
}

describe('API failures', () => {
  it('5xx after retries: not_assessed with the status, the other rules still pass', async () => {
    const fault = fake.inject({
      path: '/repos/{owner}/{repo}/dependabot/alerts',
      times: Infinity,
      fault: { kind: 'server-error', status: 502 },
    });
    const report = await audit();
    const alerts = outcome(report, 'api/open-critical-alerts');
    expect(alerts?.status).toBe('not_assessed');
    expect(alerts?.reason).toBe('GET /repos/{owner}/{repo}/dependabot/alerts answered 502: Bad Gateway');
    expect(fault.hits).toBe(4); // the first try and 3 retries
    expect(report.coverage).toEqual({ assessed: 6, total: 7 });
    expect(report.skipped).toEqual([
      { subject: 'GET /repos/{owner}/{repo}/dependabot/alerts', reason: alerts?.reason },
    ]);
  });

  it('a failed read of branch protection leaves branch protection not assessed, not passed', async () => {
    fake.inject({
      path: '/repos/{owner}/{repo}/branches/{branch}/protection',
      times: Infinity,
      fault: { kind: 'server-error', status: 503 },
    });
    const report = await audit();
    expect(outcome(report, 'api/branch-protection')?.status).toBe('not_assessed');
    expect(outcome(report, 'api/branch-protection')?.reason).toContain('answered 503');
    expect(outcome(report, 'api/signed-commits')?.status).toBe('not_assessed');
    expect(outcome(report, 'api/deploy-keys')?.status).toBe('pass');
  });

  it('a rate limit longer than we wait: not_assessed naming the rate limit', async () => {
    fake.inject({
      path: '/repos/{owner}/{repo}/code-scanning/alerts',
      times: Infinity,
      fault: { kind: 'secondary-rate-limit', retryAfterSeconds: 3600 },
    });
    fake.inject({
      path: '/repos/{owner}/{repo}/collaborators',
      times: Infinity,
      fault: { kind: 'primary-rate-limit', status: 429, resetInSeconds: 3600 },
    });
    const report = await audit();
    expect(outcome(report, 'api/open-critical-alerts')?.status).toBe('not_assessed');
    expect(outcome(report, 'api/open-critical-alerts')?.reason).toMatch(
      /answered 403: rate limited: You have exceeded a secondary rate limit/,
    );
    expect(outcome(report, 'api/admin-count')?.status).toBe('not_assessed');
    expect(outcome(report, 'api/admin-count')?.reason).toMatch(/answered 429: rate limited: API rate limit exceeded/);
    expect(report.coverage.assessed).toBe(5);
  });

  it('a dropped connection: not_assessed with the network error', async () => {
    fake.inject({ path: '/repos/{owner}/{repo}/environments', times: Infinity, fault: { kind: 'connection-reset' } });
    const report = await audit();
    const env = outcome(report, 'api/production-environment-protection');
    expect(env?.status).toBe('not_assessed');
    expect(env?.reason).toMatch(/^GET \/repos\/\{owner\}\/\{repo\}\/environments (failed|answered \d+):/);
  });

  it('a repository the token cannot see: every rule not assessed, coverage 0', async () => {
    fake.inject({ path: '/repos/{owner}/{repo}', times: Infinity, fault: { kind: 'not-found' } });
    const report = await audit();
    expect(report.coverage).toEqual({ assessed: 0, total: 7 });
    for (const o of report.outcomes) {
      expect(o.status).toBe('not_assessed');
      expect(o.reason).toMatch(/^repository octo-org\/service not found, or the token cannot see it/);
    }
  });
});

describe('pagination', () => {
  it('reads every page of Dependabot (cursor) and code scanning (page number) alerts', async () => {
    for (let i = 0; i < 250; i += 1) {
      fake.seed.addDependabotAlert(REPO, { severity: i % 2 === 0 ? 'critical' : 'medium' });
    }
    for (let i = 0; i < 230; i += 1) {
      fake.seed.addCodeScanningAlert(REPO, { securitySeverity: i % 10 === 0 ? 'high' : 'low' });
    }
    const report = await audit();
    const alerts = outcome(report, 'api/open-critical-alerts');
    expect(alerts?.status).toBe('fail');
    const findings = alerts?.findings ?? [];
    expect(findings.filter((f) => f.message.includes('Dependabot'))).toHaveLength(125);
    expect(findings.filter((f) => f.message.includes('code scanning'))).toHaveLength(23);
    expect(alerts?.examined).toContain('251 open Dependabot alert(s): 125 critical, 0 high, 125 medium, 1 low');
    expect(alerts?.examined).toContain('231 open code scanning alert(s): 0 critical, 23 high, 1 medium, 207 low');
    const dependabotPages = fake
      .callsTo('GET', '/repos/{owner}/{repo}/dependabot/alerts')
      .filter((c) => c.query.per_page === '100');
    expect(dependabotPages.map((c) => c.query.after !== undefined)).toEqual([false, true, true]);
    const codePages = fake
      .callsTo('GET', '/repos/{owner}/{repo}/code-scanning/alerts')
      .filter((c) => c.query.per_page === '100');
    expect(codePages).toHaveLength(3);
    expect(new Set(findings.map((f) => f.fingerprint)).size).toBe(findings.length);
    expect(fake.violations).toEqual([]);
  });
});

describe('answers the audit does not understand', () => {
  it('make the rule not_assessed (check failed), never a pass', async () => {
    fake.inject({
      method: 'GET',
      path: /\/environments$/,
      times: Infinity,
      fault: { kind: 'response', status: 200, body: [{ unexpected: true }] },
    });
    const report = await audit();
    const env = outcome(report, 'api/production-environment-protection');
    expect(env?.status).toBe('not_assessed');
    expect(env?.reason).toMatch(/^check failed: /);
    expect(report.coverage.assessed).toBe(6);
  });
});
