/**
 * `workflow/excessive-permissions`: the token holds more than the jobs need. Precisely, a finding
 * for each of:
 * 1. `permissions: write-all` anywhere (workflow or job): every scope writable. High.
 * 2. A write scope at the WORKFLOW level in a workflow an outsider can trigger with a privileged
 *    token (`pull_request_target`, `workflow_run`, `issue_comment`, `issues`, `discussion`,
 *    `discussion_comment`): every job, including ones that touch attacker input, gets it. High.
 * 3. Otherwise, a write scope at the WORKFLOW level inherited by two or more jobs (jobs without
 *    their own `permissions:`): at least one of them is likely not the one that needs it; grant
 *    it on the job instead. Medium. One inheriting job is the same as a job-level grant: no finding.
 * Job-level grants are taken as intended (the job states what it needs).
 */
import { isMap } from 'yaml';
import type { Node } from 'yaml';
import type { AuditFinding, AuditRule } from '../../model/audit-rule.js';
import type { AnyNode } from '../model/yaml-nodes.js';
import { startOf } from '../model/yaml-nodes.js';
import { code, finding } from './workflow-rule.js';
import type { RuleContext, WorkflowRule } from './workflow-rule.js';

export const excessivePermissionsRule: AuditRule = {
  id: 'workflow/excessive-permissions',
  source: 'workflow',
  family: 'access_control',
  severity: 'high',
  title: 'GITHUB_TOKEN permissions broader than needed',
  help:
    'Set `permissions: { contents: read }` (or `{}`) at the workflow level and grant write scopes only on ' +
    'the job that needs them. Never use `write-all`, and never grant write scopes workflow-wide on ' +
    'triggers that outsiders can fire (`pull_request_target`, `issue_comment`, `workflow_run`, ...).',
};

export const UNTRUSTED_TRIGGERS: ReadonlySet<string> = new Set([
  'pull_request_target',
  'workflow_run',
  'issue_comment',
  'issues',
  'discussion',
  'discussion_comment',
]);

export function checkExcessivePermissions(context: RuleContext): AuditFinding[] {
  const { model } = context;
  if (model.kind !== 'workflow') return [];
  const { nodes } = model;
  const findings: AuditFinding[] = [];
  const writeAll = (node: AnyNode, where: string): void => {
    if (nodes.text(node)?.trim().toLowerCase() !== 'write-all') return;
    findings.push(
      finding(context, excessivePermissionsRule, {
        offset: startOf(node) ?? 0,
        message: `${where} grants \`permissions: write-all\`: every scope of the GITHUB_TOKEN is writable`,
      }),
    );
  };
  writeAll(model.permissions, 'the workflow');
  for (const job of model.jobs) writeAll(job.permissions, `job ${code(job.id)}`);

  const permissions = model.permissions;
  if (!isMap(permissions)) return findings;
  const untrusted = [...model.triggers.keys()].filter((t) => UNTRUSTED_TRIGGERS.has(t));
  const inheriting = model.jobs.filter((job) => job.permissionsKey === undefined);
  for (const entry of nodes.entries(permissions)) {
    if (nodes.text(entry.value)?.trim().toLowerCase() !== 'write') continue;
    const offset = startOf(entry.keyNode as Node) ?? 0;
    if (untrusted.length > 0) {
      findings.push(
        finding(context, excessivePermissionsRule, {
          offset,
          message:
            `\`${entry.key}: write\` is granted to the whole workflow although it runs on ` +
            `${untrusted.map((t) => code(t)).join(', ')}, which outsiders can trigger; grant it only to the job that needs it`,
        }),
      );
    } else if (inheriting.length >= 2) {
      findings.push(
        finding(context, excessivePermissionsRule, {
          offset,
          severity: 'medium',
          message:
            `\`${entry.key}: write\` is granted at the workflow level and inherited by ${inheriting.length} jobs ` +
            `(${inheriting.map((j) => code(j.id)).join(', ')}); grant it on the job that needs it`,
        }),
      );
    }
  }
  return findings;
}

export const excessivePermissions: WorkflowRule = { rule: excessivePermissionsRule, check: checkExcessivePermissions };
