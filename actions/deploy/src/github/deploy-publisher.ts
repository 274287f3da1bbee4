/**
 * Everything the deploy action writes to GitHub while a rollout runs: a deployment with its
 * statuses, the check run `elder / deploy (<env>)` updated at every step and then completed, and
 * the sticky PR comment. All through GitHubDegrade: a missing permission or an outage costs one
 * warning at the end, never the verdict or the rollout.
 *
 * Deployment statuses: `in_progress` at the start; `success` with the environment URL on
 * promotion (GitHub's auto_inactive then marks the deployment it replaced `inactive`, which is
 * the "inactive for the replaced one" of the Deployments API); `failure` with the reason on a
 * rollback, an abort or a failed rollback, so the previous deployment stays the active one and
 * the environments page never claims the rolled-back commit is live.
 */
import {
  CheckRunPublisher,
  checkRunExternalId,
  checkRunName,
  type CheckRunConclusion,
} from '../../../../shared/github/check-run.js';
import type { GitHubContext } from '../../../../shared/github/context.js';
import { DeploymentPublisher, type DeploymentState } from '../../../../shared/github/deployments.js';
import type { GitHubClient } from '../../../../shared/github/octokit.js';
import { StickyComment } from '../../../../shared/github/sticky-comment.js';
import { escapeMarkdown } from '../../../../shared/render/escape.js';
import type { Tier } from '../../../../shared/result/phase-result.js';
import type { Logger } from '../../../../shared/runtime/logger.js';
import type { DeployOutcome } from '../engine/types.js';
import { deployCheckRun, deployComment, deployHeadline, type DeployReportView } from '../output/deploy-markdown.js';
import { GitHubDegrade } from './github-degrade.js';

export const DEPLOY_PHASE = 'deploy';

/** Where an earlier run left its deployment and check run (saved beside the rollout state). */
export interface GitHubRecord {
  deploymentId?: number;
  checkRunId?: number;
  /** The commit the check run and deployment belong to. */
  sha: string;
}

export interface DeployPublisherOptions {
  octokit?: GitHubClient;
  context: Pick<GitHubContext, 'owner' | 'repo' | 'sha' | 'runUrl' | 'prNumber' | 'eventName'>;
  environment: string;
  tier: Tier;
  logger: Logger;
  resultFile: string;
  /** From an earlier step or run of the same rollout: update these instead of creating new ones. */
  record?: GitHubRecord;
}

/** Tiers whose deployments are previews worth a PR comment. */
const PREVIEW_TIERS = new Set<Tier>(['development', 'staging']);

export class DeployPublisher {
  readonly degrade: GitHubDegrade;
  deploymentId: number | undefined;
  checkRunId: number | undefined;
  checkRunUrl: string | undefined;
  commentUrl: string | undefined;
  private readonly sha: string;
  private latest: DeployReportView | undefined;
  private draining: Promise<void> | undefined;

  constructor(private readonly options: DeployPublisherOptions) {
    this.degrade = new GitHubDegrade(options.logger, options.resultFile, options.octokit !== undefined);
    this.deploymentId = options.record?.deploymentId;
    this.checkRunId = options.record?.checkRunId;
    this.sha = options.record?.sha ?? options.context.sha;
  }

  get record(): GitHubRecord {
    return {
      sha: this.sha,
      ...(this.deploymentId !== undefined ? { deploymentId: this.deploymentId } : {}),
      ...(this.checkRunId !== undefined ? { checkRunId: this.checkRunId } : {}),
    };
  }

  /** The deployment (in_progress) and the check run (in_progress) for a new rollout. */
  async start(payload: { strategy: string; version: string; driver: string }, view: DeployReportView): Promise<void> {
    const { octokit, environment, tier, context, logger } = this.options;
    if (octokit) {
      const deployments = new DeploymentPublisher({ octokit, owner: context.owner, repo: context.repo, logger });
      const created = await this.degrade.attempt('deployment', () =>
        deployments.create({
          ref: this.sha,
          environment,
          description: `${payload.strategy} of ${payload.version}`,
          payload,
          ...(tier === 'production' ? { production: true } : {}),
          ...(tier === 'development' ? { transient: true } : {}),
        }),
      );
      if (created) {
        this.deploymentId = created.id;
        await this.setDeploymentStatus('in_progress', `${payload.strategy} of ${payload.version} started`);
      }
    }
    await this.publishCheckRun(view);
  }

  /** Queues a check run update; returns at once, so the rollout never waits for GitHub. */
  progress(view: DeployReportView): void {
    this.latest = view;
    this.draining ??= this.drain().finally(() => {
      this.draining = undefined;
    });
  }

  /** Final statuses, check run conclusion and (for previews) the sticky comment. */
  async finish(outcome: DeployOutcome, view: DeployReportView, environmentUrl: string | undefined): Promise<void> {
    this.latest = undefined;
    await this.draining;
    const { state, description } = deploymentVerdict(outcome);
    await this.setDeploymentStatus(state, description, state === 'success' ? environmentUrl : undefined);
    await this.publishCheckRun(view);
    if (this.wantsComment()) {
      const { octokit, context, environment, logger } = this.options;
      const issueNumber = context.prNumber;
      if (octokit && issueNumber !== undefined) {
        const sticky = new StickyComment({
          octokit,
          owner: context.owner,
          repo: context.repo,
          issueNumber,
          phase: DEPLOY_PHASE,
          environment,
          logger,
        });
        const comment = await this.degrade.attempt('comment', () => sticky.upsert(deployComment(view)));
        if (comment) this.commentUrl = comment.url;
      }
    }
  }

  /**
   * The rollout ended in an error before any verdict (bad input found late, the lock refused, a
   * crash): the deployment gets `error` and the check run fails, rather than both staying
   * in progress forever.
   */
  async fail(reason: string): Promise<void> {
    this.latest = undefined;
    await this.draining;
    await this.setDeploymentStatus('error', reason);
    const { octokit, context } = this.options;
    const id = this.checkRunId;
    if (!octokit || id === undefined) return;
    await this.degrade.attempt('check run', () =>
      octokit.rest.checks.update({
        owner: context.owner,
        repo: context.repo,
        check_run_id: id,
        status: 'completed',
        conclusion: 'failure',
        completed_at: new Date().toISOString(),
        output: {
          title: 'Deploy failed before a verdict',
          summary: `The rollout stopped with an error: ${escapeMarkdown(reason, { maxLength: 4000 })}`,
        },
      }),
    );
  }

  /** A PR comment only for previews (development, staging) or deploys run for a pull request. */
  wantsComment(): boolean {
    const { context, tier } = this.options;
    if (context.prNumber === undefined) return false;
    return PREVIEW_TIERS.has(tier) || context.eventName.startsWith('pull_request');
  }

  async setDeploymentStatus(state: DeploymentState, description: string, environmentUrl?: string): Promise<void> {
    const { octokit, context, logger } = this.options;
    const id = this.deploymentId;
    if (!octokit || id === undefined) return;
    const deployments = new DeploymentPublisher({ octokit, owner: context.owner, repo: context.repo, logger });
    await this.degrade.attempt('deployment', () =>
      deployments.setStatus(id, {
        state,
        description,
        logUrl: context.runUrl,
        ...(environmentUrl ? { environmentUrl } : {}),
      }),
    );
  }

  private async drain(): Promise<void> {
    while (this.latest) {
      const view = this.latest;
      this.latest = undefined;
      await this.publishCheckRun(view);
    }
  }

  private async publishCheckRun(view: DeployReportView): Promise<void> {
    const { octokit, context, environment, logger } = this.options;
    if (!octokit) return;
    const content = deployCheckRun(view);
    const status = content.conclusion ? 'completed' : 'in_progress';
    const conclusion: CheckRunConclusion | undefined = content.conclusion;
    const id = this.checkRunId;
    if (id !== undefined) {
      // Known id: one PATCH, no listing (the check run is updated at every step).
      await this.degrade.attempt('check run', () =>
        octokit.rest.checks.update({
          owner: context.owner,
          repo: context.repo,
          check_run_id: id,
          status,
          ...(conclusion ? { conclusion, completed_at: new Date().toISOString() } : {}),
          output: { title: content.title, summary: content.summary },
        }),
      );
      return;
    }
    const publisher = new CheckRunPublisher({ octokit, owner: context.owner, repo: context.repo, logger });
    const published = await this.degrade.attempt('check run', () =>
      publisher.publish({
        name: checkRunName(DEPLOY_PHASE, environment),
        externalId: checkRunExternalId(DEPLOY_PHASE, environment),
        headSha: this.sha,
        status,
        ...(conclusion ? { conclusion } : {}),
        title: content.title,
        summary: content.summary,
        detailsUrl: context.runUrl,
      }),
    );
    if (published) {
      this.checkRunId = published.id;
      this.checkRunUrl = published.url;
    }
  }
}

/** The deployment status for a finished rollout, with a description that says why. */
export function deploymentVerdict(outcome: DeployOutcome): { state: DeploymentState; description: string } {
  const d = outcome.details;
  switch (d.finalState) {
    case 'promoted':
      return { state: 'success', description: `promoted ${d.candidateVersion} after ${d.steps.length} step(s)` };
    case 'paused':
      return { state: 'in_progress', description: 'paused: waiting for a promote or abort dispatch' };
    case 'failed_rollback':
      return { state: 'failure', description: deployHeadline(outcome) };
    case 'aborted':
      return { state: 'failure', description: `aborted (${d.stopReason ?? 'command'}); ${d.stableVersion} serves` };
    case 'rolled_back': {
      const step = d.steps.at(-1);
      const why = step?.judge?.summary ?? d.stopReason ?? 'error';
      return { state: 'failure', description: `rolled back (${d.stopReason ?? 'error'}): ${why}` };
    }
  }
}
