import { describeFailure } from '../api-reader.js';
import { assessedRule, emptyAssessment, finding, type AssessedRule, type SettingsContext } from '../check-kit.js';
import { SETTINGS_RULES } from '../settings-rules.js';

const rule = SETTINGS_RULES.adminCount;
const ROUTE = 'GET /repos/{owner}/{repo}/collaborators';

interface Collaborator {
  login: string;
  role_name?: string;
  permissions?: { admin?: boolean };
}

/** Direct collaborators with admin rights (grants made on the repository itself). */
export async function assessAdminCount(ctx: SettingsContext): Promise<AssessedRule> {
  const out = emptyAssessment();
  const capability = ctx.capabilities.collaborators;
  if (!capability.readable) {
    out.unknown.push({ subject: ROUTE, reason: capability.reason });
    return assessedRule(rule, out);
  }
  const result = await ctx.reader.list<Collaborator>(ROUTE, { affiliation: 'direct', permission: 'admin' });
  if (!result.ok) {
    out.unknown.push({ subject: ROUTE, reason: describeFailure(ROUTE, result.failure) });
    return assessedRule(rule, out);
  }
  const admins = result.data.filter((c) => c.role_name === 'admin' || c.permissions?.admin === true);
  ctx.evidence.record(
    'direct admin collaborators (API response)',
    'api/admin-collaborators.json',
    admins.map((c) => ({ login: c.login, role_name: c.role_name, permissions: c.permissions })),
  );
  const max = ctx.options.maxAdmins;
  out.examined.push(`${admins.length} direct admin(s), limit ${max}`);
  if (admins.length > max) {
    out.findings.push(
      finding(
        rule,
        `${admins.length} direct collaborators are admins (limit ${max}): ${admins.map((a) => a.login).join(', ')}.`,
        {
          subject: 'admins',
        },
      ),
    );
  }
  return assessedRule(rule, out);
}
