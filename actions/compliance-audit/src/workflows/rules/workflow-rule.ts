/**
 * What every workflow rule is: static metadata (`AuditRule`) plus a check over one parsed
 * workflow. `finding()` builds an AuditFinding with the exact file:line:column of an offset.
 */
import { createHash } from 'node:crypto';
import type { AuditFinding, AuditRule } from '../../model/audit-rule.js';
import type { Severity } from '../../../../../shared/result/phase-result.js';
import type { WorkflowModel } from '../model/workflow-model.js';

export interface WorkflowAuditOptions {
  /** Repository visibility; unknown makes `workflow/self-hosted-runner-public` not assessed. */
  visibility?: 'public' | 'private' | 'internal';
}

export interface RuleContext {
  model: WorkflowModel;
  options: WorkflowAuditOptions;
}

export interface WorkflowRule {
  rule: AuditRule;
  check(context: RuleContext): AuditFinding[];
}

export const MAX_EVIDENCE_CHARS = 200;

export interface FindingInput {
  message: string;
  /** Offset in the file text. */
  offset: number;
  /** The offending snippet; defaults to the source line at `offset`. */
  evidence?: string;
  severity?: Severity;
}

export function finding(context: RuleContext, rule: AuditRule, input: FindingInput): AuditFinding {
  const { yaml } = context.model;
  const { line, col } = yaml.lineCounter.linePos(input.offset);
  const evidence = truncate((input.evidence ?? sourceLine(yaml.text, input.offset)).trim());
  const fingerprint = createHash('sha256')
    .update(`${rule.id}\0${yaml.file}\0${evidence}\0${input.message}`)
    .digest('hex')
    .slice(0, 32);
  return {
    ruleId: rule.id,
    severity: input.severity ?? rule.severity,
    message: input.message,
    location: { file: yaml.file, line, column: col },
    evidence,
    help: rule.help,
    fingerprint,
  };
}

export function truncate(text: string, max = MAX_EVIDENCE_CHARS): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function sourceLine(text: string, offset: number): string {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  const newline = text.indexOf('\n', offset);
  return text.slice(start, newline < 0 ? text.length : newline);
}

/** `name` in backticks for messages; backticks inside are replaced so the span stays intact. */
export function code(text: string): string {
  return `\`${truncate(text.replace(/`/g, "'"), 120)}\``;
}
