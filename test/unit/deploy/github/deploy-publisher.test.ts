import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DeployPublisher, deploymentVerdict } from '../../../../actions/deploy/src/github/deploy-publisher.js';
import { baseBranch } from '../../../../actions/deploy/src/github/finish-deploy.js';
import { lastGoodDeploymentSha } from '../../../../actions/deploy/src/github/last-good-deployment.js';
import type { DeployReportView } from '../../../../actions/deploy/src/output/deploy-markdown.js';
import type { DeployOutcome } from '../../../../actions/deploy/src/engine/types.js';
import type { Tier } from '../../../../shared/result/phase-result.js';
import { FakeGitHub } from '../../../support/fake-github/index.js';
import { fakeClient } from '../../../support/fake-github/test-client.js';
import { evidence, outcomeOf, step } from '../output/outcome-fixture.js';

const REPO = { owner: 'octo-org', repo: 'service' };
const SHA = 'a'.repeat(40);

let fake: FakeGitHub;
beforeEach(async () => {
  fake = await FakeGitHub.start();
});
afterEach(async () => {
  expect(fake.violations).toEqual([]);
  await fake.close();
});

function publisher(options: { tier?: Tier; prNumber?: number; eventName?: string; token?: boolean } = {}) {
  const { octokit, logger } = fakeClient(fake);
  const pub = new DeployPublisher({
    ...(options.token === false ? {} : { octokit }),
    context: {
      ...REPO,
      sha: SHA,
      runUrl: 'https://github.com/octo-org/service/actions/runs/1',
      eventName: options.eventName ?? 'push',
      ...(options.prNumber !== undefined ? { prNumber: options.prNumber } : {}),
    },
    environment: 'svc',
    tier: options.tier ?? 'staging',
    logger,
    resultFile: '/tmp/deploy-svc.json',
  });
  return { pub, logger, octokit };
}

function view(outcome?: DeployOutcome, steps = outcome?.details.steps ?? []): DeployReportView {
  return {
    environment: 'svc',
    strategy: 'canary',
    driver: 'local',
    stableVersion: 'v1',
    candidateVersion: 'v2',
    steps,
    totalSteps: 2,
    ...(outcome ? { outcome } : {}),
    links: { resultFile: '/tmp/deploy-svc.json' },
  };
}

const payload = { strategy: 'canary', version: 'v2', driver: 'local' };

describe('DeployPublisher', () => {
  it('creates the deployment and an in-progress check run, updates it per step, and completes both', async () => {
    const { pub } = publisher({ tier: 'production' });
    await pub.start(payload, view());
    expect(fake.state.deployments).toHaveLength(1);
    expect(fake.state.deployments[0]).toMatchObject({
      sha: SHA,
      environment: 'svc',
      productionEnvironment: true,
      transientEnvironment: false,
      payload,
    });
    expect(fake.checkRuns[0]).toMatchObject({ name: 'elder / deploy (svc)', status: 'in_progress' });

    pub.progress(view(undefined, [step(0, 50, evidence())]));
    pub.progress(view(undefined, [step(0, 50, evidence()), step(1, 100)]));
    const outcome = outcomeOf({ steps: [step(0, 50, evidence()), step(1, 100)] });
    await pub.finish(outcome, view(outcome), 'http://127.0.0.1:9000');

    const [deployment] = fake.state.deployments;
    expect(deployment?.statuses.map((s) => s.state)).toEqual(['in_progress', 'success']);
    expect(deployment?.statuses[1]?.environmentUrl).toBe('http://127.0.0.1:9000');
    expect(fake.checkRuns).toHaveLength(1);
    expect(fake.checkRuns[0]).toMatchObject({ status: 'completed', conclusion: 'success' });
    // One create, then PATCHes by id only: the queued progress updates coalesce, never block.
    const patches = fake.callsTo('PATCH', '/repos/{owner}/{repo}/check-runs/{check_run_id}');
    expect(patches.length).toBeGreaterThanOrEqual(2);
    expect(patches.length).toBeLessThanOrEqual(3);
    expect(pub.degrade.warnOnce()).toBeUndefined();
    // A staging push is no pull request: no comment.
    expect(fake.comments).toHaveLength(0);
  });

  it('marks a rolled-back deployment failed with the reason, and comments on a staging pull request', async () => {
    fake.addPullRequest({ ...REPO, number: 7, headSha: SHA });
    const { pub } = publisher({ tier: 'staging', prNumber: 7, eventName: 'pull_request' });
    await pub.start(payload, view());
    const outcome = outcomeOf({
      finalState: 'rolled_back',
      stopReason: 'analysis',
      steps: [step(0, 5, evidence({ verdict: 'fail' }))],
    });
    await pub.finish(outcome, view(outcome), 'http://127.0.0.1:9000');
    const statuses = fake.state.deployments[0]?.statuses ?? [];
    expect(statuses.map((s) => s.state)).toEqual(['in_progress', 'failure']);
    expect(statuses[1]?.description).toBe('rolled back (analysis): look 3: fail');
    expect(statuses[1]?.environmentUrl).toBe('');
    expect(fake.checkRuns[0]).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(fake.comments).toHaveLength(1);
    expect(fake.comments[0]?.body.startsWith('<!-- elder:deploy:svc -->')).toBe(true);
  });

  it('fails the deployment and the check run when the rollout errors before a verdict', async () => {
    const { pub } = publisher();
    await pub.start(payload, view());
    await pub.fail('another rollout of v3 is in flight <b>now</b>');
    expect(fake.state.deployments[0]?.statuses.map((s) => s.state)).toEqual(['in_progress', 'error']);
    expect(fake.checkRuns[0]).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(fake.checkRuns[0]?.output.summary).not.toContain('<b>');
  });

  it('comments only for preview tiers or pull request events', () => {
    expect(publisher({ tier: 'development', prNumber: 3 }).pub.wantsComment()).toBe(true);
    expect(publisher({ tier: 'production', prNumber: 3 }).pub.wantsComment()).toBe(false);
    expect(publisher({ tier: 'production', prNumber: 3, eventName: 'pull_request' }).pub.wantsComment()).toBe(true);
    expect(publisher({ tier: 'staging' }).pub.wantsComment()).toBe(false);
  });

  it('marks development deployments transient', async () => {
    const { pub } = publisher({ tier: 'development' });
    await pub.start(payload, view());
    expect(fake.state.deployments[0]).toMatchObject({ transientEnvironment: true, productionEnvironment: false });
  });

  it('degrades on a read-only token: one refused request per target, one warning, never a throw', async () => {
    fake.readOnly = true;
    const { pub, logger } = publisher();
    await pub.start(payload, view());
    for (let i = 0; i < 5; i++) pub.progress(view(undefined, [step(0, 50, evidence())]));
    const outcome = outcomeOf({ finalState: 'rolled_back', stopReason: 'analysis', steps: [] });
    await pub.finish(outcome, view(outcome), undefined);
    const warning = pub.degrade.warnOnce();
    expect(warning).toContain('Could not publish to GitHub');
    expect(warning).toContain('the job summary and /tmp/deploy-svc.json');
    expect(pub.degrade.warnOnce()).toBeUndefined();
    expect(logger.lines.filter((l) => l.startsWith('warning:'))).toHaveLength(1);
    expect(fake.calls.filter((c) => c.method === 'POST' && c.status === 403)).toHaveLength(2);
    expect(fake.calls.filter((c) => c.method === 'PATCH')).toHaveLength(0);
    expect(pub.deploymentId).toBeUndefined();
  });

  it('says so once without a token', async () => {
    const { pub } = publisher({ token: false });
    await pub.start(payload, view());
    expect(fake.calls).toHaveLength(0);
    expect(pub.degrade.warnOnce()).toContain('no GitHub token was given');
  });

  it('words the deployment status for every final state', () => {
    expect(deploymentVerdict(outcomeOf({ steps: [step(0, 100)] }))).toEqual({
      state: 'success',
      description: 'promoted v2 after 1 step(s)',
    });
    expect(deploymentVerdict(outcomeOf({ finalState: 'paused' })).state).toBe('in_progress');
    expect(deploymentVerdict(outcomeOf({ finalState: 'aborted', stopReason: 'command' }))).toEqual({
      state: 'failure',
      description: 'aborted (command); v1 serves',
    });
    const failed = deploymentVerdict(outcomeOf({ finalState: 'failed_rollback', rollbackError: 'x' }));
    expect(failed.state).toBe('failure');
    expect(failed.description).toMatch(/^ROLLBACK FAILED/);
  });
});

describe('lastGoodDeploymentSha', () => {
  it('finds the newest deployment that ever succeeded, even after auto_inactive made it inactive', async () => {
    const { octokit } = fakeClient(fake);
    const deploy = async (sha: string, states: ('success' | 'failure' | 'in_progress')[]) => {
      const created = await octokit.rest.repos.createDeployment({
        ...REPO,
        ref: sha,
        environment: 'svc',
        required_contexts: [],
        auto_merge: false,
      });
      if (!('id' in created.data)) throw new Error('not created');
      for (const state of states) {
        await octokit.rest.repos.createDeploymentStatus({ ...REPO, deployment_id: created.data.id, state });
      }
      return created.data.id;
    };
    const oldest = 'b'.repeat(40);
    const older = 'c'.repeat(40);
    const broken = 'd'.repeat(40);
    await deploy(oldest, ['success']);
    await deploy(older, ['in_progress', 'success']); // marks the oldest inactive
    await deploy(broken, ['in_progress', 'failure']);
    const current = await deploy(SHA, ['in_progress', 'failure']);
    expect(fake.state.deployments[0]?.statuses.at(-1)?.state).toBe('inactive');
    const found = await lastGoodDeploymentSha(octokit, {
      ...REPO,
      environment: 'svc',
      badSha: SHA,
      excludeDeploymentId: current,
    });
    expect(found).toBe(older);
    expect(await lastGoodDeploymentSha(octokit, { ...REPO, environment: 'other', badSha: SHA })).toBeUndefined();
  });
});

describe('baseBranch', () => {
  it('is the pull request base, the pushed branch, else the default branch', () => {
    expect(baseBranch({ ref: 'refs/pull/7/merge', baseRef: 'release', payload: {} })).toBe('release');
    expect(baseBranch({ ref: 'refs/heads/main', payload: {} })).toBe('main');
    expect(baseBranch({ ref: 'refs/tags/v2', payload: { repository: { default_branch: 'trunk' } } })).toBe('trunk');
    expect(baseBranch({ ref: 'refs/tags/v2', payload: {} })).toBe('main');
  });
});
