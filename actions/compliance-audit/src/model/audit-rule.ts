import type { Finding, Severity } from '../../../../shared/result/phase-result.js';

/**
 * Control families: every rule belongs to exactly one, and the framework mapping
 * (`frameworks/controls.ts`, data with sources) maps families and, where finer, rules to the
 * controls of each framework. Keeping rules unaware of frameworks lets one rule serve all five.
 */
export const CONTROL_FAMILIES = [
  'change_control',
  'access_control',
  'secure_pipeline',
  'supply_chain',
  'secrets',
  'logging',
  'data_protection',
  'governance',
] as const;
export type ControlFamily = (typeof CONTROL_FAMILIES)[number];

/** What a check looks at; decides which checker runs it and which evidence backs it. */
export type RuleSource = 'workflow' | 'repository' | 'api';

/** Static description of a rule: what SARIF rule metadata, the report and the docs show. */
export interface AuditRule {
  /** Stable id, `<source>/<kebab-name>`, e.g. `workflow/untrusted-input-in-run`. */
  id: string;
  source: RuleSource;
  family: ControlFamily;
  /** Default severity; a finding may raise or lower it with a reason. */
  severity: Severity;
  title: string;
  /** Why it matters and how to fix it, plain text (markdown-escaped when rendered). */
  help: string;
}

/**
 * One finding of a rule. `location` is required for workflow and repository rules (exact
 * file:line:column, 1-based), absent for API rules.
 */
export type AuditFinding = Finding & { ruleId: string };

/**
 * The outcome of a rule for one audit: `pass` (looked, found nothing), `fail` (findings),
 * `not_assessed` (could not look: the reason names the permission or the file that stopped it).
 */
export interface RuleOutcome {
  ruleId: string;
  status: 'pass' | 'fail' | 'not_assessed';
  findings: AuditFinding[];
  /** For not_assessed: e.g. "token lacks administration: read". */
  reason?: string;
  /** Objects looked at, e.g. number of workflow files or the API endpoint. */
  examined?: string;
}
