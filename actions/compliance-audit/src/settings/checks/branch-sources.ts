import { describeFailure } from '../api-reader.js';
import type { SettingsContext } from '../check-kit.js';

/**
 * What protects a branch, from the two places GitHub keeps it: classic branch protection (needs
 * administration: read) and the rules of active rulesets (`GET /rules/branches/{branch}`, which
 * any token that can see the repository may read). GitHub enforces both, so a requirement is met
 * when either source meets it.
 */
export type SourceRead<T> =
  | { state: 'read'; data: T }
  /** Branch protection only: GitHub's 404 "Branch not protected". */
  | { state: 'absent' }
  | { state: 'unreadable'; subject: string; reason: string };

export interface BranchRule {
  type: string;
  parameters?: Record<string, unknown>;
  ruleset_id?: number;
}

export interface BranchSources {
  branch: string;
  protection: SourceRead<Record<string, unknown>>;
  rules: SourceRead<BranchRule[]>;
  /** `bypass_actors` of each ruleset that contributes a rule, by id (read: visible to admins only). */
  bypassActors: Map<number, SourceRead<unknown[]>>;
}

const PROTECTION_ROUTE = 'GET /repos/{owner}/{repo}/branches/{branch}/protection';
const RULES_ROUTE = 'GET /repos/{owner}/{repo}/rules/branches/{branch}';
const RULESET_ROUTE = 'GET /repos/{owner}/{repo}/rulesets/{ruleset_id}';

async function readProtection(ctx: SettingsContext, branch: string): Promise<BranchSources['protection']> {
  const capability = ctx.capabilities.administration;
  if (!capability.readable) return { state: 'unreadable', subject: PROTECTION_ROUTE, reason: capability.reason };
  const result = await ctx.reader.get<Record<string, unknown>>(PROTECTION_ROUTE, { branch });
  if (result.ok) {
    ctx.evidence.record('branch protection (API response)', 'api/branch-protection.json', result.data);
    return { state: 'read', data: result.data };
  }
  if (result.failure.kind === 'not_found' && /not protected/i.test(result.failure.message)) {
    ctx.evidence.record('branch protection (API response)', 'api/branch-protection.json', {
      status: 404,
      message: result.failure.message,
    });
    return { state: 'absent' };
  }
  return { state: 'unreadable', subject: PROTECTION_ROUTE, reason: describeFailure(PROTECTION_ROUTE, result.failure) };
}

export async function readBranchSources(ctx: SettingsContext, branch: string): Promise<BranchSources> {
  const [protection, rulesResult] = await Promise.all([
    readProtection(ctx, branch),
    ctx.reader.list<BranchRule>(RULES_ROUTE, { branch }),
  ]);
  let rules: BranchSources['rules'];
  if (rulesResult.ok) {
    ctx.evidence.record(
      'rules applying to the default branch (API response)',
      'api/branch-rules.json',
      rulesResult.data,
    );
    rules = { state: 'read', data: rulesResult.data };
  } else {
    rules = { state: 'unreadable', subject: RULES_ROUTE, reason: describeFailure(RULES_ROUTE, rulesResult.failure) };
  }
  const bypassActors = new Map<number, SourceRead<unknown[]>>();
  if (rules.state === 'read') {
    const ids = [...new Set(rules.data.map((r) => r.ruleset_id).filter((id): id is number => typeof id === 'number'))];
    await Promise.all(
      ids.map(async (id) => {
        const result = await ctx.reader.get<Record<string, unknown>>(RULESET_ROUTE, { ruleset_id: id });
        if (!result.ok) {
          bypassActors.set(id, {
            state: 'unreadable',
            subject: RULESET_ROUTE,
            reason: describeFailure(RULESET_ROUTE, result.failure),
          });
          return;
        }
        ctx.evidence.record(`ruleset ${id} (API response)`, `api/ruleset-${id}.json`, result.data);
        const actors = result.data.bypass_actors;
        bypassActors.set(
          id,
          Array.isArray(actors)
            ? { state: 'read', data: actors }
            : {
                state: 'unreadable',
                subject: RULESET_ROUTE,
                reason:
                  "GitHub shows a ruleset's bypass actors only to tokens that may edit it (administration: write)",
              },
        );
      }),
    );
  }
  return { branch, protection, rules, bypassActors };
}
