/**
 * After the engine decided: the result file, the revert pull request (when asked for and the
 * rollout was rolled back), the final deployment status, check run and comment, the job
 * summary and the step outputs, then the one degrade warning. Shared by the main and the post
 * step, so a rollout finished by either reads the same everywhere.
 */
import * as core from '@actions/core';
import type { EnvironmentConfig } from '../../../../shared/config/types.js';
import type { GitHubContext } from '../../../../shared/github/context.js';
import { appendJobSummary } from '../../../../shared/github/job-summary.js';
import type { GitHubClient } from '../../../../shared/github/octokit.js';
import { escapeMarkdown } from '../../../../shared/render/escape.js';
import { PHASE_RESULT_SCHEMA_VERSION, type PhaseResult } from '../../../../shared/result/phase-result.js';
import { writePhaseResult } from '../../../../shared/result/result-file.js';
import type { Logger } from '../../../../shared/runtime/logger.js';
import { TOOL } from '../engine/outcome.js';
import type { DeployOutcome, StepRecord } from '../engine/types.js';
import { deployHeadline, deployJobSummary, type DeployReportView } from '../output/deploy-markdown.js';
import type { DeployPublisher } from './deploy-publisher.js';
import { lastGoodDeploymentSha } from './last-good-deployment.js';
import { openRevertPullRequest } from './revert-pull-request.js';

export interface FinishContext {
  octokit: GitHubClient | undefined;
  github: Pick<GitHubContext, 'owner' | 'repo' | 'ref' | 'baseRef' | 'payload' | 'runUrl'>;
  publisher: DeployPublisher;
  logger: Logger;
  outputDir: string;
  revertPr: boolean;
  environmentUrl: string | undefined;
  view(steps: readonly StepRecord[]): DeployReportView;
}

export interface FinishedDeploy {
  resultFile: string;
  revertPrUrl?: string;
}

export async function finishDeploy(outcome: DeployOutcome, ctx: FinishContext): Promise<FinishedDeploy> {
  const { publisher, logger } = ctx;
  const resultFile = await writePhaseResult(outcome.result, ctx.outputDir);
  const state = outcome.details.finalState;
  let revertPrUrl: string | undefined;
  if (ctx.revertPr && (state === 'rolled_back' || state === 'failed_rollback')) {
    revertPrUrl = await openRevert(outcome, ctx);
  }
  const base = ctx.view(outcome.details.steps);
  const d = outcome.details;
  const view: DeployReportView = {
    ...base,
    // What the rollout really was (a dispatch or post step knows it from the state file only).
    strategy: d.strategy,
    driver: d.driver,
    stableVersion: d.stableVersion,
    candidateVersion: d.candidateVersion,
    outcome,
    links: {
      ...base.links,
      resultFile,
      ...(ctx.environmentUrl ? { environmentUrl: ctx.environmentUrl } : {}),
      ...(publisher.deploymentId !== undefined ? { deploymentId: publisher.deploymentId } : {}),
      ...(revertPrUrl ? { revertPrUrl } : {}),
    },
  };
  await logger.group('Publish', () => publisher.finish(outcome, view, ctx.environmentUrl));
  appendJobSummary(deployJobSummary(view), { logger, fullReportAt: resultFile });

  const last = [...outcome.details.steps].reverse().find((s) => s.judge);
  core.setOutput('status', outcome.result.status);
  core.setOutput('outcome', state);
  core.setOutput('verdict', last?.judge?.verdict ?? outcome.details.steps.at(-1)?.verdict ?? 'not_assessed');
  core.setOutput('score', last?.judge ? (last.judge.score / 100).toFixed(4) : '');
  core.setOutput('deployment-id', publisher.deploymentId === undefined ? '' : String(publisher.deploymentId));
  core.setOutput('environment-url', state === 'promoted' ? (ctx.environmentUrl ?? '') : '');
  core.setOutput('result-file', resultFile);
  core.setOutput('revert-pr-url', revertPrUrl ?? '');
  publisher.degrade.warnOnce();
  if (state === 'failed_rollback') logger.error(deployHeadline(outcome));
  logger.info(outcome.result.summary);
  return { resultFile, ...(revertPrUrl ? { revertPrUrl } : {}) };
}

/** The revert pull request back to the last commit that deployed well; undefined when none. */
async function openRevert(outcome: DeployOutcome, ctx: FinishContext): Promise<string | undefined> {
  const { octokit, github, publisher, logger } = ctx;
  if (!octokit) {
    logger.info('revert-pr: no token, so no revert pull request');
    return undefined;
  }
  const badSha = publisher.record.sha;
  const goodSha = await publisher.degrade.attempt('deployment history', () =>
    lastGoodDeploymentSha(octokit, {
      owner: github.owner,
      repo: github.repo,
      environment: outcome.result.environment,
      badSha,
      ...(publisher.deploymentId !== undefined ? { excludeDeploymentId: publisher.deploymentId } : {}),
    }),
  );
  if (!goodSha) {
    logger.warning(
      `revert-pr: no earlier successful deployment of '${outcome.result.environment}' to revert to; no pull request opened`,
    );
    return undefined;
  }
  const pr = await publisher.degrade.attempt('revert pull request', () =>
    openRevertPullRequest(
      octokit,
      {
        owner: github.owner,
        repo: github.repo,
        base: baseBranch(github),
        environment: outcome.result.environment,
        badSha,
        goodSha,
        version: outcome.details.candidateVersion,
        reason: outcome.result.summary,
        runUrl: github.runUrl,
      },
      logger,
    ),
  );
  return pr?.url;
}

/** The branch the bad commit came from: the PR's base, the pushed branch, else the default. */
export function baseBranch(github: Pick<GitHubContext, 'ref' | 'baseRef' | 'payload'>): string {
  if (github.baseRef) return github.baseRef;
  if (github.ref.startsWith('refs/heads/')) return github.ref.slice('refs/heads/'.length);
  const repository = github.payload['repository'] as { default_branch?: unknown } | undefined;
  return typeof repository?.default_branch === 'string' ? repository.default_branch : 'main';
}

/** Deploy is disabled for the environment: say so in a result, never as a pass. */
export async function notAssessed(environment: EnvironmentConfig, outputDir: string, logger: Logger): Promise<void> {
  const now = new Date().toISOString();
  const result: PhaseResult = {
    schemaVersion: PHASE_RESULT_SCHEMA_VERSION,
    phase: 'deploy',
    environment: environment.name,
    tier: environment.tier,
    status: 'not_assessed',
    score: null,
    summary: `deploy is disabled for ${environment.name} (phases.deploy.enabled: false)`,
    metrics: [],
    findings: [],
    evidence: [],
    timings: { startedAt: now, finishedAt: now, durationMs: 0 },
    tool: { ...TOOL },
  };
  const resultFile = await writePhaseResult(result, outputDir);
  for (const [name, value] of Object.entries({
    status: 'not_assessed',
    outcome: '',
    verdict: 'not_assessed',
    score: '',
    'deployment-id': '',
    'environment-url': '',
    'result-file': resultFile,
    'revert-pr-url': '',
  })) {
    core.setOutput(name, value);
  }
  appendJobSummary(
    `## Deploy ${escapeMarkdown(environment.name)}\n\nNot assessed: ${escapeMarkdown(result.summary)}.\n`,
    {
      logger,
    },
  );
  logger.info(result.summary);
}
