/**
 * The fake GitHub's token model, settings, and git data: tokens of different kinds answer as
 * GitHub does, rulesets apply to the branches they name, and a revert pull request can be made
 * from seeded commits.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeGitHub, TOKENS } from '../../support/fake-github/index.js';

const REPO = '/repos/octo-org/service';
const ref = { owner: 'octo-org', repo: 'service' };

async function send(fake: FakeGitHub, method: string, path: string, body?: unknown) {
  const response = await fetch(`${fake.url}${path}`, {
    method,
    headers: { authorization: 'token t', 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as unknown) : undefined };
}

const field = (value: unknown, name: string) => (value as Record<string, unknown> | undefined)?.[name];

describe('fake GitHub tokens', () => {
  let fake: FakeGitHub;
  beforeEach(async () => {
    fake = await FakeGitHub.start();
  });
  afterEach(async () => {
    await fake.close();
  });

  it('an installation token without a permission gets 403 naming it; metadata is implied', async () => {
    fake.token = TOKENS.githubToken({ contents: 'read' });
    const keys = await send(fake, 'GET', `${REPO}/keys`);
    expect(keys.status).toBe(403);
    expect(field(keys.body, 'message')).toBe('Resource not accessible by integration');
    expect(keys.headers.get('x-accepted-github-permissions')).toBe('administration=read');
    expect((await send(fake, 'GET', `${REPO}/rules/branches/main`)).status).toBe(200);
    const ref403 = await send(fake, 'POST', `${REPO}/git/refs`, { ref: 'refs/heads/x', sha: 'a'.repeat(40) });
    expect(ref403.headers.get('x-accepted-github-permissions')).toBe('contents=write');
    fake.token = TOKENS.githubToken({ administration: 'read' });
    expect((await send(fake, 'GET', `${REPO}/keys`)).status).toBe(200);
    expect(fake.violations).toEqual([]);
  });

  it('user tokens follow the role: 404 for admin-only resources, 403 for collaborators without push', async () => {
    fake.setBranchProtection(ref, 'main', { url: 'https://example.invalid/p' });
    fake.token = { kind: 'user', role: 'read' };
    const protection = await send(fake, 'GET', `${REPO}/branches/main/protection`);
    expect([protection.status, field(protection.body, 'message')]).toEqual([404, 'Not Found']);
    const collaborators = await send(fake, 'GET', `${REPO}/collaborators`);
    expect([collaborators.status, field(collaborators.body, 'message')]).toEqual([
      403,
      'Must have push access to view repository collaborators.',
    ]);
    fake.token = { kind: 'user', role: 'write' };
    expect((await send(fake, 'GET', `${REPO}/collaborators`)).status).toBe(200);
    fake.token = TOKENS.admin;
    expect((await send(fake, 'GET', `${REPO}/branches/main/protection`)).status).toBe(200);
  });

  it('GET repository: permissions for user tokens only, security_and_analysis for admins only', async () => {
    fake.seed.setSecurityAndAnalysis(ref, { secret_scanning: 'enabled' });
    fake.token = TOKENS.admin;
    const admin = (await send(fake, 'GET', REPO)).body;
    expect(field(admin, 'permissions')).toEqual({ admin: true, maintain: true, push: true, triage: true, pull: true });
    expect(field(field(admin, 'security_and_analysis'), 'secret_scanning')).toEqual({ status: 'enabled' });
    fake.token = TOKENS.githubToken({ contents: 'write' });
    const bot = (await send(fake, 'GET', REPO)).body;
    expect(field(bot, 'permissions')).toBeUndefined();
    expect(field(bot, 'security_and_analysis')).toBeUndefined();
    expect(fake.violations).toEqual([]);
  });
});

describe('fake GitHub settings', () => {
  let fake: FakeGitHub;
  beforeEach(async () => {
    fake = await FakeGitHub.start();
  });
  afterEach(async () => {
    await fake.close();
  });

  it('applies only active branch rulesets whose patterns name the branch', async () => {
    fake.seed.addRuleset(ref, { name: 'default', rules: [{ type: 'deletion' }] });
    fake.seed.addRuleset(ref, {
      name: 'releases',
      rules: [{ type: 'non_fast_forward' }],
      include: ['refs/heads/release/*'],
    });
    fake.seed.addRuleset(ref, { name: 'trial', rules: [{ type: 'required_signatures' }], enforcement: 'evaluate' });
    const types = async (branch: string) =>
      (
        (await send(fake, 'GET', `${REPO}/rules/branches/${encodeURIComponent(branch)}`)).body as { type: string }[]
      ).map((r) => r.type);
    expect(await types('main')).toEqual(['deletion']);
    expect(await types('release/1.2')).toEqual(['non_fast_forward']);
    expect(((await send(fake, 'GET', `${REPO}/rulesets`)).body as unknown[]).length).toBe(3);
  });

  it('hides ruleset bypass actors from tokens that may not edit rulesets', async () => {
    const ruleset = fake.seed.addRuleset(ref, {
      name: 'r',
      rules: [{ type: 'deletion' }],
      bypassActors: [{ actor_id: 5, actor_type: 'RepositoryRole', bypass_mode: 'always' }],
    });
    fake.token = TOKENS.admin;
    expect(field((await send(fake, 'GET', `${REPO}/rulesets/${ruleset.id}`)).body, 'bypass_actors')).toHaveLength(1);
    fake.token = TOKENS.metadataOnly;
    expect(field((await send(fake, 'GET', `${REPO}/rulesets/${ruleset.id}`)).body, 'bypass_actors')).toBeUndefined();
  });

  it('filters collaborators by affiliation and by at-least permission', async () => {
    fake.seed.addCollaborator(ref, { login: 'a', role: 'admin' });
    fake.seed.addCollaborator(ref, { login: 'b', role: 'admin', affiliation: 'team' });
    fake.seed.addCollaborator(ref, { login: 'c', role: 'write', affiliation: 'outside' });
    const logins = async (query: string) =>
      ((await send(fake, 'GET', `${REPO}/collaborators?${query}`)).body as { login: string }[]).map((c) => c.login);
    expect(await logins('affiliation=direct')).toEqual(['a', 'c']);
    expect(await logins('permission=admin')).toEqual(['a', 'b']);
    expect(await logins('affiliation=outside&permission=push')).toEqual(['c']);
  });
});

describe('fake GitHub git data and a revert pull request', () => {
  let fake: FakeGitHub;
  beforeEach(async () => {
    fake = await FakeGitHub.start({ token: TOKENS.githubToken({ contents: 'write', pull_requests: 'write' }) });
  });
  afterEach(async () => {
    await fake.close();
  });

  it('reads a commit, writes its revert, branches, and opens (and finds) the pull request', async () => {
    const good = fake.seed.addCommit(ref, { message: 'good' });
    const bad = fake.seed.addCommit(ref, { message: 'bad', parents: [good.sha], branch: 'main' });
    const read = await send(fake, 'GET', `${REPO}/git/commits/${bad.sha}`);
    expect(field(read.body, 'parents')).toEqual([expect.objectContaining({ sha: good.sha })]);
    const revert = await send(fake, 'POST', `${REPO}/git/commits`, {
      message: `Revert "bad"\n\nThis reverts commit ${bad.sha}.`,
      tree: good.tree,
      parents: [bad.sha],
    });
    expect(revert.status).toBe(201);
    const revertSha = String(field(revert.body, 'sha'));
    expect(fake.state.git.commit(ref, revertSha)?.tree).toBe(good.tree);
    const branch = await send(fake, 'POST', `${REPO}/git/refs`, { ref: 'refs/heads/elder/revert-1', sha: revertSha });
    expect(branch.status).toBe(201);
    expect(
      (await send(fake, 'POST', `${REPO}/git/refs`, { ref: 'refs/heads/elder/revert-1', sha: revertSha })).status,
    ).toBe(422);
    const pull = await send(fake, 'POST', `${REPO}/pulls`, {
      title: 'Revert bad',
      head: 'elder/revert-1',
      base: 'main',
    });
    expect(pull.status).toBe(201);
    expect(field(field(pull.body, 'head'), 'sha')).toBe(revertSha);
    const again = await send(fake, 'POST', `${REPO}/pulls`, {
      title: 'Revert bad',
      head: 'elder/revert-1',
      base: 'main',
    });
    expect(again.status).toBe(422);
    const found = await send(fake, 'GET', `${REPO}/pulls?state=open&head=octo-org:elder/revert-1&base=main`);
    expect((found.body as unknown[]).map((p) => field(p, 'number'))).toEqual([field(pull.body, 'number')]);
    expect(((await send(fake, 'GET', `${REPO}/pulls?head=octo-org:other`)).body as unknown[]).length).toBe(0);
    expect(fake.pullRequests).toHaveLength(1);
    expect(fake.violations).toEqual([]);
  });

  it('refuses a commit whose parent does not exist, and records the violation', async () => {
    const response = await send(fake, 'POST', `${REPO}/git/commits`, {
      message: 'm',
      tree: 'a'.repeat(40),
      parents: ['b'.repeat(40)],
    });
    expect(response.status).toBe(422);
    expect(fake.violations.map((v) => v.kind)).toEqual(['rejected-by-github-rule']);
  });

  it('a token without pull_requests: write cannot open the pull request', async () => {
    fake.token = TOKENS.githubToken({ contents: 'write' });
    fake.seed.addCommit(ref, { message: 'base', branch: 'main' });
    const response = await send(fake, 'POST', `${REPO}/pulls`, { head: 'main', base: 'main' });
    expect(response.status).toBe(403);
    expect(response.headers.get('x-accepted-github-permissions')).toBe('pull_requests=write');
  });
});
