/**
 * Deployments and deployment statuses, including the two GitHub behaviours that surprise
 * people: with `required_contexts` left out, every status check on the commit must have
 * passed (else 409), and a `success` status marks earlier deployments to the same
 * non-production, non-transient environment `inactive` unless `auto_inactive` is false.
 */
import { notFound } from '../github-errors.js';
import { integerParam, json, type HandlerContext, type HandlerResult, type HandlerTable } from '../handler-context.js';
import { paginate } from '../pagination.js';
import { deploymentJson, deploymentStatusJson, fakeSha } from '../resources.js';
import { sameRepo, type DeploymentRecord, type DeploymentStatusRecord } from '../state.js';

const SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/i;

function resolveSha(ctx: HandlerContext, ref: string): string {
  if (SHA.test(ref)) return ref.toLowerCase();
  const branch = ref.replace(/^refs\/heads\//, '');
  const pull = ctx.state.pullRequests.find((p) => sameRepo(p, ctx.repo) && p.headRef === branch);
  return pull?.headSha ?? fakeSha(`${ctx.repo.owner}/${ctx.repo.repo}:${branch}`);
}

/** Names of check runs and commit statuses on the commit that have not succeeded. */
function unmetContexts(ctx: HandlerContext, sha: string): string[] {
  const checks = ctx.state.checkRuns
    .filter((r) => sameRepo(r, ctx.repo) && r.headSha === sha)
    .filter((r) => r.status !== 'completed' || !['success', 'neutral', 'skipped'].includes(r.conclusion ?? ''))
    .map((r) => r.name);
  const statuses = ctx.state.commitStatuses
    .filter((s) => sameRepo(s, ctx.repo) && s.sha === sha && s.state !== 'success')
    .map((s) => s.context);
  return [...new Set([...checks, ...statuses])];
}

function findDeployment(ctx: HandlerContext): DeploymentRecord | undefined {
  const id = integerParam(ctx, 'deployment_id');
  return ctx.state.deployments.find((d) => d.id === id && sameRepo(d, ctx.repo));
}

function create(ctx: HandlerContext): HandlerResult {
  const { body } = ctx;
  const ref = String(body.ref);
  const sha = resolveSha(ctx, ref);
  const requiredContexts = Array.isArray(body.required_contexts) ? body.required_contexts.map(String) : undefined;
  const unmet =
    requiredContexts === undefined
      ? unmetContexts(ctx, sha)
      : unmetContexts(ctx, sha).filter((c) => requiredContexts.includes(c));
  if (unmet.length > 0) {
    return json(409, {
      message: `Conflict: Commit status checks failed for ${ref}.`,
      errors: [
        {
          contexts: unmet.map((context) => ({ context, state: 'pending' })),
          resource: 'Deployment',
          field: 'required_contexts',
          code: 'invalid',
        },
      ],
      documentation_url: 'https://docs.github.com/rest/deployments/deployments#create-a-deployment',
      status: '409',
    });
  }
  const environment = typeof body.environment === 'string' ? body.environment : 'production';
  const deployment: DeploymentRecord = {
    ...ctx.repo,
    id: ctx.state.newId(),
    ref,
    sha,
    task: typeof body.task === 'string' ? body.task : 'deploy',
    environment,
    description: typeof body.description === 'string' ? body.description : body.description === null ? null : '',
    payload: body.payload ?? {},
    transientEnvironment: body.transient_environment === true,
    productionEnvironment:
      typeof body.production_environment === 'boolean' ? body.production_environment : environment === 'production',
    requiredContexts,
    autoMerge: body.auto_merge !== false,
    creator: ctx.identity,
    createdAt: ctx.now,
    statuses: [],
  };
  ctx.state.deployments.push(deployment);
  return json(201, deploymentJson(ctx.urls, deployment));
}

function list(ctx: HandlerContext): HandlerResult {
  const filters = ['sha', 'ref', 'task', 'environment'] as const;
  const deployments = ctx.state.deployments
    .filter((d) => sameRepo(d, ctx.repo))
    .filter((d) =>
      filters.every((name) => {
        const wanted = ctx.query.get(name);
        return wanted === null || wanted === 'none' || d[name] === wanted;
      }),
    )
    .sort((a, b) => b.id - a.id);
  const page = paginate(deployments, ctx.query, ctx.selfUrl);
  return json(
    200,
    page.items.map((d) => deploymentJson(ctx.urls, d)),
    page.link ? { link: page.link } : undefined,
  );
}

function addStatus(
  ctx: HandlerContext,
  deployment: DeploymentRecord,
  state: string,
  fields: Partial<DeploymentStatusRecord>,
) {
  const status: DeploymentStatusRecord = {
    id: ctx.state.newId(),
    state,
    description: fields.description ?? '',
    environment: deployment.environment,
    environmentUrl: fields.environmentUrl ?? '',
    logUrl: fields.logUrl ?? '',
    targetUrl: fields.targetUrl ?? fields.logUrl ?? '',
    creator: ctx.identity,
    createdAt: ctx.now,
  };
  deployment.statuses.push(status);
  return status;
}

function createStatus(ctx: HandlerContext): HandlerResult {
  const deployment = findDeployment(ctx);
  if (!deployment) return notFound();
  const { body } = ctx;
  if (typeof body.environment === 'string') deployment.environment = body.environment;
  const state = String(body.state);
  const logUrl =
    typeof body.log_url === 'string' ? body.log_url : typeof body.target_url === 'string' ? body.target_url : '';
  const status = addStatus(ctx, deployment, state, {
    description: typeof body.description === 'string' ? body.description : '',
    environmentUrl: typeof body.environment_url === 'string' ? body.environment_url : '',
    logUrl,
    targetUrl: logUrl,
  });
  if (state === 'success' && body.auto_inactive !== false) {
    for (const earlier of ctx.state.deployments) {
      if (earlier === deployment || !sameRepo(earlier, deployment) || earlier.environment !== deployment.environment)
        continue;
      if (earlier.transientEnvironment || earlier.productionEnvironment) continue;
      if (earlier.statuses.at(-1)?.state === 'success') addStatus(ctx, earlier, 'inactive', {});
    }
  }
  return json(201, deploymentStatusJson(ctx.urls, deployment, status));
}

function listStatuses(ctx: HandlerContext): HandlerResult {
  const deployment = findDeployment(ctx);
  if (!deployment) return notFound();
  const statuses = [...deployment.statuses].sort((a, b) => b.id - a.id);
  const page = paginate(statuses, ctx.query, ctx.selfUrl);
  return json(
    200,
    page.items.map((s) => deploymentStatusJson(ctx.urls, deployment, s)),
    page.link ? { link: page.link } : undefined,
  );
}

export const deploymentHandlers: HandlerTable = {
  'POST /repos/{owner}/{repo}/deployments': create,
  'GET /repos/{owner}/{repo}/deployments': list,
  'POST /repos/{owner}/{repo}/deployments/{deployment_id}/statuses': createStatus,
  'GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses': listStatuses,
};
