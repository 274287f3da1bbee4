import type { Severity } from '../../../../../shared/result/phase-result.js';
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

const rule = SETTINGS_RULES.openCriticalAlerts;
const DEPENDABOT_ROUTE = 'GET /repos/{owner}/{repo}/dependabot/alerts';
const CODE_SCANNING_ROUTE = 'GET /repos/{owner}/{repo}/code-scanning/alerts';

/** The alert severities this rule counts. */
const COUNTED = new Set(['critical', 'high']);

interface DependabotAlert {
  number: number;
  html_url?: string;
  security_advisory?: { ghsa_id?: string; cve_id?: string | null; summary?: string; severity?: string };
  security_vulnerability?: { severity?: string; package?: { ecosystem?: string; name?: string } };
  dependency?: { manifest_path?: string };
}

interface CodeScanningAlert {
  number: number;
  html_url?: string;
  rule?: { id?: string | null; description?: string; security_severity_level?: string | null };
  tool?: { name?: string };
  most_recent_instance?: { location?: { path?: string; start_line?: number } };
}

function countBySeverity(severities: string[]): string {
  const counts = new Map<string, number>();
  for (const s of severities) counts.set(s, (counts.get(s) ?? 0) + 1);
  return ['critical', 'high', 'medium', 'low'].map((s) => `${counts.get(s) ?? 0} ${s}`).join(', ');
}

async function assessDependabot(ctx: SettingsContext): Promise<PartialAssessment> {
  const out = emptyAssessment();
  const capability = ctx.capabilities.vulnerability_alerts;
  if (!capability.readable) {
    out.unknown.push({ subject: DEPENDABOT_ROUTE, reason: capability.reason });
    return out;
  }
  if (capability.featureOff) {
    out.findings.push(
      finding(
        rule,
        `Dependabot alerts are off, so vulnerable dependencies are not reported (${capability.featureOff}).`,
        {
          subject: 'dependabot:disabled',
          severity: 'medium',
        },
      ),
    );
    return out;
  }
  const result = await ctx.reader.list<DependabotAlert>(DEPENDABOT_ROUTE, { state: 'open' });
  if (!result.ok) {
    out.unknown.push({ subject: DEPENDABOT_ROUTE, reason: describeFailure(DEPENDABOT_ROUTE, result.failure) });
    return out;
  }
  ctx.evidence.record('open Dependabot alerts (API response)', 'api/dependabot-alerts.json', result.data);
  const severity = (a: DependabotAlert) => a.security_vulnerability?.severity ?? a.security_advisory?.severity ?? '';
  out.examined.push(`${result.data.length} open Dependabot alert(s): ${countBySeverity(result.data.map(severity))}`);
  for (const alert of result.data.filter((a) => COUNTED.has(severity(a)))) {
    const advisory = alert.security_advisory;
    const pkg = alert.security_vulnerability?.package;
    const id = advisory?.cve_id ?? advisory?.ghsa_id ?? `alert #${alert.number}`;
    out.findings.push(
      finding(
        rule,
        `Open ${severity(alert)} Dependabot alert #${alert.number}: ${id} in ${pkg?.ecosystem ?? '?'} package ` +
          `\`${pkg?.name ?? '?'}\` (${alert.dependency?.manifest_path ?? 'unknown manifest'})` +
          `${advisory?.summary ? `: ${advisory.summary}` : ''}.`,
        {
          subject: `dependabot:${alert.number}`,
          severity: severity(alert) as Severity,
          ...(alert.html_url ? { evidence: alert.html_url } : {}),
        },
      ),
    );
  }
  return out;
}

async function assessCodeScanning(ctx: SettingsContext): Promise<PartialAssessment> {
  const out = emptyAssessment();
  const capability = ctx.capabilities.security_events;
  if (!capability.readable) {
    out.unknown.push({ subject: CODE_SCANNING_ROUTE, reason: capability.reason });
    return out;
  }
  if (capability.featureOff) {
    out.findings.push(
      finding(
        rule,
        `Code scanning has no analysis, so code vulnerabilities are not tracked (${capability.featureOff}).`,
        {
          subject: 'code-scanning:disabled',
          severity: 'medium',
        },
      ),
    );
    return out;
  }
  const result = await ctx.reader.list<CodeScanningAlert>(CODE_SCANNING_ROUTE, { state: 'open' });
  if (!result.ok) {
    out.unknown.push({ subject: CODE_SCANNING_ROUTE, reason: describeFailure(CODE_SCANNING_ROUTE, result.failure) });
    return out;
  }
  ctx.evidence.record('open code scanning alerts (API response)', 'api/code-scanning-alerts.json', result.data);
  const severity = (a: CodeScanningAlert) => a.rule?.security_severity_level ?? '';
  out.examined.push(`${result.data.length} open code scanning alert(s): ${countBySeverity(result.data.map(severity))}`);
  for (const alert of result.data.filter((a) => COUNTED.has(severity(a)))) {
    const location = alert.most_recent_instance?.location;
    const where = location?.path ? ` at ${location.path}${location.start_line ? `:${location.start_line}` : ''}` : '';
    out.findings.push(
      finding(
        rule,
        `Open ${severity(alert)} code scanning alert #${alert.number} (${alert.tool?.name ?? 'tool'} ` +
          `${alert.rule?.id ?? 'rule'})${where}: ${alert.rule?.description ?? ''}`.trimEnd(),
        {
          subject: `code-scanning:${alert.number}`,
          severity: severity(alert) as Severity,
          ...(alert.html_url ? { evidence: alert.html_url } : {}),
        },
      ),
    );
  }
  return out;
}

export async function assessOpenAlerts(ctx: SettingsContext): Promise<AssessedRule> {
  const [dependabot, codeScanning] = await Promise.all([assessDependabot(ctx), assessCodeScanning(ctx)]);
  return assessedRule(rule, merge(dependabot, codeScanning));
}
