/**
 * The commit that last served an environment well, for the revert pull request: the newest
 * deployment to the environment (other than this one and other than the bad commit) that ever
 * reached `success`. Its statuses are read in full because GitHub's auto_inactive turns an
 * older `success` into `inactive` once a newer deployment succeeds; the history still shows it.
 */
import type { GitHubClient } from '../../../../shared/github/octokit.js';

/** How far back to look; older good deployments are a poor revert target anyway. */
const MAX_DEPLOYMENTS = 30;

export interface LastGoodQuery {
  owner: string;
  repo: string;
  environment: string;
  /** This rollout's deployment, skipped. */
  excludeDeploymentId?: number;
  /** The rolled-back commit, skipped. */
  badSha: string;
}

export async function lastGoodDeploymentSha(octokit: GitHubClient, query: LastGoodQuery): Promise<string | undefined> {
  const { owner, repo } = query;
  const { data: deployments } = await octokit.rest.repos.listDeployments({
    owner,
    repo,
    environment: query.environment,
    per_page: MAX_DEPLOYMENTS,
  });
  // GitHub lists newest first; sort anyway so the answer does not depend on it.
  const newestFirst = [...deployments].sort(
    (a, b) => Date.parse(b.created_at) - Date.parse(a.created_at) || b.id - a.id,
  );
  for (const deployment of newestFirst) {
    if (deployment.id === query.excludeDeploymentId) continue;
    if (deployment.sha.toLowerCase() === query.badSha.toLowerCase()) continue;
    const { data: statuses } = await octokit.rest.repos.listDeploymentStatuses({
      owner,
      repo,
      deployment_id: deployment.id,
      per_page: 100,
    });
    if (statuses.some((status) => status.state === 'success')) return deployment.sha;
  }
  return undefined;
}
