import { auditWorkflowText } from '../../../../actions/compliance-audit/src/workflows/audit-workflow-text.js';
import type { WorkflowAuditOptions } from '../../../../actions/compliance-audit/src/workflows/audit-workflow-text.js';

/** Lines joined with \n, so tests can state line numbers by counting array entries. */
export function yamlLines(...lines: string[]): string {
  return `${lines.join('\n')}\n`;
}

/** `line:column` of every finding of `ruleId` in `text`. */
export function positions(text: string, ruleId: string, options: WorkflowAuditOptions = {}): string[] {
  const result = auditWorkflowText('.github/workflows/t.yml', text, options);
  if (result.skipped) throw new Error(`skipped: ${result.skipped.reason}`);
  return result.findings
    .filter((f) => f.ruleId === ruleId)
    .map((f) => `${f.location?.line ?? '?'}:${f.location?.column ?? '?'}`);
}

export function findingsOf(text: string, ruleId: string, options: WorkflowAuditOptions = {}) {
  return auditWorkflowText('.github/workflows/t.yml', text, options).findings.filter((f) => f.ruleId === ruleId);
}
