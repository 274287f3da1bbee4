/**
 * The capability probe against the fake GitHub: what tokens of different kinds and levels may
 * read, told apart by GitHub's own answers (403 with x-accepted-github-permissions, 404 for
 * admin-only resources, a missing security_and_analysis block), and features that are off.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiReader } from '../../../../actions/compliance-audit/src/settings/api-reader.js';
import {
  auditRepositorySettings,
  lacksPermission,
  probeCapabilities,
  type Capabilities,
} from '../../../../actions/compliance-audit/src/settings/index.js';
import { MemoryLogger } from '../../../../shared/runtime/logger.js';
import { FakeGitHub, TOKENS, type TokenProfile } from '../../../support/fake-github/index.js';
import { fakeClient } from '../../../support/fake-github/test-client.js';
import { NOW, seedCompliant } from './seed-repositories.js';

const REPO = { owner: 'octo-org', repo: 'service' };
let fake: FakeGitHub;

beforeEach(async () => {
  fake = await FakeGitHub.start();
  seedCompliant(fake, REPO);
});
afterEach(async () => {
  await fake.close();
});

async function probe(token: TokenProfile): Promise<Capabilities> {
  fake.token = token;
  const { octokit, logger } = fakeClient(fake);
  return probeCapabilities(new ApiReader(octokit, REPO, logger));
}

function readable(capabilities: Capabilities): string[] {
  return Object.entries(capabilities)
    .filter(([, state]) => state.readable)
    .map(([name]) => name);
}

describe('probeCapabilities', () => {
  it('an admin token reads everything, with one cheap request per capability', async () => {
    const capabilities = await probe(TOKENS.admin);
    expect(readable(capabilities)).toEqual([
      'repository',
      'security_and_analysis',
      'administration',
      'actions',
      'security_events',
      'vulnerability_alerts',
      'secret_scanning_alerts',
      'collaborators',
    ]);
    expect(fake.calls).toHaveLength(7);
    expect(
      fake.calls.filter((c) => c.template !== '/repos/{owner}/{repo}').every((c) => c.query.per_page === '1'),
    ).toBe(true);
  });

  it('a GITHUB_TOKEN with contents and security-events: read', async () => {
    const capabilities = await probe(TOKENS.githubToken({ contents: 'read', security_events: 'read' }));
    expect(readable(capabilities)).toEqual(['repository', 'security_events', 'collaborators']);
    expect(capabilities.administration).toEqual({
      readable: false,
      cause: 'permission',
      reason: lacksPermission('administration'),
    });
    expect(capabilities.vulnerability_alerts).toMatchObject({ reason: lacksPermission('vulnerability_alerts') });
    expect(capabilities.secret_scanning_alerts).toMatchObject({ reason: lacksPermission('secret_scanning_alerts') });
    expect(capabilities.actions).toMatchObject({
      reason: 'token lacks actions: read (grant it with `permissions: actions: read` or use a token with admin rights)',
    });
    // The permission came from GitHub's header, not from a guess.
    const refused = fake.calls.filter((c) => c.status === 403);
    expect(refused.map((c) => c.template).sort()).toEqual([
      '/repos/{owner}/{repo}/dependabot/alerts',
      '/repos/{owner}/{repo}/environments',
      '/repos/{owner}/{repo}/keys',
      '/repos/{owner}/{repo}/secret-scanning/alerts',
    ]);
  });

  it('a metadata-only token reads the repository and its collaborators', async () => {
    const capabilities = await probe(TOKENS.metadataOnly);
    expect(readable(capabilities)).toEqual(['repository', 'collaborators']);
    expect(capabilities.security_events).toMatchObject({
      readable: false,
      cause: 'permission',
      reason:
        'token lacks security_events: read (grant it with `permissions: security-events: read` or use a token with admin rights)',
    });
  });

  it("a write user's token: admin-only resources answer 404 and count as missing administration", async () => {
    const capabilities = await probe({ kind: 'user', role: 'write' });
    expect(readable(capabilities)).toEqual([
      'repository',
      'actions',
      'security_events',
      'vulnerability_alerts',
      'collaborators',
    ]);
    expect(capabilities.administration).toMatchObject({
      cause: 'permission',
      reason: lacksPermission('administration'),
    });
    expect(fake.callsTo('GET', '/repos/{owner}/{repo}/keys')[0]?.status).toBe(404);
    expect(capabilities.security_and_analysis).toMatchObject({ cause: 'permission' });
  });

  it("a read user's token may not list collaborators (GitHub wants push access)", async () => {
    const capabilities = await probe({ kind: 'user', role: 'read' });
    expect(capabilities.collaborators).toEqual({
      readable: false,
      cause: 'permission',
      reason:
        'token lacks push access: Must have push access to view repository collaborators. (use a token of a user or app with write access)',
    });
  });

  it('tells a feature that is off from a permission that is missing', async () => {
    fake.seed.setSecurityFeatures(REPO, { dependabotAlerts: false, codeScanning: false });
    fake.seed.setSecurityAndAnalysis(REPO, { secret_scanning: 'disabled' });
    const capabilities = await probe(TOKENS.admin);
    expect(capabilities.vulnerability_alerts).toEqual({
      readable: true,
      featureOff: 'Dependabot alerts are disabled for this repository.',
    });
    expect(capabilities.security_events).toEqual({ readable: true, featureOff: 'no analysis found' });
    expect(capabilities.secret_scanning_alerts).toEqual({
      readable: true,
      featureOff: 'Secret scanning is disabled on this repository.',
    });
  });
});

describe('features that are off', () => {
  it('are findings, not passes', async () => {
    fake.token = TOKENS.admin;
    fake.seed.setSecurityFeatures(REPO, { dependabotAlerts: false, codeScanning: false });
    fake.seed.setSecurityAndAnalysis(REPO, {
      secret_scanning: 'disabled',
      secret_scanning_push_protection: 'disabled',
    });
    const { octokit } = fakeClient(fake);
    const report = await auditRepositorySettings(octokit, REPO, { logger: new MemoryLogger(), now: NOW });
    const get = (id: string) => report.outcomes.find((o) => o.ruleId === id);
    expect(get('api/open-critical-alerts')?.status).toBe('fail');
    expect(get('api/open-critical-alerts')?.findings.map((f) => [f.severity, f.fingerprint])).toEqual([
      ['medium', 'api/open-critical-alerts:dependabot:disabled'],
      ['medium', 'api/open-critical-alerts:code-scanning:disabled'],
    ]);
    expect(get('api/secret-scanning')?.findings.map((f) => f.message)).toEqual([
      'Secret scanning is disabled.',
      'Push protection is disabled: pushes containing known secret formats are not blocked.',
    ]);
  });

  it('no production environment is not assessed, naming the patterns', async () => {
    fake.token = TOKENS.admin;
    fake.state.settings.environments.of(REPO).length = 0;
    const { octokit } = fakeClient(fake);
    const report = await auditRepositorySettings(octokit, REPO, {
      logger: new MemoryLogger(),
      now: NOW,
      productionEnvironments: ['prod-*', 'live'],
    });
    const env = report.outcomes.find((o) => o.ruleId === 'api/production-environment-protection');
    expect(env).toMatchObject({
      status: 'not_assessed',
      reason: 'no environment named like production (prod-*, live) among 0 environment(s)',
    });
  });
});
