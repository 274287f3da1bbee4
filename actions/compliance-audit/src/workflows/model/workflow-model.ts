/**
 * The shape of a workflow (or composite action) that the rules look at, extracted once per file
 * from the YAML nodes so each rule does not re-walk the document: triggers, permissions, env
 * scopes, jobs and their steps in order, each part keeping its node for positions.
 */
import type { Node, Scalar, YAMLMap } from 'yaml';
import type { ParsedWorkflowYaml } from '../load/parse-workflow-yaml.js';
import { YamlNodes } from './yaml-nodes.js';
import type { AnyNode } from './yaml-nodes.js';

/** `other-action`: a JavaScript or Docker action's metadata; no rule applies to it. */
export type WorkflowKind = 'workflow' | 'composite-action' | 'other-action';

export interface StepModel {
  index: number;
  node: YAMLMap;
  /** `uses:` value, trimmed. */
  uses?: string;
  usesNode?: Scalar;
  run?: Scalar;
  withMap?: YAMLMap;
  envMap?: YAMLMap;
}

export interface JobModel {
  id: string;
  keyNode: Node;
  node: YAMLMap;
  /** Present when the job has a `permissions:` key. */
  permissions?: AnyNode;
  permissionsKey?: Node;
  envMap?: YAMLMap;
  steps: StepModel[];
  /** Reusable workflow call: job-level `uses:`. */
  uses?: string;
  usesNode?: Scalar;
  runsOn?: AnyNode;
  needs: string[];
}

export interface WorkflowModel {
  kind: WorkflowKind;
  yaml: ParsedWorkflowYaml;
  nodes: YamlNodes;
  /** Event names (as written) → their configuration node (null when none). */
  triggers: Map<string, AnyNode>;
  triggersNode?: AnyNode;
  permissions?: AnyNode;
  permissionsKey?: Node;
  envMap?: YAMLMap;
  jobs: JobModel[];
}

export function buildWorkflowModel(yaml: ParsedWorkflowYaml): WorkflowModel {
  const nodes = new YamlNodes(yaml.document);
  const root = yaml.root;
  const runs = nodes.map(nodes.get(root, 'runs'));
  if (runs && !nodes.has(root, 'jobs')) return compositeModel(yaml, nodes, runs);

  const triggersNode = nodes.get(root, 'on');
  const triggers = new Map<string, AnyNode>();
  const onMap = nodes.map(triggersNode);
  if (onMap) for (const entry of nodes.entries(onMap)) triggers.set(entry.key, entry.value);
  else
    for (const item of nodes.list(triggersNode)) {
      const name = nodes.text(item);
      if (name !== undefined) triggers.set(name, null);
    }
  const permissionsPair = nodes.pair(root, 'permissions');
  const jobs: JobModel[] = [];
  for (const entry of nodes.entries(nodes.map(nodes.get(root, 'jobs')))) {
    const jobMap = nodes.map(entry.value);
    if (jobMap) jobs.push(jobModel(nodes, entry.key, entry.keyNode, jobMap));
  }
  return {
    kind: 'workflow',
    yaml,
    nodes,
    triggers,
    triggersNode,
    permissions: permissionsPair ? nodes.resolve(permissionsPair.value) : undefined,
    permissionsKey: permissionsPair?.key as Node | undefined,
    envMap: nodes.map(nodes.get(root, 'env')),
    jobs,
  };
}

function jobModel(nodes: YamlNodes, id: string, keyNode: Node, node: YAMLMap): JobModel {
  const permissionsPair = nodes.pair(node, 'permissions');
  const usesNode = nodes.scalar(nodes.get(node, 'uses'));
  const steps: StepModel[] = [];
  nodes.list(nodes.get(node, 'steps')).forEach((item, index) => {
    const step = nodes.map(item);
    if (step) steps.push(stepModel(nodes, index, step));
  });
  const needs = nodes
    .list(nodes.get(node, 'needs'))
    .map((n) => nodes.text(n))
    .filter((n): n is string => n !== undefined);
  return {
    id,
    keyNode,
    node,
    permissions: permissionsPair ? nodes.resolve(permissionsPair.value) : undefined,
    permissionsKey: permissionsPair?.key as Node | undefined,
    envMap: nodes.map(nodes.get(node, 'env')),
    steps,
    uses: usesNode ? nodes.text(usesNode)?.trim() : undefined,
    usesNode,
    runsOn: nodes.get(node, 'runs-on'),
    needs,
  };
}

function stepModel(nodes: YamlNodes, index: number, node: YAMLMap): StepModel {
  const usesNode = nodes.scalar(nodes.get(node, 'uses'));
  return {
    index,
    node,
    uses: usesNode ? nodes.text(usesNode)?.trim() : undefined,
    usesNode,
    run: nodes.scalar(nodes.get(node, 'run')),
    withMap: nodes.map(nodes.get(node, 'with')),
    envMap: nodes.map(nodes.get(node, 'env')),
  };
}

/** A composite action (`runs.using: composite`) is audited as one job of its steps. */
function compositeModel(yaml: ParsedWorkflowYaml, nodes: YamlNodes, runs: YAMLMap): WorkflowModel {
  const using = nodes.text(nodes.get(runs, 'using'))?.toLowerCase();
  if (using !== 'composite') return { kind: 'other-action', yaml, nodes, triggers: new Map(), jobs: [] };
  const steps: StepModel[] = [];
  nodes.list(nodes.get(runs, 'steps')).forEach((item, index) => {
    const step = nodes.map(item);
    if (step) steps.push(stepModel(nodes, index, step));
  });
  const runsPair = nodes.pair(yaml.root, 'runs');
  const job: JobModel = { id: '(composite)', keyNode: runsPair?.key as Node, node: runs, steps, needs: [] };
  return { kind: 'composite-action', yaml, nodes, triggers: new Map(), jobs: [job] };
}

/** Lower-cased `owner/repo[/path]` of a `uses:` value without its `@ref`, or the value itself. */
export function actionName(uses: string): string {
  const at = uses.indexOf('@');
  return (at < 0 ? uses : uses.slice(0, at)).toLowerCase();
}

/** True when `uses` names `action` (e.g. `actions/checkout`) at any ref. */
export function usesAction(uses: string | undefined, action: string): boolean {
  return uses !== undefined && actionName(uses) === action;
}
