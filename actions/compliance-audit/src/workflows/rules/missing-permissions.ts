/**
 * `workflow/missing-permissions`: without a `permissions:` block at the workflow or job level the
 * GITHUB_TOKEN gets the repository's or organisation's default, which on older repositories and
 * many organisations is read-write on every scope. Reported per job that inherits the default,
 * at the job's key. Composite actions have no permissions of their own and are not checked.
 */
import type { AuditFinding, AuditRule } from '../../model/audit-rule.js';
import { startOf } from '../model/yaml-nodes.js';
import { code, finding } from './workflow-rule.js';
import type { RuleContext, WorkflowRule } from './workflow-rule.js';

export const missingPermissionsRule: AuditRule = {
  id: 'workflow/missing-permissions',
  source: 'workflow',
  family: 'access_control',
  severity: 'medium',
  title: 'GITHUB_TOKEN permissions not declared',
  help:
    'Declare `permissions:` at the top of the workflow (e.g. `permissions: { contents: read }` or `{}`) ' +
    'and grant more per job where needed, so the token never falls back to a possibly write-all default.',
};

export function checkMissingPermissions(context: RuleContext): AuditFinding[] {
  const { model } = context;
  if (model.kind !== 'workflow' || model.permissionsKey !== undefined) return [];
  const findings: AuditFinding[] = [];
  for (const job of model.jobs) {
    if (job.permissionsKey !== undefined) continue;
    findings.push(
      finding(context, missingPermissionsRule, {
        offset: startOf(job.keyNode) ?? 0,
        message:
          `job ${code(job.id)} declares no \`permissions:\` and neither does the workflow: its GITHUB_TOKEN gets the ` +
          'repository default, which may be write-all',
      }),
    );
  }
  return findings;
}

export const missingPermissions: WorkflowRule = { rule: missingPermissionsRule, check: checkMissingPermissions };
