/**
 * `workflow/self-hosted-runner-public`: on a public repository anyone can open a pull request,
 * and a workflow that runs on a self-hosted runner then runs a stranger's code on your machine,
 * which (unlike GitHub's ephemeral VMs) persists between jobs. Detected when `runs-on` carries the
 * `self-hosted` label: as a string, in a list, in `labels:` of the object form, or in a matrix
 * value that `runs-on` expands. A `group:` alone is not reported: runner groups also hold
 * GitHub-hosted larger runners. Needs the repository's visibility; the caller reports the rule as
 * not assessed when it is unknown.
 */
import { isMap, isScalar, isSeq } from 'yaml';
import type { AuditFinding, AuditRule } from '../../model/audit-rule.js';
import type { AnyNode, YamlNodes } from '../model/yaml-nodes.js';
import { startOf } from '../model/yaml-nodes.js';
import { code, finding } from './workflow-rule.js';
import type { RuleContext, WorkflowRule } from './workflow-rule.js';

export const selfHostedRunnerPublicRule: AuditRule = {
  id: 'workflow/self-hosted-runner-public',
  source: 'workflow',
  family: 'secure_pipeline',
  severity: 'high',
  title: 'Self-hosted runner on a public repository',
  help:
    'Use GitHub-hosted runners for public repositories, or restrict self-hosted runners to private ' +
    'repositories through runner groups and require approval for fork pull requests; use ephemeral runners.',
};

const LABEL = 'self-hosted';
const MAX_MATRIX_NODES = 2000;

export function checkSelfHostedRunnerPublic(context: RuleContext): AuditFinding[] {
  if (context.options.visibility !== 'public') return [];
  const { nodes } = context.model;
  const findings: AuditFinding[] = [];
  for (const job of context.model.jobs) {
    const hit = selfHostedLabel(nodes, job.runsOn) ?? viaMatrix(nodes, job.runsOn, job.node);
    if (hit === undefined) continue;
    findings.push(
      finding(context, selfHostedRunnerPublicRule, {
        offset: hit,
        message: `job ${code(job.id)} runs on a self-hosted runner in a public repository`,
      }),
    );
  }
  return findings;
}

/** Offset of the `self-hosted` label in a `runs-on` value, if there is one. */
function selfHostedLabel(nodes: YamlNodes, runsOn: AnyNode): number | undefined {
  const map = nodes.map(runsOn);
  const labels = map ? nodes.get(map, 'labels') : runsOn;
  for (const item of nodes.list(labels)) {
    if (nodes.text(item)?.trim().toLowerCase() === LABEL) return startOf(item);
  }
  return undefined;
}

/** `runs-on: ${{ matrix.x }}` where some matrix value (or include entry) is `self-hosted`. */
function viaMatrix(nodes: YamlNodes, runsOn: AnyNode, job: AnyNode): number | undefined {
  const text = nodes.text(runsOn);
  const hasMatrix =
    text?.toLowerCase().includes('matrix.') ||
    nodes.list(runsOn).some((i) => nodes.text(i)?.toLowerCase().includes('matrix.'));
  if (!hasMatrix) return undefined;
  const matrix = nodes.get(nodes.map(nodes.get(nodes.map(job), 'strategy')), 'matrix');
  const stack: AnyNode[] = [matrix];
  let budget = MAX_MATRIX_NODES;
  while (stack.length > 0 && budget-- > 0) {
    const node = nodes.resolve(stack.pop());
    if (isScalar(node) && String(node.value).trim().toLowerCase() === LABEL) return startOf(runsOn);
    else if (isSeq(node)) for (const item of node.items) stack.push(item as AnyNode);
    else if (isMap(node)) for (const pair of node.items) stack.push(pair.value as AnyNode);
  }
  return undefined;
}

export const selfHostedRunnerPublic: WorkflowRule = {
  rule: selfHostedRunnerPublicRule,
  check: checkSelfHostedRunnerPublic,
};
