/**
 * `workflow/secrets-inherit`: `secrets: inherit` hands every secret the caller can see
 * (organisation, repository and environment secrets) to the called workflow, instead of the few
 * it needs. Against a third-party workflow that is all of them to someone else's code: high;
 * for a workflow in this repository it still breaks least privilege: medium.
 */
import type { AuditFinding, AuditRule } from '../../model/audit-rule.js';
import { code, finding } from './workflow-rule.js';
import type { RuleContext, WorkflowRule } from './workflow-rule.js';

export const secretsInheritRule: AuditRule = {
  id: 'workflow/secrets-inherit',
  source: 'workflow',
  family: 'secrets',
  severity: 'high',
  title: 'Reusable workflow called with `secrets: inherit`',
  help:
    'Pass only the secrets the called workflow declares, by name (`secrets: { NPM_TOKEN: ${{ secrets.NPM_TOKEN }} }`), ' +
    'instead of `secrets: inherit`, which passes every secret the caller can read.',
};

export function checkSecretsInherit(context: RuleContext): AuditFinding[] {
  const { nodes } = context.model;
  const findings: AuditFinding[] = [];
  for (const job of context.model.jobs) {
    if (job.uses === undefined) continue;
    const secrets = nodes.scalar(nodes.get(job.node, 'secrets'));
    if (!secrets?.range || nodes.text(secrets)?.trim().toLowerCase() !== 'inherit') continue;
    const local = job.uses.startsWith('./');
    findings.push(
      finding(context, secretsInheritRule, {
        offset: secrets.range[0],
        message:
          `job ${code(job.id)} passes every secret to ${local ? 'the local' : 'the third-party'} reusable workflow ` +
          `${code(job.uses)} with \`secrets: inherit\``,
        severity: local ? 'medium' : 'high',
      }),
    );
  }
  return findings;
}

export const secretsInherit: WorkflowRule = { rule: secretsInheritRule, check: checkSecretsInherit };
