/**
 * Git data (commits and refs) and pull request creation/listing: what a deploy needs to open a
 * revert pull request (read the bad commit, write a commit that restores its parent's tree, point
 * a new branch at it, open the pull request, and first look for one it opened earlier).
 */
import { errorResponse, notFound, validationFailed } from '../github-errors.js';
import { json, type HandlerContext, type HandlerResult, type HandlerTable } from '../handler-context.js';
import type { CommitRecord, GitPerson } from '../git-state.js';
import { paginate } from '../pagination.js';
import { fakeSha, pullRequestJson } from '../resources.js';
import { gitCommitJson, gitRefJson } from '../settings-resources.js';
import { sameRepo, type PullRequestRecord } from '../state.js';

function getCommit(ctx: HandlerContext): HandlerResult {
  const commit = ctx.state.git.commit(ctx.repo, ctx.params.commit_sha ?? '');
  return commit ? json(200, ctx.conform(gitCommitJson(ctx.urls, commit))) : notFound();
}

function person(value: unknown, fallback: GitPerson): GitPerson {
  if (!value || typeof value !== 'object') return fallback;
  const v = value as Record<string, unknown>;
  return {
    name: typeof v.name === 'string' ? v.name : fallback.name,
    email: typeof v.email === 'string' ? v.email : fallback.email,
    date: typeof v.date === 'string' ? v.date : fallback.date,
  };
}

function createCommit(ctx: HandlerContext): HandlerResult {
  const { body } = ctx;
  const parents = Array.isArray(body.parents) ? body.parents.map(String) : [];
  const missing = parents.find((sha) => !ctx.state.git.commit(ctx.repo, sha));
  if (missing) {
    const because = `Parent SHA ${missing} does not exist or is not a commit object`;
    return { ...errorResponse(422, because), rejectedBecause: because };
  }
  const identity: GitPerson = {
    name: ctx.identity.login,
    email: `${ctx.identity.id}+${ctx.identity.login}@users.noreply.github.com`,
    date: ctx.now,
  };
  const author = person(body.author, identity);
  const commit: CommitRecord = {
    ...ctx.repo,
    sha: '',
    message: String(body.message),
    tree: String(body.tree),
    parents,
    author,
    committer: person(body.committer, author),
    verified: typeof body.signature === 'string',
  };
  commit.sha = fakeSha(JSON.stringify([commit.message, commit.tree, parents, author, ctx.callCount]));
  ctx.state.git.putCommit(commit);
  return json(201, ctx.conform(gitCommitJson(ctx.urls, commit)));
}

function createRef(ctx: HandlerContext): HandlerResult {
  const name = String(ctx.body.ref);
  const sha = String(ctx.body.sha).toLowerCase();
  if (!name.startsWith('refs/') || name.split('/').length < 3) {
    const because = `Reference name "${name}" must start with 'refs/' and have at least two slashes`;
    return { ...errorResponse(422, because), rejectedBecause: because };
  }
  if (!ctx.state.git.commit(ctx.repo, sha)) return errorResponse(422, 'Object does not exist');
  const refs = ctx.state.git.refsOf(ctx.repo);
  if (refs.has(name)) return errorResponse(422, 'Reference already exists');
  refs.set(name, sha);
  return json(201, ctx.conform(gitRefJson(ctx.urls, ctx.repo, name, sha)));
}

/** `owner:branch` or `branch` → branch. */
function branchOf(head: string): { owner?: string; branch: string } {
  const at = head.indexOf(':');
  return at < 0 ? { branch: head } : { owner: head.slice(0, at), branch: head.slice(at + 1) };
}

function createPull(ctx: HandlerContext): HandlerResult {
  const head = branchOf(String(ctx.body.head));
  const base = String(ctx.body.base);
  const headSha = ctx.state.git.branchSha(ctx.repo, head.branch);
  const baseSha = ctx.state.git.branchSha(ctx.repo, base);
  if (!headSha) return validationFailed('PullRequest', 'head', 'invalid', `head ${head.branch} does not exist`);
  if (!baseSha) return validationFailed('PullRequest', 'base', 'invalid', `base ${base} does not exist`);
  const duplicate = ctx.state.pullRequests.find(
    (p) => sameRepo(p, ctx.repo) && p.state === 'open' && p.headRef === head.branch && p.baseRef === base,
  );
  if (duplicate) {
    return validationFailed(
      'PullRequest',
      'head',
      'custom',
      `A pull request already exists for ${ctx.repo.owner}:${head.branch}.`,
    );
  }
  const record: PullRequestRecord = {
    ...ctx.repo,
    id: ctx.state.newId(),
    number: ctx.state.nextIssueNumber(ctx.repo),
    title: typeof ctx.body.title === 'string' ? ctx.body.title : head.branch,
    body: typeof ctx.body.body === 'string' ? ctx.body.body : null,
    state: 'open',
    draft: ctx.body.draft === true,
    headSha,
    headRef: head.branch,
    headRepository: `${ctx.repo.owner}/${ctx.repo.repo}`,
    baseRef: base,
    baseSha,
    user: ctx.identity,
    files: [],
    createdAt: ctx.now,
  };
  ctx.state.pullRequests.push(record);
  return json(201, ctx.conform(pullRequestJson(ctx.urls, record, ctx.state.repository(ctx.repo))));
}

function listPulls(ctx: HandlerContext): HandlerResult {
  const state = ctx.query.get('state') ?? 'open';
  const head = ctx.query.get('head');
  const base = ctx.query.get('base');
  const wantedHead = head ? branchOf(head) : undefined;
  const pulls = ctx.state.pullRequests
    .filter((p) => sameRepo(p, ctx.repo))
    .filter((p) => state === 'all' || p.state === state)
    .filter((p) => !base || p.baseRef === base)
    .filter(
      (p) =>
        !wantedHead ||
        (p.headRef === wantedHead.branch &&
          (!wantedHead.owner || p.headRepository.split('/')[0]?.toLowerCase() === wantedHead.owner.toLowerCase())),
    )
    .sort((a, b) => b.number - a.number);
  const page = paginate(pulls, ctx.query, ctx.selfUrl);
  const repository = ctx.state.repository(ctx.repo);
  return json(
    200,
    ctx.conform(page.items.map((p) => pullRequestJson(ctx.urls, p, repository))),
    page.link ? { link: page.link } : undefined,
  );
}

export const gitDataHandlers: HandlerTable = {
  'GET /repos/{owner}/{repo}/git/commits/{commit_sha}': getCommit,
  'POST /repos/{owner}/{repo}/git/commits': createCommit,
  'POST /repos/{owner}/{repo}/git/refs': createRef,
  'POST /repos/{owner}/{repo}/pulls': createPull,
  'GET /repos/{owner}/{repo}/pulls': listPulls,
};
