/**
 * StickyComment against the fake: one comment per phase and environment, edited in place
 * across re-runs, found on any page, never a human's comment that happens to carry the marker.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  StickyComment,
  stickyCommentMarker,
  type StickyCommentOptions,
} from '../../../shared/github/sticky-comment.js';
import { FakeGitHub, GITHUB_ACTIONS_BOT } from '../../support/fake-github/index.js';
import { fakeClient } from '../../support/fake-github/test-client.js';

const PR = 42;
const CREATE = '/repos/{owner}/{repo}/issues/{issue_number}/comments';
const UPDATE = '/repos/{owner}/{repo}/issues/comments/{comment_id}';

describe('StickyComment', () => {
  let fake: FakeGitHub;
  let sticky: (overrides?: Partial<StickyCommentOptions>) => StickyComment;
  beforeEach(async () => {
    fake = await FakeGitHub.start();
    const { octokit, logger } = fakeClient(fake);
    sticky = (overrides = {}) =>
      new StickyComment({
        octokit,
        owner: 'octo-org',
        repo: 'service',
        issueNumber: PR,
        phase: 'deploy',
        environment: 'production',
        logger,
        ...overrides,
      });
  });
  afterEach(async () => {
    await fake.close();
  });

  const ourComments = () => fake.comments.filter((c) => c.body.startsWith('<!-- elder:deploy:production -->'));

  it('puts the hidden marker first', () => {
    expect(stickyCommentMarker('deploy', 'production')).toBe('<!-- elder:deploy:production -->');
    expect(stickyCommentMarker('deploy', 'eu west --> x')).toBe('<!-- elder:deploy:eu_west_-_x -->');
    expect(sticky().bodyFor('**Deployed**')).toBe('<!-- elder:deploy:production -->\n**Deployed**');
  });

  it('creates the comment once, then edits it across three re-runs', async () => {
    const results = [];
    for (const attempt of [1, 2, 3, 4]) results.push(await sticky().upsert(`Attempt ${attempt}: canary at 50 %`));

    expect(results.map((r) => r.action)).toEqual(['created', 'updated', 'updated', 'updated']);
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect(ourComments()).toHaveLength(1);
    expect(ourComments()[0]?.body).toBe('<!-- elder:deploy:production -->\nAttempt 4: canary at 50 %');
    expect(ourComments()[0]?.user.login).toBe('github-actions[bot]');
    expect(results[0]?.url).toBe(`https://github.com/octo-org/service/issues/${PR}#issuecomment-${results[0]?.id}`);
    expect(fake.callsTo('POST', CREATE)).toHaveLength(1);
    expect(fake.callsTo('PATCH', UPDATE)).toHaveLength(3);
    expect(fake.violations).toEqual([]);
  });

  it('finds its comment on the second page among other comments', async () => {
    for (let i = 0; i < 130; i += 1) fake.addComment({ issueNumber: PR, body: `review chatter ${i}` });
    const first = await sticky().upsert('v1');
    for (let i = 0; i < 10; i += 1) fake.addComment({ issueNumber: PR, body: `more chatter ${i}` });
    for (const version of ['v2', 'v3', 'v4']) {
      const again = await sticky().upsert(version);
      expect(again).toMatchObject({ id: first.id, action: 'updated' });
    }
    // Two pages of 100 were read on each re-run.
    const listCalls = fake.callsTo('GET', CREATE);
    expect(listCalls.filter((c) => c.query.page === '2').length).toBeGreaterThanOrEqual(3);
    expect(ourComments()).toHaveLength(1);
    expect(fake.comments).toHaveLength(141);
    expect(fake.violations).toEqual([]);
  });

  it('keeps other phases and environments in their own comments', async () => {
    await sticky().upsert('deploy to production');
    await sticky({ environment: 'staging' }).upsert('deploy to staging');
    await sticky({ phase: 'quality-gate' }).upsert('gate');
    await sticky().upsert('deploy to production, again');
    expect(fake.comments.map((c) => c.body.split('\n')[0])).toEqual([
      '<!-- elder:deploy:production -->',
      '<!-- elder:deploy:staging -->',
      '<!-- elder:quality-gate:production -->',
    ]);
  });

  it("leaves a human's comment that quotes the marker alone", async () => {
    const human = fake.addComment({ issueNumber: PR, body: '<!-- elder:deploy:production -->\nhijack' });
    const mentioned = fake.addComment({
      issueNumber: PR,
      body: 'see <!-- elder:deploy:production --> above',
      user: GITHUB_ACTIONS_BOT,
    });
    const result = await sticky().upsert('real report');
    expect(result.action).toBe('created');
    expect(human.body).toBe('<!-- elder:deploy:production -->\nhijack');
    expect(mentioned.body).toBe('see <!-- elder:deploy:production --> above');
  });

  it('matches only the given login when one is configured (personal access tokens)', async () => {
    const mine = fake.addComment({
      issueNumber: PR,
      body: '<!-- elder:deploy:production -->\nold',
      user: { login: 'release-bot-user', id: 77, type: 'User' },
    });
    const result = await sticky({ authorLogin: 'release-bot-user' }).upsert('new');
    expect(result).toMatchObject({ id: mine.id, action: 'updated' });
    expect(mine.body).toBe('<!-- elder:deploy:production -->\nnew');
  });

  it('updates the newest of several marked comments left by a past race, leaving the others', async () => {
    const older = fake.addComment({
      issueNumber: PR,
      body: '<!-- elder:deploy:production -->\nrace A',
      user: GITHUB_ACTIONS_BOT,
    });
    const newer = fake.addComment({
      issueNumber: PR,
      body: '<!-- elder:deploy:production -->\nrace B',
      user: GITHUB_ACTIONS_BOT,
    });
    const result = await sticky().upsert('settled');
    expect(result.id).toBe(newer.id);
    expect(newer.body).toBe('<!-- elder:deploy:production -->\nsettled');
    expect(older.body).toBe('<!-- elder:deploy:production -->\nrace A');
    expect(fake.comments).toHaveLength(2);
  });

  it('skips the edit when nothing changed', async () => {
    await sticky().upsert('same');
    const again = await sticky().upsert('same');
    expect(again.action).toBe('unchanged');
    expect(fake.callsTo('PATCH', UPDATE)).toHaveLength(0);
  });

  it('caps the body at 65,536 characters', async () => {
    await sticky().upsert('🚀'.repeat(40_000));
    const body = ourComments()[0]?.body ?? '';
    expect(body.length).toBeLessThanOrEqual(65_536);
    expect(body).toMatch(/Truncated: GitHub allows 65,536 characters in a comment/);
    expect(body.startsWith('<!-- elder:deploy:production -->\n🚀')).toBe(true);
    expect(fake.violations).toEqual([]);
  });
});
