import { describeFailure } from '../api-reader.js';
import { assessedRule, emptyAssessment, finding, type AssessedRule, type SettingsContext } from '../check-kit.js';
import { SETTINGS_RULES } from '../settings-rules.js';

const rule = SETTINGS_RULES.deployKeys;
const ROUTE = 'GET /repos/{owner}/{repo}/keys';
const DAY_MS = 24 * 60 * 60 * 1000;

interface DeployKey {
  id: number;
  title: string;
  read_only: boolean;
  created_at: string;
  last_used?: string | null;
}

export async function assessDeployKeys(ctx: SettingsContext): Promise<AssessedRule> {
  const out = emptyAssessment();
  const capability = ctx.capabilities.administration;
  if (!capability.readable) {
    out.unknown.push({ subject: ROUTE, reason: capability.reason });
    return assessedRule(rule, out);
  }
  const result = await ctx.reader.list<DeployKey>(ROUTE);
  if (!result.ok) {
    out.unknown.push({ subject: ROUTE, reason: describeFailure(ROUTE, result.failure) });
    return assessedRule(rule, out);
  }
  // The public key material is redacted by the recorder; titles, ids and dates stay.
  ctx.evidence.record('deploy keys (API response)', 'api/deploy-keys.json', result.data);
  out.examined.push(`${result.data.length} deploy key(s)`);
  const maxAge = ctx.options.maxDeployKeyAgeDays;
  for (const key of result.data) {
    if (key.read_only === false) {
      out.findings.push(
        finding(rule, `Deploy key "${key.title}" (id ${key.id}) has write access to the repository.`, {
          subject: `${key.id}:write`,
        }),
      );
    }
    const created = Date.parse(key.created_at);
    const ageDays = Math.floor((ctx.options.now.getTime() - created) / DAY_MS);
    if (Number.isFinite(created) && ageDays > maxAge) {
      out.findings.push(
        finding(rule, `Deploy key "${key.title}" (id ${key.id}) is ${ageDays} days old (limit ${maxAge}): rotate it.`, {
          subject: `${key.id}:age`,
          severity: 'low',
          evidence: `created_at ${key.created_at}`,
        }),
      );
    }
  }
  return assessedRule(rule, out);
}
