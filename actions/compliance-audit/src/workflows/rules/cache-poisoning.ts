/**
 * `workflow/cache-poisoning`: GitHub Actions caches are shared across a repository's workflows
 * and branches (a pull request workflow can write entries the default branch later restores).
 * A release job that restores a cache can therefore ship whatever a less trusted workflow put
 * there. Reported for every cache restore in a release job:
 *
 * - release workflow by trigger (`release`, `push` of `tags:`): every job;
 * - otherwise, jobs that publish (`npm publish`, `docker push`, `gh release`, release actions...)
 *   and the jobs they `needs:` (their outputs flow into the release).
 *
 * Cache restores: `actions/cache`, `actions/cache/restore`, `actions/setup-{node,python,java,dotnet}`
 * with `cache:` set, `actions/setup-go` v4+ unless `cache: false` (it caches by default),
 * `ruby/setup-ruby` with `bundler-cache: true`, `astral-sh/setup-uv` with `enable-cache: true`.
 */

import type { AuditFinding, AuditRule } from '../../model/audit-rule.js';
import { actionName } from '../model/workflow-model.js';
import type { JobModel, StepModel, WorkflowModel } from '../model/workflow-model.js';
import { code, finding } from './workflow-rule.js';
import type { RuleContext, WorkflowRule } from './workflow-rule.js';

export const cachePoisoningRule: AuditRule = {
  id: 'workflow/cache-poisoning',
  source: 'workflow',
  family: 'supply_chain',
  severity: 'high',
  title: 'Release workflow restores a cache',
  help:
    'Do not restore caches in jobs that build or publish releases: build them from a clean state ' +
    '(disable `cache:` in setup actions, drop `actions/cache`), so a cache entry written by a less trusted ' +
    'workflow cannot end up in a published artifact.',
};

/** Lower-case fragments of `run:` scripts that publish. */
const PUBLISH_COMMANDS = [
  'npm publish',
  'yarn publish',
  'yarn npm publish',
  'pnpm publish',
  'docker push',
  'docker buildx build --push',
  'gh release create',
  'gh release upload',
  'twine upload',
  'cargo publish',
  'gem push',
  'mvn deploy',
  'gradle publish',
  'gradlew publish',
  'poetry publish',
  'uv publish',
  'dotnet nuget push',
  'nuget push',
  'goreleaser release',
  'vsce publish',
  'semantic-release',
  'helm push',
];

const PUBLISH_ACTIONS = new Set([
  'actions/create-release',
  'actions/upload-release-asset',
  'softprops/action-gh-release',
  'ncipollo/release-action',
  'svenstaro/upload-release-action',
  'pypa/gh-action-pypi-publish',
  'goreleaser/goreleaser-action',
  'js-devtools/npm-publish',
  'changesets/action',
  'cycjimmy/semantic-release-action',
  'docker/build-push-action',
]);

const SETUP_WITH_CACHE = new Set([
  'actions/setup-node',
  'actions/setup-python',
  'actions/setup-java',
  'actions/setup-dotnet',
]);

export function checkCachePoisoning(context: RuleContext): AuditFinding[] {
  const { model } = context;
  const byTrigger = releaseTrigger(model);
  const releaseJobs = byTrigger ? new Set(model.jobs.map((j) => j.id)) : publishingJobs(model);
  if (releaseJobs.size === 0) return [];
  const why = byTrigger ?? 'publishes';
  const findings: AuditFinding[] = [];
  for (const job of model.jobs) {
    if (!releaseJobs.has(job.id)) continue;
    for (const step of job.steps) {
      const cache = cacheRestore(model, step);
      if (!cache || !step.usesNode?.range) continue;
      findings.push(
        finding(context, cachePoisoningRule, {
          offset: step.usesNode.range[0],
          message: `${code(step.uses ?? '')} restores a cache (${cache}) in job ${code(job.id)} of a workflow that ${why}`,
          evidence: step.uses,
        }),
      );
    }
  }
  return findings;
}

function releaseTrigger(model: WorkflowModel): string | undefined {
  if (model.triggers.has('release')) return 'runs on `release`';
  const push = model.nodes.map(model.triggers.get('push'));
  if (push && model.nodes.has(push, 'tags')) return 'runs on pushed tags';
  return undefined;
}

function publishingJobs(model: WorkflowModel): Set<string> {
  const byId = new Map(model.jobs.map((j) => [j.id, j] as const));
  const result = new Set<string>();
  const add = (job: JobModel): void => {
    if (result.has(job.id)) return;
    result.add(job.id);
    for (const need of job.needs) {
      const upstream = byId.get(need);
      if (upstream) add(upstream);
    }
  };
  for (const job of model.jobs) if (job.steps.some((s) => publishes(model, s))) add(job);
  return result;
}

function publishes(model: WorkflowModel, step: StepModel): boolean {
  if (step.uses !== undefined) {
    const name = actionName(step.uses);
    if (!PUBLISH_ACTIONS.has(name)) return false;
    if (name !== 'docker/build-push-action') return true;
    return model.nodes.text(model.nodes.get(step.withMap, 'push'))?.trim().toLowerCase() === 'true';
  }
  const script = model.nodes.text(step.run)?.toLowerCase();
  return script !== undefined && PUBLISH_COMMANDS.some((command) => script.includes(command));
}

/** Describes the cache a step restores, or undefined when it restores none. */
function cacheRestore(model: WorkflowModel, step: StepModel): string | undefined {
  if (step.uses === undefined) return undefined;
  const name = actionName(step.uses);
  const input = (key: string): string | undefined =>
    model.nodes.text(model.nodes.get(step.withMap, key))?.trim().toLowerCase();
  if (name === 'actions/cache' || name === 'actions/cache/restore') return 'actions/cache';
  if (SETUP_WITH_CACHE.has(name)) {
    const cache = input('cache');
    return cache !== undefined && cache !== '' && cache !== 'false' ? `cache: ${cache}` : undefined;
  }
  if (name === 'actions/setup-go') {
    const cache = input('cache');
    if (cache === 'false') return undefined;
    if (cache !== undefined && cache !== '') return `cache: ${cache}`;
    return cachesByDefault(step.uses) ? 'setup-go caches by default from v4' : undefined;
  }
  if (name === 'ruby/setup-ruby') return input('bundler-cache') === 'true' ? 'bundler-cache: true' : undefined;
  if (name === 'astral-sh/setup-uv') return input('enable-cache') === 'true' ? 'enable-cache: true' : undefined;
  return undefined;
}

/** setup-go caches unless told not to from v4 on; a SHA pin is assumed recent. */
function cachesByDefault(uses: string): boolean {
  const ref = uses.slice(uses.lastIndexOf('@') + 1);
  const major = /^v(\d+)/i.exec(ref);
  if (major) return Number(major[1]) >= 4;
  return ref.length === 40;
}

export const cachePoisoning: WorkflowRule = { rule: cachePoisoningRule, check: checkCachePoisoning };
