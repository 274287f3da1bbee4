import { describeFailure } from '../api-reader.js';
import { assessedRule, emptyAssessment, finding, type AssessedRule, type SettingsContext } from '../check-kit.js';
import { SETTINGS_RULES } from '../settings-rules.js';

const rule = SETTINGS_RULES.productionEnvironment;
const ROUTE = 'GET /repos/{owner}/{repo}/environments';

interface Environment {
  name: string;
  protection_rules?: { type?: string; wait_timer?: number; reviewers?: unknown[] }[];
  deployment_branch_policy?: { protected_branches?: boolean; custom_branch_policies?: boolean } | null;
}

/** Case-insensitive; `*` is a wildcard (`prod-*`). */
export function isProductionName(patterns: readonly string[], name: string): boolean {
  const lower = name.toLowerCase();
  return patterns.some((pattern) => {
    const source = pattern
      .toLowerCase()
      .split('*')
      .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*');
    return new RegExp(`^${source}$`).test(lower);
  });
}

export async function assessProductionEnvironments(ctx: SettingsContext): Promise<AssessedRule> {
  const out = emptyAssessment();
  const capability = ctx.capabilities.actions;
  if (!capability.readable) {
    out.unknown.push({ subject: ROUTE, reason: capability.reason });
    return assessedRule(rule, out);
  }
  const result = await ctx.reader.list<Environment>(ROUTE);
  if (!result.ok) {
    out.unknown.push({ subject: ROUTE, reason: describeFailure(ROUTE, result.failure) });
    return assessedRule(rule, out);
  }
  ctx.evidence.record('environments (API response)', 'api/environments.json', result.data);
  const patterns = ctx.options.productionEnvironments;
  const production = result.data.filter((env) => isProductionName(patterns, env.name));
  if (production.length === 0) {
    // Nothing to judge is not a pass: say so, and name the patterns so the config can be fixed.
    out.unknown.push({
      subject: ROUTE,
      reason: `no environment named like production (${patterns.join(', ')}) among ${result.data.length} environment(s)`,
    });
    return assessedRule(rule, out);
  }
  for (const env of production) {
    out.examined.push(`environment \`${env.name}\``);
    const rules = env.protection_rules ?? [];
    const reviewers = rules.some((r) => r.type === 'required_reviewers' && (r.reviewers?.length ?? 0) > 0);
    const waitTimer = rules.some((r) => r.type === 'wait_timer' && (r.wait_timer ?? 0) > 0);
    if (!reviewers && !waitTimer) {
      out.findings.push(
        finding(
          rule,
          `Environment \`${env.name}\` has neither required reviewers nor a wait timer: deployments need no approval.`,
          {
            subject: `${env.name}:approval`,
          },
        ),
      );
    }
    if (!env.deployment_branch_policy) {
      out.findings.push(
        finding(rule, `Environment \`${env.name}\` has no deployment branch policy: any branch can deploy to it.`, {
          subject: `${env.name}:branch-policy`,
        }),
      );
    }
  }
  return assessedRule(rule, out);
}
