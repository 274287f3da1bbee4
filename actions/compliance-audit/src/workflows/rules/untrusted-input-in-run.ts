/**
 * `workflow/untrusted-input-in-run`: an attacker-chosen value (issue title, branch name, commit
 * message, ...) expanded by `${{ }}` into a `run:` script or `actions/github-script`'s `script:`
 * is pasted into the program text before it runs: a shell or JavaScript injection. Passing the
 * value through `env:` and reading it as a variable (`"$TITLE"`, `process.env.TITLE`) is the fix
 * and is safe; expanding that env var back with `${{ env.TITLE }}` is not.
 */
import type { Scalar, YAMLMap } from 'yaml';
import type { AuditFinding, AuditRule } from '../../model/audit-rule.js';
import { scanTemplates } from '../expressions/template.js';
import { taintOf } from '../expressions/taint.js';
import type { EnvResolver, TaintSource } from '../expressions/taint.js';
import { templateOffset } from '../model/source-position.js';
import { usesAction } from '../model/workflow-model.js';
import type { JobModel, StepModel, WorkflowModel } from '../model/workflow-model.js';
import type { YamlNodes } from '../model/yaml-nodes.js';
import { code, finding } from './workflow-rule.js';
import type { RuleContext, WorkflowRule } from './workflow-rule.js';

export const untrustedInputInRunRule: AuditRule = {
  id: 'workflow/untrusted-input-in-run',
  source: 'workflow',
  family: 'secure_pipeline',
  severity: 'high',
  title: 'Untrusted input expanded into a script',
  help:
    'A `${{ }}` expression that yields attacker-controlled text (issue or pull request title and body, ' +
    'branch names, commit messages, comments) is substituted into the script before it runs, so the ' +
    'text becomes code. Pass the value through `env:` (e.g. `env: TITLE: ${{ github.event.issue.title }}`) ' +
    'and read it as a quoted variable (`"$TITLE"` in shell, `process.env.TITLE` in github-script).',
};

/** Triggers an outsider can fire while the job holds secrets or a write token. */
const PRIVILEGED_TRIGGERS = new Set([
  'pull_request_target',
  'workflow_run',
  'issue_comment',
  'issues',
  'discussion',
  'discussion_comment',
]);

export function checkUntrustedInputInRun(context: RuleContext): AuditFinding[] {
  const { model } = context;
  const findings: AuditFinding[] = [];
  const privileged = [...model.triggers.keys()].some((t) => PRIVILEGED_TRIGGERS.has(t));
  for (const job of model.jobs) {
    for (const step of job.steps) {
      const sinks: { scalar: Scalar; where: string }[] = [];
      if (step.run) sinks.push({ scalar: step.run, where: '`run:` script' });
      if (usesAction(step.uses, 'actions/github-script')) {
        const script = model.nodes.scalar(model.nodes.get(step.withMap, 'script'));
        if (script) sinks.push({ scalar: script, where: '`actions/github-script` script' });
      }
      if (sinks.length === 0) continue;
      const env = envResolver(model, job, step);
      for (const sink of sinks) {
        const value = sink.scalar.value;
        if (typeof value !== 'string') continue;
        for (const part of scanTemplates(value)) {
          if (!part.ast) continue;
          const sources = taintOf(part.ast, env);
          if (sources.length === 0) continue;
          const expression = value.slice(part.start, part.end);
          findings.push(
            finding(context, untrustedInputInRunRule, {
              offset: templateOffset(model.yaml.text, sink.scalar, part.ordinal),
              message:
                `${code(expression)} expands attacker-controlled ${describeSources(sources)} into the ` +
                `${sink.where} of ${stepName(job, step, model)}`,
              evidence: expression,
              severity: privileged ? 'critical' : 'high',
            }),
          );
        }
      }
    }
  }
  return findings;
}

function describeSources(sources: TaintSource[]): string {
  return sources.map((s) => code(s.path)).join(', ');
}

function stepName(job: JobModel, step: StepModel, model: WorkflowModel): string {
  const name =
    model.nodes.text(model.nodes.get(step.node, 'name')) ?? model.nodes.text(model.nodes.get(step.node, 'id'));
  const where = model.kind === 'composite-action' ? 'the composite action' : `job ${code(job.id)}`;
  return `step ${step.index + 1}${name ? ` (${code(name)})` : ''} of ${where}`;
}

/**
 * Resolves `${{ env.NAME }}` at a step: the step's `env:` wins over the job's, which wins over the
 * workflow's; an env value may itself expand an outer scope's env.
 */
function envResolver(model: WorkflowModel, job: JobModel, step: StepModel): EnvResolver {
  const scopes = [step.envMap, job.envMap, model.envMap];
  return (name) => resolveIn(model.nodes, scopes, 0, name);
}

function resolveIn(nodes: YamlNodes, scopes: (YAMLMap | undefined)[], from: number, name: string): TaintSource[] {
  const wanted = name.toLowerCase();
  for (let level = from; level < scopes.length; level++) {
    const scope = scopes[level];
    if (!scope) continue;
    const entry = nodes.entries(scope).find((e) => e.key.toLowerCase() === wanted);
    if (!entry) continue;
    const text = nodes.text(entry.value);
    if (text === undefined || !text.includes('${{')) return [];
    const outer: EnvResolver = (inner) => resolveIn(nodes, scopes, level + 1, inner);
    const sources: TaintSource[] = [];
    for (const part of scanTemplates(text)) {
      if (part.ast) for (const s of taintOf(part.ast, outer)) sources.push({ path: `env.${entry.key} = ${s.path}` });
    }
    return sources;
  }
  return [];
}

export const untrustedInputInRun: WorkflowRule = { rule: untrustedInputInRunRule, check: checkUntrustedInputInRun };
