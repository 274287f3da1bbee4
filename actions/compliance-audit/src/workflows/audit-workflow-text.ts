/**
 * The synchronous core of the workflow checker: one file's text in, its findings (or the reason
 * it was skipped) out. Parses once, builds the model once, runs every rule over it. The labelled
 * corpus test and the benchmark call this directly.
 */
import type { AuditFinding } from '../model/audit-rule.js';
import type { SkippedItem } from '../model/checker-report.js';
import { parseWorkflowYaml } from './load/parse-workflow-yaml.js';
import { WorkflowSkip } from './load/skip-reason.js';
import { buildWorkflowModel } from './model/workflow-model.js';
import type { WorkflowModel } from './model/workflow-model.js';
import { WORKFLOW_RULES } from './rules/index.js';
import type { WorkflowAuditOptions } from './rules/workflow-rule.js';

export type { WorkflowAuditOptions } from './rules/workflow-rule.js';

export interface WorkflowTextAudit {
  findings: AuditFinding[];
  skipped?: SkippedItem;
  /** What the file is, when it was examined. */
  kind?: WorkflowModel['kind'];
}

export function auditWorkflowText(path: string, text: string, options: WorkflowAuditOptions = {}): WorkflowTextAudit {
  let model: WorkflowModel;
  try {
    model = buildWorkflowModel(parseWorkflowYaml(path, text));
  } catch (err) {
    if (err instanceof WorkflowSkip) return { findings: [], skipped: { subject: path, reason: err.reason } };
    if (err instanceof RangeError) {
      // The yaml composer recursed too deep despite the nesting pre-check.
      return { findings: [], skipped: { subject: path, reason: 'refused: the YAML nests too deeply to read' } };
    }
    throw err;
  }
  const findings: AuditFinding[] = [];
  if (model.kind === 'other-action') return { findings, kind: model.kind };
  const failed: string[] = [];
  for (const { rule, check } of WORKFLOW_RULES) {
    try {
      for (const found of check({ model, options })) findings.push(found);
    } catch (err) {
      // A bug in one rule must not stop the audit; the report names what was not checked.
      failed.push(`${rule.id}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  if (failed.length > 0) {
    return {
      findings,
      kind: model.kind,
      skipped: { subject: path, reason: `internal error, not fully checked (${failed.join('; ')})` },
    };
  }
  return { findings, kind: model.kind };
}
