/**
 * The fake GitHub itself: it must refuse what GitHub refuses (or the suite's "every request is
 * valid" assertions prove nothing), answer in GitHub's shapes, paginate, and fail on demand.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeGitHub, OpenApiValidator } from '../../support/fake-github/index.js';

const SHA = '1234567890abcdef1234567890abcdef12345678';
const REPO = '/repos/octo-org/service';

async function send(
  fake: FakeGitHub,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  const response = await fetch(`${fake.url}${path}`, {
    method,
    headers: { authorization: 'token t', 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined,
  };
}

describe('fake GitHub', () => {
  let fake: FakeGitHub;
  beforeEach(async () => {
    fake = await FakeGitHub.start();
  });
  afterEach(async () => {
    await fake.close();
  });

  it('flags a request that breaks the OpenAPI description and answers 422 like GitHub', async () => {
    const response = await send(fake, 'POST', `${REPO}/check-runs`, { name: 'x', head_sha: SHA, status: 'done' });
    expect(response.status).toBe(422);
    expect(response.body?.message).toMatch(/^Invalid request\.\n\nFor 'properties\/status', "done" is not a member of/);
    expect(fake.violations).toHaveLength(1);
    expect(fake.violations[0]).toMatchObject({ kind: 'invalid-request', method: 'POST', path: `${REPO}/check-runs` });
    expect(fake.calls[0]).toMatchObject({ status: 422, valid: false, template: '/repos/{owner}/{repo}/check-runs' });
    expect(fake.checkRuns).toHaveLength(0);
  });

  it('flags a missing required field', async () => {
    const response = await send(fake, 'POST', `${REPO}/check-runs`, { name: 'x' });
    expect(response.status).toBe(422);
    expect(fake.violations[0]?.messages).toContain('"head_sha" wasn\'t supplied.');
  });

  it('flags unknown operations, misspelt body fields and unknown query parameters', async () => {
    expect((await send(fake, 'DELETE', `${REPO}/check-runs/1`)).status).toBe(404);
    await send(fake, 'POST', `${REPO}/check-runs`, { name: 'x', head_sha: SHA, externalId: 'typo' });
    await send(fake, 'GET', `${REPO}/issues/1/comments?perpage=100`);
    expect(fake.violations.map((v) => v.kind)).toEqual(['unknown-operation', 'unknown-field', 'unknown-field']);
    expect(fake.violations[1]?.messages).toEqual(['unknown body field "externalId"']);
    expect(fake.violations[2]?.messages).toEqual(['unknown query parameter "perpage"']);
  });

  it('flags path and query parameters of the wrong type', async () => {
    await send(fake, 'GET', `${REPO}/check-runs/not-a-number`);
    await send(fake, 'GET', `${REPO}/commits/${SHA}/check-runs?filter=newest`);
    expect(fake.violations.map((v) => v.kind)).toEqual(['invalid-request', 'invalid-request']);
  });

  it('refuses malformed JSON', async () => {
    const response = await send(fake, 'POST', `${REPO}/check-runs`, '{"name":');
    expect(response.status).toBe(400);
    expect(fake.violations[0]?.kind).toBe('malformed-json');
  });

  it('enforces the check run output limits with GitHub messages', async () => {
    const long = await send(fake, 'POST', `${REPO}/check-runs`, {
      name: 'x',
      head_sha: SHA,
      output: { title: 't', summary: 'a'.repeat(65_536) },
    });
    expect(long.status).toBe(422);
    expect(long.body?.message).toBe('Invalid request.\n\nOnly 65535 characters are allowed; 65536 were supplied.');

    // Under the character limit but over it in bytes: GitHub refuses that too.
    const wide = await send(fake, 'POST', `${REPO}/check-runs`, {
      name: 'x',
      head_sha: SHA,
      output: { title: 't', summary: 'é'.repeat(40_000) },
    });
    expect(wide.status).toBe(422);
    expect(JSON.stringify(wide.body)).toContain('summary exceeds a maximum bytesize of 65535');

    const annotation = { path: 'a.ts', start_line: 1, end_line: 1, annotation_level: 'warning', message: 'm' };
    const many = await send(fake, 'POST', `${REPO}/check-runs`, {
      name: 'x',
      head_sha: SHA,
      output: { title: 't', summary: 's', annotations: Array.from({ length: 51 }, () => annotation) },
    });
    expect(many.status).toBe(422);
    expect(many.body?.message).toBe('Invalid request.\n\nNo more than 50 items are allowed; 51 were supplied.');
    expect(fake.violations.map((v) => v.kind)).toEqual([
      'invalid-request',
      'rejected-by-github-rule',
      'invalid-request',
    ]);
  });

  it('appends annotations across updates as GitHub does', async () => {
    const annotation = (line: number) => ({
      path: 'a.ts',
      start_line: line,
      end_line: line,
      annotation_level: 'notice',
      message: `m${line}`,
    });
    const created = await send(fake, 'POST', `${REPO}/check-runs`, {
      name: 'x',
      head_sha: SHA,
      output: { title: 't', summary: 'one', annotations: [annotation(1)] },
    });
    const id = Number(created.body?.id);
    await send(fake, 'PATCH', `${REPO}/check-runs/${id}`, { output: { summary: 'two', annotations: [annotation(2)] } });
    expect(fake.checkRuns[0]?.annotations.map((a) => a.start_line)).toEqual([1, 2]);
    expect(fake.checkRuns[0]?.output.summary).toBe('two');
    const listed = await send(fake, 'GET', `${REPO}/check-runs/${id}`);
    expect(listed.body?.output).toMatchObject({ annotations_count: 2, summary: 'two', title: 't' });
    expect(fake.violations).toEqual([]);
  });

  it('limits comment bodies to 65,536 characters', async () => {
    const ok = await send(fake, 'POST', `${REPO}/issues/1/comments`, { body: 'x'.repeat(65_536) });
    expect(ok.status).toBe(201);
    const tooLong = await send(fake, 'POST', `${REPO}/issues/1/comments`, { body: 'x'.repeat(65_537) });
    expect(tooLong.status).toBe(422);
    expect(JSON.stringify(tooLong.body)).toContain('Body is too long (maximum is 65536 characters)');
    expect(fake.violations.map((v) => v.kind)).toEqual(['rejected-by-github-rule']);
  });

  it('paginates lists with Link headers', async () => {
    for (let i = 0; i < 45; i += 1) fake.addComment({ issueNumber: 3, body: `c${i}` });
    const first = await send(fake, 'GET', `${REPO}/issues/3/comments?per_page=20`);
    expect((first.body as unknown as unknown[]).length).toBe(20);
    const link = first.headers.get('link') ?? '';
    expect(link).toContain(`<${fake.url}${REPO}/issues/3/comments?per_page=20&page=2>; rel="next"`);
    expect(link).toContain('page=3>; rel="last"');
    const last = await send(fake, 'GET', `${REPO}/issues/3/comments?per_page=20&page=3`);
    expect((last.body as unknown as { body: string }[]).map((c) => c.body)).toEqual([
      'c40',
      'c41',
      'c42',
      'c43',
      'c44',
    ]);
    expect(fake.violations).toEqual([]);
  });

  it('answers every operation with a body valid against its 2xx schema', async () => {
    const validator = OpenApiValidator.shared();
    fake.addPullRequest({
      number: 7,
      headSha: SHA,
      files: [{ filename: 'src/a.ts', status: 'modified', additions: 3, deletions: 1, patch: '@@ -1 +1 @@' }],
    });
    fake.addPullRequest({ number: 8, headSha: SHA.replace('1', '2'), headRepository: 'someone/service' });
    fake.setBranchProtection({ owner: 'octo-org', repo: 'service' }, 'main', {
      url: `${fake.url}${REPO}/branches/main/protection`,
      enforce_admins: { url: `${fake.url}${REPO}/branches/main/protection/enforce_admins`, enabled: true },
    });
    const run = await send(fake, 'POST', `${REPO}/check-runs`, {
      name: 'x',
      head_sha: SHA,
      status: 'completed',
      conclusion: 'success',
      output: {
        title: 't',
        summary: 's',
        annotations: [
          { path: 'a.ts', start_line: 1, end_line: 1, annotation_level: 'failure', message: 'm', title: 'T' },
        ],
      },
    });
    const comment = await send(fake, 'POST', `${REPO}/issues/7/comments`, { body: 'hello' });
    const deployment = await send(fake, 'POST', `${REPO}/deployments`, {
      ref: SHA,
      environment: 'staging',
      required_contexts: [],
      payload: { v: 1 },
    });
    const ref = { owner: 'octo-org', repo: 'service' };
    const reviewer = { login: 'release-manager', id: 4242, type: 'User' as const };
    fake.seed.setSecurityAndAnalysis(ref, { secret_scanning: 'enabled', secret_scanning_push_protection: 'enabled' });
    const ruleset = fake.seed.addRuleset(ref, {
      name: 'protect main',
      rules: [
        { type: 'deletion' },
        { type: 'non_fast_forward' },
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
            required_status_checks: [{ context: 'elder / quality-gate' }],
            strict_required_status_checks_policy: false,
          },
        },
      ],
    });
    fake.seed.addEnvironment(ref, {
      name: 'production',
      reviewers: [reviewer],
      waitTimer: 5,
      deploymentBranchPolicy: { protected_branches: true, custom_branch_policies: false },
    });
    fake.seed.addDeployKey(ref, { title: 'ci', readOnly: false });
    fake.seed.addCollaborator(ref, { login: 'alice', role: 'admin' });
    fake.seed.addDependabotAlert(ref, { severity: 'critical', cveId: 'CVE-2024-0001' });
    fake.seed.addCodeScanningAlert(ref, { securitySeverity: 'high' });
    fake.seed.addSecretScanningAlert(ref, {});
    const base = fake.seed.addCommit(ref, { message: 'base', branch: 'main' });
    const samples: [string, string, unknown][] = [
      ['GET', '/rate_limit', undefined],
      ['GET', `${REPO}/rules/branches/main`, undefined],
      ['GET', `${REPO}/rulesets`, undefined],
      ['GET', `${REPO}/rulesets/${ruleset.id}`, undefined],
      ['GET', `${REPO}/environments`, undefined],
      ['GET', `${REPO}/environments/production`, undefined],
      ['GET', `${REPO}/keys`, undefined],
      ['GET', `${REPO}/collaborators?affiliation=direct&permission=admin`, undefined],
      ['GET', `${REPO}/dependabot/alerts?state=open`, undefined],
      ['GET', `${REPO}/code-scanning/alerts?state=open`, undefined],
      ['GET', `${REPO}/secret-scanning/alerts?state=open`, undefined],
      ['GET', `${REPO}/git/commits/${base.sha}`, undefined],
      ['POST', `${REPO}/git/commits`, { message: 'Revert "x"', tree: base.tree, parents: [base.sha] }],
      ['POST', `${REPO}/git/refs`, { ref: 'refs/heads/revert-x', sha: base.sha }],
      ['POST', `${REPO}/pulls`, { title: 'Revert x', head: 'revert-x', base: 'main', body: 'b' }],
      ['GET', `${REPO}/pulls?state=open&head=octo-org:revert-x`, undefined],
      ['GET', REPO, undefined],
      ['GET', `${REPO}/branches/main/protection`, undefined],
      ['PATCH', `${REPO}/check-runs/${String(run.body?.id)}`, { output: { summary: 's2' } }],
      ['GET', `${REPO}/check-runs/${String(run.body?.id)}`, undefined],
      ['GET', `${REPO}/check-runs/${String(run.body?.id)}/annotations`, undefined],
      ['GET', `${REPO}/commits/${SHA}/check-runs`, undefined],
      ['GET', `${REPO}/issues/7/comments`, undefined],
      ['PATCH', `${REPO}/issues/comments/${String(comment.body?.id)}`, { body: 'edited' }],
      [
        'POST',
        `${REPO}/deployments/${String(deployment.body?.id)}/statuses`,
        { state: 'success', environment_url: 'https://staging.example.com', log_url: 'https://example.com/log' },
      ],
      ['GET', `${REPO}/deployments/${String(deployment.body?.id)}/statuses`, undefined],
      ['GET', `${REPO}/deployments?environment=staging`, undefined],
      ['POST', `${REPO}/issues`, { title: 'Drill failed', body: 'b', labels: ['elder'] }],
      ['GET', `${REPO}/issues?state=all`, undefined],
      ['GET', `${REPO}/pulls/7`, undefined],
      ['GET', `${REPO}/pulls/8`, undefined],
      ['GET', `${REPO}/pulls/7/files`, undefined],
      ['POST', `${REPO}/statuses/${SHA}`, { state: 'success', context: 'elder', target_url: 'https://example.com' }],
    ];
    const responses = [run, comment, deployment];
    for (const [method, path, body] of samples) responses.push(await send(fake, method, path, body));
    expect(responses.map((r) => r.status).every((s) => s >= 200 && s < 300)).toBe(true);

    // Every operation of the subset was exercised, and each answer matches its schema.
    const templates = new Set(fake.calls.map((c) => `${c.method} ${c.template}`));
    for (const op of fake.openApi.operations) expect(templates).toContain(`${op.method} ${op.path}`);
    fake.calls.forEach((call, i) => {
      const matched = validator.match(call.method, call.path);
      expect(matched, call.path).toBeDefined();
      if (matched)
        expect(validator.validateResponse(matched.operation, call.status, responses[i]?.body), call.path).toEqual([]);
    });
    expect(fake.violations).toEqual([]);
    expect(comment.body?.html_url).toBe(
      `https://github.com/octo-org/service/pull/7#issuecomment-${String(comment.body?.id)}`,
    );
    expect(run.body?.html_url).toBe(`https://github.com/octo-org/service/runs/${String(run.body?.id)}`);
  });

  it('catches a response that does not match the schema (the response check can fail)', () => {
    const validator = OpenApiValidator.shared();
    const matched = validator.match('GET', `${REPO}/check-runs/1`);
    expect(matched).toBeDefined();
    if (!matched) return;
    expect(validator.validateResponse(matched.operation, 200, { id: 'one' })).not.toEqual([]);
  });

  it('injects faults a given number of times, then recovers', async () => {
    const fault = fake.inject({
      method: 'GET',
      path: '/rate_limit',
      times: 2,
      fault: { kind: 'server-error', status: 502 },
    });
    expect((await send(fake, 'GET', '/rate_limit')).status).toBe(502);
    expect((await send(fake, 'GET', '/rate_limit')).status).toBe(502);
    expect((await send(fake, 'GET', '/rate_limit')).status).toBe(200);
    expect(fault).toMatchObject({ hits: 2, remaining: 0 });
    expect(fake.calls.map((c) => c.fault)).toEqual(['server-error', 'server-error', undefined]);
  });

  it('injects rate limits with the headers Octokit reads', async () => {
    fake.inject({ path: /check-runs/, fault: { kind: 'secondary-rate-limit' } });
    fake.inject({ path: '/repos/{owner}/{repo}/check-runs', fault: { kind: 'primary-rate-limit', status: 429 } });
    const secondary = await send(fake, 'POST', `${REPO}/check-runs`, { name: 'x', head_sha: SHA });
    expect(secondary.status).toBe(403);
    expect(secondary.headers.get('retry-after')).toBe('1');
    expect(secondary.body?.message).toMatch(/You have exceeded a secondary rate limit/);
    const primary = await send(fake, 'POST', `${REPO}/check-runs`, { name: 'x', head_sha: SHA });
    expect(primary.status).toBe(429);
    expect(primary.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(Number(primary.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000);
  });

  it('refuses every write with a read-only token, naming the permission', async () => {
    fake.readOnly = true;
    const write = await send(fake, 'POST', `${REPO}/check-runs`, { name: 'x', head_sha: SHA });
    expect(write.status).toBe(403);
    expect(write.body?.message).toBe('Resource not accessible by integration');
    expect(write.headers.get('x-accepted-github-permissions')).toBe('checks=write');
    expect((await send(fake, 'GET', `${REPO}/commits/${SHA}/check-runs`)).status).toBe(200);
    expect(fake.checkRuns).toEqual([]);
    expect(fake.violations).toEqual([]);
  });

  it('refuses a deployment while checks are pending unless required_contexts is given', async () => {
    await send(fake, 'POST', `${REPO}/check-runs`, {
      name: 'elder / deploy (production)',
      head_sha: SHA,
      status: 'in_progress',
    });
    const refused = await send(fake, 'POST', `${REPO}/deployments`, { ref: SHA, environment: 'production' });
    expect(refused.status).toBe(409);
    const created = await send(fake, 'POST', `${REPO}/deployments`, {
      ref: SHA,
      environment: 'production',
      required_contexts: [],
    });
    expect(created.status).toBe(201);
  });

  it('serves under a GHES-style prefix', async () => {
    const ghes = await FakeGitHub.start({ pathPrefix: '/api/v3', serverUrl: 'https://ghes.example.com' });
    try {
      expect(ghes.url).toMatch(/\/api\/v3$/);
      const response = await send(ghes, 'POST', `${REPO}/issues/1/comments`, { body: 'hi' });
      expect(response.body?.html_url).toMatch(
        /^https:\/\/ghes\.example\.com\/octo-org\/service\/issues\/1#issuecomment-/,
      );
      expect(response.body?.url).toMatch(new RegExp(`^${ghes.url}/repos/`));
      expect((await fetch(`${ghes.url.replace('/api/v3', '')}/rate_limit`)).status).toBe(404);
      expect(ghes.violations.map((v) => v.kind)).toEqual(['unknown-operation']);
    } finally {
      await ghes.close();
    }
  });
});
