import type { SkippedItem } from '../../model/checker-report.js';
import {
  assessedRule,
  finding,
  type PartialAssessment,
  type AssessedRule,
  type SettingsContext,
} from '../check-kit.js';
import { SETTINGS_RULES } from '../settings-rules.js';
import type { BranchRule, BranchSources } from './branch-sources.js';

type Met = 'met' | 'unmet' | { unknown: SkippedItem[] };

interface Requirement {
  key: string;
  /** Says what is missing, for the finding. */
  missing: string;
  fromProtection(p: Record<string, unknown>): boolean;
  fromRules(rules: BranchRule[], sources: BranchSources): Met;
}

function object(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function enabled(p: Record<string, unknown>, field: string): boolean | undefined {
  const value = object(p[field]).enabled;
  return typeof value === 'boolean' ? value : undefined;
}

/** `elder / quality-gate` matches itself and matrix legs like `elder / quality-gate (unit)`; `*` is a wildcard. */
export function matchesCheckName(pattern: string, name: string): boolean {
  if (pattern.includes('*')) {
    const source = pattern
      .split('*')
      .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*');
    return new RegExp(`^${source}$`).test(name);
  }
  return name === pattern || name.startsWith(`${pattern} (`);
}

function protectionChecks(p: Record<string, unknown>): string[] {
  const status = object(p.required_status_checks);
  const contexts = Array.isArray(status.contexts) ? status.contexts.map(String) : [];
  const checks = Array.isArray(status.checks) ? status.checks.map((c) => String(object(c).context)) : [];
  return [...contexts, ...checks];
}

function ruleChecks(rules: BranchRule[]): string[] {
  return rules
    .filter((r) => r.type === 'required_status_checks')
    .flatMap((r) => {
      const list = r.parameters?.required_status_checks;
      return Array.isArray(list) ? list.map((c) => String(object(c).context)) : [];
    });
}

const has = (rules: BranchRule[], type: string) => rules.some((r) => r.type === type);
const pullRule = (rules: BranchRule[]) => rules.filter((r) => r.type === 'pull_request');

/** Admins are bound by a ruleset that requires pull requests and that nobody may bypass. */
function rulesBindAdmins(rules: BranchRule[], sources: BranchSources): Met {
  const ids = [...new Set(pullRule(rules).map((r) => r.ruleset_id))];
  const unknown: SkippedItem[] = [];
  for (const id of ids) {
    const actors = id === undefined ? undefined : sources.bypassActors.get(id);
    if (actors?.state === 'read' && actors.data.length === 0) return 'met';
    if (actors?.state === 'unreadable') unknown.push({ subject: actors.subject, reason: actors.reason });
  }
  return unknown.length > 0 ? { unknown } : 'unmet';
}

export function requirements(qualityGate: string): Requirement[] {
  return [
    {
      key: 'reviews',
      missing: 'no pull request with at least one approving review is required',
      fromProtection: (p) => Number(object(p.required_pull_request_reviews).required_approving_review_count ?? 0) >= 1,
      fromRules: (rules) =>
        pullRule(rules).some((r) => Number(r.parameters?.required_approving_review_count ?? 0) >= 1) ? 'met' : 'unmet',
    },
    {
      key: 'stale-reviews',
      missing: 'approvals are not dismissed when new commits are pushed',
      fromProtection: (p) => object(p.required_pull_request_reviews).dismiss_stale_reviews === true,
      fromRules: (rules) =>
        pullRule(rules).some((r) => r.parameters?.dismiss_stale_reviews_on_push === true) ? 'met' : 'unmet',
    },
    {
      key: 'quality-gate',
      missing: `the status check \`${qualityGate}\` is not required`,
      fromProtection: (p) => protectionChecks(p).some((name) => matchesCheckName(qualityGate, name)),
      fromRules: (rules) => (ruleChecks(rules).some((name) => matchesCheckName(qualityGate, name)) ? 'met' : 'unmet'),
    },
    {
      key: 'force-push',
      missing: 'force pushes are allowed',
      // Protection blocks force pushes unless `allow_force_pushes` is switched on.
      fromProtection: (p) => enabled(p, 'allow_force_pushes') !== true,
      fromRules: (rules) => (has(rules, 'non_fast_forward') ? 'met' : 'unmet'),
    },
    {
      key: 'deletion',
      missing: 'the branch may be deleted',
      fromProtection: (p) => enabled(p, 'allow_deletions') !== true,
      fromRules: (rules) => (has(rules, 'deletion') ? 'met' : 'unmet'),
    },
    {
      key: 'enforce-admins',
      missing: 'administrators may bypass the protection',
      fromProtection: (p) => enabled(p, 'enforce_admins') === true,
      fromRules: rulesBindAdmins,
    },
  ];
}

/** Whether one requirement is met by either source; unknown when an unread source might meet it. */
export function evaluate(requirement: Requirement, sources: BranchSources): Met {
  const unknown: SkippedItem[] = [];
  const { protection, rules } = sources;
  if (protection.state === 'read' && requirement.fromProtection(protection.data)) return 'met';
  if (protection.state === 'unreadable') unknown.push({ subject: protection.subject, reason: protection.reason });
  if (rules.state === 'read') {
    const fromRules = requirement.fromRules(rules.data, sources);
    if (fromRules === 'met') return 'met';
    if (fromRules !== 'unmet') unknown.push(...fromRules.unknown);
  } else if (rules.state === 'unreadable') {
    unknown.push({ subject: rules.subject, reason: rules.reason });
  }
  return unknown.length > 0 ? { unknown } : 'unmet';
}

export function assessBranchProtection(ctx: SettingsContext, sources: BranchSources): AssessedRule {
  const rule = SETTINGS_RULES.branchProtection;
  const assessment: PartialAssessment = { findings: [], unknown: [], examined: [] };
  const unprotected =
    sources.protection.state === 'absent' && sources.rules.state === 'read' && sources.rules.data.length === 0;
  assessment.examined.push(`branch protection and rulesets of \`${sources.branch}\``);
  if (unprotected) {
    assessment.findings.push(
      finding(
        rule,
        `Default branch \`${sources.branch}\` is not protected: no branch protection and no active ruleset.`,
        {
          subject: `${sources.branch}:unprotected`,
        },
      ),
    );
    return assessedRule(rule, assessment);
  }
  for (const requirement of requirements(ctx.options.qualityGateCheck)) {
    const met = evaluate(requirement, sources);
    if (met === 'met') continue;
    if (met === 'unmet') {
      assessment.findings.push(
        finding(rule, `Default branch \`${sources.branch}\`: ${requirement.missing}.`, {
          subject: `${sources.branch}:${requirement.key}`,
        }),
      );
    } else {
      assessment.unknown.push(...met.unknown);
    }
  }
  return assessedRule(rule, assessment);
}

export function assessSignedCommits(sources: BranchSources): AssessedRule {
  const rule = SETTINGS_RULES.signedCommits;
  const signed: Requirement = {
    key: 'signed-commits',
    missing: 'signed commits are not required',
    fromProtection: (p) => enabled(p, 'required_signatures') === true,
    fromRules: (rules) => (has(rules, 'required_signatures') ? 'met' : 'unmet'),
  };
  const met = evaluate(signed, sources);
  const assessment: PartialAssessment = {
    findings: [],
    unknown: [],
    examined: [`signature requirement of \`${sources.branch}\``],
  };
  if (met === 'unmet') {
    assessment.findings.push(
      finding(rule, `Default branch \`${sources.branch}\`: ${signed.missing}.`, {
        subject: `${sources.branch}:signed`,
      }),
    );
  } else if (met !== 'met') {
    assessment.unknown.push(...met.unknown);
  }
  return assessedRule(rule, assessment);
}
