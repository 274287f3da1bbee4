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
import { repositoryPermissionsFor, seesSecurityAndAnalysis } from '../token-access.js';

/** GitHub lists at most 3,000 files of a pull request. */
const PULL_FILES_LIMIT = 3000;

/** Features GitHub lists in `security_and_analysis`; those a test did not enable are `disabled`. */
const SECURITY_FEATURES = [
  'advanced_security',
  'dependabot_security_updates',
  'secret_scanning',
  'secret_scanning_push_protection',
  'secret_scanning_non_provider_patterns',
];

function getRepository(ctx: HandlerContext): HandlerResult {
  const settings = ctx.state.repository(ctx.repo);
  const body = repositoryJson(ctx.urls, settings);
  // Only user tokens get a `permissions` hash, and only admins see `security_and_analysis`.
  const permissions = repositoryPermissionsFor(ctx.token);
  if (permissions) body.permissions = permissions;
  else delete body.permissions;
  if (seesSecurityAndAnalysis(ctx.token)) {
    body.security_and_analysis = Object.fromEntries(
      SECURITY_FEATURES.map((name) => [name, { status: settings.securityAndAnalysis[name]?.status ?? 'disabled' }]),
    );
  }
  return json(200, ctx.conform({ ...body, ...settings.extra }));
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
