/**
 * DeploymentPublisher and IssueReporter against the fake: deployments are created even while
 * our own check is running, statuses carry the environment and log URLs, and a failing drill
 * makes one issue with comments rather than one issue per night.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DeploymentPublisher } from '../../../shared/github/deployments.js';
import { IssueReporter, issueMarker } from '../../../shared/github/issues.js';
import { FakeGitHub } from '../../support/fake-github/index.js';
import { fakeClient } from '../../support/fake-github/test-client.js';

const SHA = 'c0ffeec0ffeec0ffeec0ffeec0ffeec0ffeec0ff';
const repo = { owner: 'octo-org', repo: 'service' };

describe('DeploymentPublisher', () => {
  let fake: FakeGitHub;
  let deployments: DeploymentPublisher;
  beforeEach(async () => {
    fake = await FakeGitHub.start();
    const { octokit, logger } = fakeClient(fake);
    deployments = new DeploymentPublisher({ octokit, ...repo, logger });
  });
  afterEach(async () => {
    await fake.close();
  });

  it('creates a deployment while our own check run is still in progress', async () => {
    const { octokit } = fakeClient(fake);
    await octokit.rest.checks.create({
      ...repo,
      name: 'elder / deploy (production)',
      head_sha: SHA,
      status: 'in_progress',
    });
    const created = await deployments.create({
      ref: SHA,
      environment: 'production',
      description: 'canary 10 % -> 100 %',
      production: true,
      payload: { strategy: 'canary', version: '1.4.2' },
    });
    expect(created.url).toBe(`${fake.url}/repos/octo-org/service/deployments/${created.id}`);
    expect(fake.deployments[0]).toMatchObject({
      ref: SHA,
      sha: SHA,
      environment: 'production',
      autoMerge: false,
      requiredContexts: [],
      productionEnvironment: true,
      transientEnvironment: false,
      payload: { strategy: 'canary', version: '1.4.2' },
    });
    expect(fake.violations).toEqual([]);
  });

  it('records statuses with environment and log URLs', async () => {
    const { id } = await deployments.create({ ref: SHA, environment: 'staging', transient: true });
    await deployments.setStatus(id, {
      state: 'in_progress',
      logUrl: 'https://github.com/octo-org/service/actions/runs/1',
    });
    await deployments.setStatus(id, {
      state: 'success',
      environmentUrl: 'https://staging.example.com',
      logUrl: 'https://github.com/octo-org/service/actions/runs/1',
      description: 'x'.repeat(200),
    });
    const statuses = fake.deployments[0]?.statuses ?? [];
    expect(statuses.map((s) => s.state)).toEqual(['in_progress', 'success']);
    expect(statuses[1]).toMatchObject({
      environmentUrl: 'https://staging.example.com',
      logUrl: 'https://github.com/octo-org/service/actions/runs/1',
    });
    expect(statuses[1]?.description.length).toBe(140);
    expect(fake.violations).toEqual([]);
  });

  it.each(['failure', 'error', 'inactive'] as const)('sets the %s state', async (state) => {
    const { id } = await deployments.create({ ref: SHA, environment: 'production' });
    await deployments.setStatus(id, { state, description: `rolled back (${state})` });
    expect(fake.deployments[0]?.statuses.at(-1)).toMatchObject({ state, description: `rolled back (${state})` });
    expect(fake.violations).toEqual([]);
  });
});

describe('IssueReporter', () => {
  let fake: FakeGitHub;
  let reporter: IssueReporter;
  beforeEach(async () => {
    fake = await FakeGitHub.start();
    const { octokit, logger } = fakeClient(fake);
    reporter = new IssueReporter({ octokit, ...repo, logger });
  });
  afterEach(async () => {
    await fake.close();
  });

  const drill = (night: number) => ({
    key: 'dr-drill:production',
    title: 'DR drill failed: production',
    body: `Night ${night}: RPO 42 s > 30 s`,
    labels: ['elder', 'dr-drill'],
  });

  it('opens one issue, then comments on it while it stays open', async () => {
    const first = await reporter.openOrComment(drill(1));
    const second = await reporter.openOrComment(drill(2));
    const third = await reporter.openOrComment(drill(3));
    expect(first.action).toBe('created');
    expect([second.action, third.action]).toEqual(['commented', 'commented']);
    expect(new Set([first.number, second.number, third.number]).size).toBe(1);
    expect(fake.issues).toHaveLength(1);
    expect(fake.issues[0]).toMatchObject({ title: 'DR drill failed: production', labels: ['elder', 'dr-drill'] });
    expect(fake.issues[0]?.body).toBe(`${issueMarker('dr-drill:production')}\nNight 1: RPO 42 s > 30 s`);
    expect(fake.comments.map((c) => c.body)).toEqual(['Night 2: RPO 42 s > 30 s', 'Night 3: RPO 42 s > 30 s']);
    expect(second.commentUrl).toMatch(/\/issues\/\d+#issuecomment-\d+$/);
    expect(fake.violations).toEqual([]);
  });

  it('opens a new issue once the old one is closed', async () => {
    await reporter.openOrComment(drill(1));
    const issue = fake.issues[0];
    if (issue) issue.state = 'closed';
    const next = await reporter.openOrComment(drill(2));
    expect(next.action).toBe('created');
    expect(fake.issues).toHaveLength(2);
  });

  it('reuses an issue opened by hand with the same title, and skips pull requests', async () => {
    fake.addPullRequest({ headSha: SHA, title: 'DR drill failed: production' });
    const manual = fake.addIssue({ title: 'DR drill failed: production', labels: [] });
    const result = await reporter.openOrComment({ ...drill(1), labels: [] });
    expect(result).toMatchObject({ number: manual.number, action: 'commented' });
    expect(fake.issues).toHaveLength(1);
  });
});
