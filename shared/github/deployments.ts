/**
 * GitHub deployments and their statuses, so a deploy shows in the repository's environments
 * page with a link to the live URL and to the run's log.
 */
import { truncateCodeUnits } from '../render/truncate.js';
import type { Logger } from '../runtime/logger.js';
import type { GitHubClient } from './octokit.js';

export type DeploymentState = 'queued' | 'pending' | 'in_progress' | 'success' | 'failure' | 'error' | 'inactive';

export interface CreateDeploymentRequest {
  /** Branch, tag or sha to deploy. */
  ref: string;
  environment: string;
  description?: string;
  /** Environments that go away (preview apps); default false. */
  transient?: boolean;
  /** Default: GitHub's own rule (true for `production`). */
  production?: boolean;
  /** Extra data kept with the deployment, e.g. strategy and version. */
  payload?: Record<string, unknown>;
  /** Default `deploy`. */
  task?: string;
}

export interface DeploymentStatusRequest {
  state: DeploymentState;
  /** The deployed service's URL, shown as "View deployment". */
  environmentUrl?: string;
  /** The run's log, e.g. the workflow run URL. */
  logUrl?: string;
  description?: string;
  /** Whether a `success` marks earlier deployments to this environment inactive (GitHub's default: true). */
  autoInactive?: boolean;
}

export interface CreatedDeployment {
  id: number;
  url: string;
}

/** GitHub cuts deployment status descriptions at 140 characters. */
const STATUS_DESCRIPTION_MAX = 140;

export class DeploymentPublisher {
  constructor(private readonly options: { octokit: GitHubClient; owner: string; repo: string; logger: Logger }) {}

  async create(request: CreateDeploymentRequest): Promise<CreatedDeployment> {
    const { octokit, owner, repo, logger } = this.options;
    const response = await octokit.rest.repos.createDeployment({
      owner,
      repo,
      ref: request.ref,
      environment: request.environment,
      task: request.task ?? 'deploy',
      // Merging the default branch into the ref would deploy a commit nobody reviewed.
      auto_merge: false,
      // Empty on purpose: by default GitHub refuses (409) while any status check on the commit
      // is pending — and our own running check ("elder / deploy") always is. The quality gate
      // is enforced by the workflow's job order, not by this API.
      required_contexts: [],
      ...(request.description !== undefined ? { description: request.description } : {}),
      ...(request.transient !== undefined ? { transient_environment: request.transient } : {}),
      ...(request.production !== undefined ? { production_environment: request.production } : {}),
      ...(request.payload !== undefined ? { payload: request.payload } : {}),
    });
    if (response.status !== 201 || !('id' in response.data)) {
      // 202 means GitHub merged the default branch in first; with auto_merge false it should not happen.
      throw new Error(`GitHub did not create the deployment: ${JSON.stringify(response.data)}`);
    }
    logger.info(`Created deployment ${response.data.id} of ${request.ref} to ${request.environment}.`);
    return { id: response.data.id, url: response.data.url };
  }

  async setStatus(deploymentId: number, request: DeploymentStatusRequest): Promise<{ id: number }> {
    const { octokit, owner, repo, logger } = this.options;
    const { data } = await octokit.rest.repos.createDeploymentStatus({
      owner,
      repo,
      deployment_id: deploymentId,
      state: request.state,
      ...(request.environmentUrl ? { environment_url: request.environmentUrl } : {}),
      ...(request.logUrl ? { log_url: request.logUrl } : {}),
      ...(request.description !== undefined
        ? { description: truncateCodeUnits(request.description, STATUS_DESCRIPTION_MAX) }
        : {}),
      ...(request.autoInactive !== undefined ? { auto_inactive: request.autoInactive } : {}),
    });
    logger.info(`Deployment ${deploymentId} is now ${request.state}.`);
    return { id: data.id };
  }
}
