/**
 * Read-mostly repository operations: the repository itself, pull requests and their files,
 * branch protection, commit statuses and the rate limit. Pull requests and protection exist
 * only when a test seeds them, as they would only exist on GitHub when someone made them.
 */
import { errorResponse, notFound } from '../github-errors.js';
import { integerParam, json, type HandlerContext, type HandlerResult, type HandlerTable } from '../handler-context.js';
import { paginate } from '../pagination.js';
import { commitStatusJson, pullRequestFileJson, pullRequestJson, rateLimitJson, repositoryJson } from '../resources.js';
import { sameRepo, type CommitStatusRecord } from '../state.js';

/** GitHub lists at most 3,000 files of a pull request. */
const PULL_FILES_LIMIT = 3000;

function getRepository(ctx: HandlerContext): HandlerResult {
  return json(200, ctx.conform(repositoryJson(ctx.urls, ctx.state.repository(ctx.repo))));
}

function findPull(ctx: HandlerContext) {
  const number = integerParam(ctx, 'pull_number');
  return ctx.state.pullRequests.find((p) => p.number === number && sameRepo(p, ctx.repo));
}

function getPull(ctx: HandlerContext): HandlerResult {
  const pull = findPull(ctx);
  if (!pull) return notFound();
  return json(200, ctx.conform(pullRequestJson(ctx.urls, pull, ctx.state.repository(ctx.repo))));
}

function listPullFiles(ctx: HandlerContext): HandlerResult {
  const pull = findPull(ctx);
  if (!pull) return notFound();
  const page = paginate(pull.files.slice(0, PULL_FILES_LIMIT), ctx.query, ctx.selfUrl);
  return json(
    200,
    page.items.map((f) => pullRequestFileJson(ctx.urls, pull, f)),
    page.link ? { link: page.link } : undefined,
  );
}

function getBranchProtection(ctx: HandlerContext): HandlerResult {
  const key = `${ctx.repo.owner}/${ctx.repo.repo}:${ctx.params.branch ?? ''}`.toLowerCase();
  const protection = ctx.state.branchProtection.get(key);
  return protection ? json(200, ctx.conform(protection)) : errorResponse(404, 'Branch not protected');
}

function createCommitStatus(ctx: HandlerContext): HandlerResult {
  const { body } = ctx;
  const status: CommitStatusRecord = {
    ...ctx.repo,
    id: ctx.state.newId(),
    sha: String(ctx.params.sha).toLowerCase(),
    state: String(body.state),
    context: typeof body.context === 'string' ? body.context : 'default',
    description: typeof body.description === 'string' ? body.description : null,
    targetUrl: typeof body.target_url === 'string' ? body.target_url : null,
    creator: ctx.identity,
    createdAt: ctx.now,
  };
  ctx.state.commitStatuses.push(status);
  return json(201, commitStatusJson(ctx.urls, status));
}

function getRateLimit(ctx: HandlerContext): HandlerResult {
  const reset = Math.ceil(Date.parse(ctx.now) / 1000) + 3600;
  return json(200, rateLimitJson(Math.max(0, 5000 - ctx.callCount), reset));
}

export const repositoryHandlers: HandlerTable = {
  'GET /repos/{owner}/{repo}': getRepository,
  'GET /repos/{owner}/{repo}/pulls/{pull_number}': getPull,
  'GET /repos/{owner}/{repo}/pulls/{pull_number}/files': listPullFiles,
  'GET /repos/{owner}/{repo}/branches/{branch}/protection': getBranchProtection,
  'POST /repos/{owner}/{repo}/statuses/{sha}': createCommitStatus,
  'GET /rate_limit': getRateLimit,
};
