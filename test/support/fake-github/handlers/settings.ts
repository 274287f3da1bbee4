/**
 * Repository settings a compliance audit reads: the rules that apply to a branch, rulesets,
 * environments and their protection rules, deploy keys and collaborators.
 */
import { errorResponse, notFound } from '../github-errors.js';
import { integerParam, json, type HandlerContext, type HandlerResult, type HandlerTable } from '../handler-context.js';
import { paginate } from '../pagination.js';
import {
  collaboratorJson,
  deployKeyJson,
  environmentJson,
  rulesetJson,
  rulesetSummaryJson,
} from '../settings-resources.js';
import { rulesetAppliesTo } from '../settings-state.js';
import { tokenAllows } from '../token-access.js';

function listed(ctx: HandlerContext, items: unknown[]): HandlerResult {
  const page = paginate(items, ctx.query, ctx.selfUrl);
  return json(200, ctx.conform(page.items), page.link ? { link: page.link } : undefined);
}

function getBranchRules(ctx: HandlerContext): HandlerResult {
  const branch = ctx.params.branch ?? '';
  const { defaultBranch } = ctx.state.repository(ctx.repo);
  const rules = ctx.state.settings.rulesets
    .of(ctx.repo)
    .filter((r) => rulesetAppliesTo(r, branch, defaultBranch))
    .flatMap((r) =>
      r.rules.map((rule) => ({
        type: rule.type,
        ...(rule.parameters ? { parameters: rule.parameters } : {}),
        ruleset_source_type: 'Repository',
        ruleset_source: `${r.owner}/${r.repo}`,
        ruleset_id: r.id,
      })),
    );
  return listed(ctx, rules);
}

function listRulesets(ctx: HandlerContext): HandlerResult {
  const targets = ctx.query.get('targets')?.split(',') ?? null;
  const rulesets = ctx.state.settings.rulesets
    .of(ctx.repo)
    .filter((r) => !targets || targets.includes(r.target))
    .map((r) => rulesetSummaryJson(ctx.urls, r));
  return listed(ctx, rulesets);
}

function getRuleset(ctx: HandlerContext): HandlerResult {
  const id = integerParam(ctx, 'ruleset_id');
  const ruleset = ctx.state.settings.rulesets.of(ctx.repo).find((r) => r.id === id);
  if (!ruleset) return notFound();
  // GitHub shows bypass actors only to those who may edit the ruleset.
  const showBypass = !ctx.token || tokenAllows(ctx.token, 'administration=write');
  return json(200, ctx.conform(rulesetJson(ctx.urls, ruleset, showBypass)));
}

function listEnvironments(ctx: HandlerContext): HandlerResult {
  const all = ctx.state.settings.environments.of(ctx.repo);
  const page = paginate(all, ctx.query, ctx.selfUrl);
  const body = { total_count: all.length, environments: page.items.map((e) => environmentJson(ctx.urls, e)) };
  return json(200, ctx.conform(body), page.link ? { link: page.link } : undefined);
}

function getEnvironment(ctx: HandlerContext): HandlerResult {
  const name = (ctx.params.environment_name ?? '').toLowerCase();
  const env = ctx.state.settings.environments.of(ctx.repo).find((e) => e.name.toLowerCase() === name);
  return env ? json(200, ctx.conform(environmentJson(ctx.urls, env))) : notFound();
}

function listDeployKeys(ctx: HandlerContext): HandlerResult {
  return listed(
    ctx,
    ctx.state.settings.deployKeys.of(ctx.repo).map((k) => deployKeyJson(ctx.urls, k)),
  );
}

const PERMISSION_RANK: Record<string, number> = { pull: 0, triage: 1, push: 2, maintain: 3, admin: 4 };
const ROLE_RANK: Record<string, number> = { read: 0, triage: 1, write: 2, maintain: 3, admin: 4 };

function listCollaborators(ctx: HandlerContext): HandlerResult {
  const affiliation = ctx.query.get('affiliation') ?? 'all';
  const permission = ctx.query.get('permission');
  if (!['outside', 'direct', 'all'].includes(affiliation)) return errorResponse(422, 'Invalid affiliation');
  const wanted = permission === null ? 0 : (PERMISSION_RANK[permission] ?? 0);
  const collaborators = ctx.state.settings.collaborators
    .of(ctx.repo)
    .filter((c) =>
      affiliation === 'outside'
        ? c.affiliation === 'outside'
        : affiliation === 'direct'
          ? c.affiliation === 'direct' || c.affiliation === 'outside'
          : true,
    )
    .filter((c) => (ROLE_RANK[c.role] ?? 0) >= wanted)
    .map((c) => collaboratorJson(ctx.urls, c));
  return listed(ctx, collaborators);
}

export const settingsHandlers: HandlerTable = {
  'GET /repos/{owner}/{repo}/rules/branches/{branch}': getBranchRules,
  'GET /repos/{owner}/{repo}/rulesets': listRulesets,
  'GET /repos/{owner}/{repo}/rulesets/{ruleset_id}': getRuleset,
  'GET /repos/{owner}/{repo}/environments': listEnvironments,
  'GET /repos/{owner}/{repo}/environments/{environment_name}': getEnvironment,
  'GET /repos/{owner}/{repo}/keys': listDeployKeys,
  'GET /repos/{owner}/{repo}/collaborators': listCollaborators,
};
