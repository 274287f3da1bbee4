/**
 * `workflow/dangerous-trigger`: `pull_request_target` and `workflow_run` run in the base
 * repository's context, with secrets and a token that can write, even for a pull request from a
 * fork. Checking out the pull request's code (its head ref or SHA, `refs/pull/N/...`, or the
 * triggering run's head) and then running anything from it (a `run:` step, a local `./` action,
 * a build action) lets the fork's author run code with those privileges ("pwn request").
 * Checking out the base branch (no `ref:`) is safe, and so is checking out the head without
 * running anything afterwards in that job.
 */
import type { Scalar } from 'yaml';
import type { AuditFinding, AuditRule } from '../../model/audit-rule.js';
import { contextPaths } from '../expressions/context-paths.js';
import { scanTemplates } from '../expressions/template.js';
import { templateOffset } from '../model/source-position.js';
import { actionName, usesAction } from '../model/workflow-model.js';
import type { StepModel } from '../model/workflow-model.js';
import { code, finding } from './workflow-rule.js';
import type { RuleContext, WorkflowRule } from './workflow-rule.js';

export const dangerousTriggerRule: AuditRule = {
  id: 'workflow/dangerous-trigger',
  source: 'workflow',
  family: 'secure_pipeline',
  severity: 'critical',
  title: 'Privileged trigger runs untrusted code',
  help:
    'Do not check out and run pull request code in `pull_request_target` or `workflow_run` workflows. Run ' +
    'builds and tests on `pull_request` (no secrets, read-only token) and, if a privileged step must ' +
    'follow, pass data as an artifact and treat it as untrusted input.',
};

const DANGEROUS_TRIGGERS = ['pull_request_target', 'workflow_run'];

/** Context paths naming the untrusted side of a pull request or triggering run. */
const UNTRUSTED_REF_PATHS = new Set([
  'github.head_ref',
  'github.event.pull_request.head.sha',
  'github.event.pull_request.head.ref',
  'github.event.pull_request.head.label',
  'github.event.pull_request.head.repo.full_name',
  'github.event.pull_request.merge_commit_sha',
  'github.event.workflow_run.head_sha',
  'github.event.workflow_run.head_branch',
  'github.event.workflow_run.head_commit.id',
  'github.event.workflow_run.head_repository.full_name',
]);

/** Actions that build or execute the checked-out code. */
const EXECUTING_ACTIONS = new Set([
  'docker/build-push-action',
  'gradle/gradle-build-action',
  'gradle/actions/setup-gradle',
  'goreleaser/goreleaser-action',
  'cypress-io/github-action',
  'pnpm/action-setup',
  'bahmutov/npm-install',
  'borales/actions-yarn',
]);

interface UntrustedCheckout {
  offset: number;
  what: string;
}

export function checkDangerousTrigger(context: RuleContext): AuditFinding[] {
  const { model } = context;
  const triggers = DANGEROUS_TRIGGERS.filter((t) => model.triggers.has(t));
  if (triggers.length === 0) return [];
  const findings: AuditFinding[] = [];
  for (const job of model.jobs) {
    for (let i = 0; i < job.steps.length; i++) {
      const step = job.steps[i] as StepModel;
      if (!usesAction(step.uses, 'actions/checkout')) continue;
      const checkout = untrustedCheckout(context, step);
      if (!checkout) continue;
      const runner = job.steps.slice(i + 1).find(executes);
      if (!runner) continue;
      findings.push(
        finding(context, dangerousTriggerRule, {
          offset: checkout.offset,
          message:
            `${triggers.map((t) => code(t)).join(' and ')} workflow checks out untrusted code (${checkout.what}) in job ` +
            `${code(job.id)} and then runs it (step ${runner.index + 1}: ${runner.uses ? code(runner.uses) : '`run:`'})`,
        }),
      );
    }
  }
  return findings;
}

function untrustedCheckout(context: RuleContext, step: StepModel): UntrustedCheckout | undefined {
  const { nodes, yaml } = context.model;
  for (const input of ['ref', 'repository']) {
    const scalar = nodes.scalar(nodes.get(step.withMap, input));
    const value = nodes.text(scalar);
    if (!scalar?.range || value === undefined) continue;
    if (value.includes('refs/pull/')) return { offset: scalar.range[0], what: `${input}: ${code(value)}` };
    const hit = untrustedTemplate(value, scalar, yaml.text);
    if (hit) return { offset: hit.offset, what: `${input}: ${code(hit.expression)}` };
  }
  return undefined;
}

function untrustedTemplate(
  value: string,
  scalar: Scalar,
  text: string,
): { offset: number; expression: string } | undefined {
  for (const part of scanTemplates(value)) {
    if (!part.ast) continue;
    const paths = contextPaths(part.ast);
    const literalPull = value.slice(part.start, part.end).includes('refs/pull/');
    if (literalPull || paths.some((p) => UNTRUSTED_REF_PATHS.has(p))) {
      return { offset: templateOffset(text, scalar, part.ordinal), expression: value.slice(part.start, part.end) };
    }
  }
  return undefined;
}

function executes(step: StepModel): boolean {
  if (step.run) return true;
  if (step.uses === undefined) return false;
  if (step.uses.startsWith('./')) return true;
  return EXECUTING_ACTIONS.has(actionName(step.uses));
}

export const dangerousTrigger: WorkflowRule = { rule: dangerousTriggerRule, check: checkDangerousTrigger };
