import { describeFailure } from '../api-reader.js';
import {
  assessedRule,
  emptyAssessment,
  finding,
  merge,
  type PartialAssessment,
  type AssessedRule,
  type SettingsContext,
} from '../check-kit.js';
import { SETTINGS_RULES } from '../settings-rules.js';

const rule = SETTINGS_RULES.secretScanning;
const REPO_ROUTE = 'GET /repos/{owner}/{repo}';
const ALERTS_ROUTE = 'GET /repos/{owner}/{repo}/secret-scanning/alerts';

interface SecretAlert {
  number: number;
  secret_type?: string;
  secret_type_display_name?: string;
  html_url?: string;
  created_at?: string;
}

function status(securityAndAnalysis: Record<string, unknown>, feature: string): string {
  const entry = securityAndAnalysis[feature] as { status?: unknown } | undefined;
  return typeof entry?.status === 'string' ? entry.status : 'disabled';
}

/** Secret scanning and push protection switched on (security_and_analysis, admins only). */
function assessSettings(ctx: SettingsContext): PartialAssessment {
  const out = emptyAssessment();
  const capability = ctx.capabilities.security_and_analysis;
  if (!capability.readable || !ctx.repository) {
    out.unknown.push({
      subject: `${REPO_ROUTE} (security_and_analysis)`,
      reason: capability.readable ? 'repository not read' : capability.reason,
    });
    return out;
  }
  const settings = (ctx.repository.security_and_analysis ?? {}) as Record<string, unknown>;
  ctx.evidence.record('security_and_analysis (API response)', 'api/security-and-analysis.json', settings);
  out.examined.push('security_and_analysis');
  if (status(settings, 'secret_scanning') !== 'enabled') {
    out.findings.push(finding(rule, 'Secret scanning is disabled.', { subject: 'secret_scanning' }));
  }
  if (status(settings, 'secret_scanning_push_protection') !== 'enabled') {
    out.findings.push(
      finding(rule, 'Push protection is disabled: pushes containing known secret formats are not blocked.', {
        subject: 'push_protection',
      }),
    );
  }
  return out;
}

/** No open secret scanning alert. The secret itself is never requested (`hide_secret`). */
async function assessAlerts(ctx: SettingsContext): Promise<PartialAssessment> {
  const out = emptyAssessment();
  const capability = ctx.capabilities.secret_scanning_alerts;
  if (!capability.readable) {
    out.unknown.push({ subject: ALERTS_ROUTE, reason: capability.reason });
    return out;
  }
  if (capability.featureOff) {
    // The settings part reports it as a finding when it can read them; say it here when it cannot.
    if (!ctx.capabilities.security_and_analysis.readable) {
      out.findings.push(
        finding(rule, `Secret scanning is off: ${capability.featureOff}`, { subject: 'secret_scanning' }),
      );
    }
    out.examined.push('secret scanning alerts (feature off)');
    return out;
  }
  const result = await ctx.reader.list<SecretAlert>(ALERTS_ROUTE, { state: 'open', hide_secret: true });
  if (!result.ok) {
    out.unknown.push({ subject: ALERTS_ROUTE, reason: describeFailure(ALERTS_ROUTE, result.failure) });
    return out;
  }
  ctx.evidence.record('open secret scanning alerts (API response)', 'api/secret-scanning-alerts.json', result.data);
  out.examined.push(`${result.data.length} open secret scanning alert(s)`);
  for (const alert of result.data) {
    const type = alert.secret_type_display_name ?? alert.secret_type ?? 'secret';
    out.findings.push(
      finding(rule, `Open secret scanning alert #${alert.number}: a ${type} is exposed and not yet resolved.`, {
        subject: `alert:${alert.number}`,
        // Raised from high: an unresolved exposed credential is usable by anyone who read it.
        severity: 'critical',
        ...(alert.html_url ? { evidence: alert.html_url } : {}),
      }),
    );
  }
  return out;
}

export async function assessSecretScanning(ctx: SettingsContext): Promise<AssessedRule> {
  return assessedRule(rule, merge(assessSettings(ctx), await assessAlerts(ctx)));
}
