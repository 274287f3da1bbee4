import type { GitHubClient } from '../../../../shared/github/octokit.js';
import { escapeMarkdown } from '../../../../shared/render/escape.js';
import type { Logger } from '../../../../shared/runtime/logger.js';

export interface RevertRequest {
  owner: string;
  repo: string;
  /** The branch the bad commit was deployed from, e.g. main. */
  base: string;
  environment: string;
  /** The commit that was rolled back. */
  badSha: string;
  /** The last commit that served well; its tree is restored. */
  goodSha: string;
  version: string;
  /** Why the rollout was rolled back, one line. */
  reason: string;
  runUrl?: string;
}

export interface RevertPullRequest {
  number: number;
  url: string;
  /** False when an open revert pull request for the same commit already existed. */
  created: boolean;
}

const SHA = /^[0-9a-f]{40}$/i;

/**
 * After an automatic rollback the environment serves the good commit while the branch still holds
 * the bad one: the next deploy would ship it again. This opens a pull request whose single commit
 * restores the good commit's tree on top of the bad one (a revert of everything in between, as one
 * reviewable change), using only the Git data API so no checkout or push credential is needed.
 * Re-running finds the open pull request instead of opening a second one.
 */
export async function openRevertPullRequest(
  octokit: GitHubClient,
  request: RevertRequest,
  logger: Logger,
): Promise<RevertPullRequest> {
  if (!SHA.test(request.badSha) || !SHA.test(request.goodSha)) {
    throw new Error('a revert pull request needs the full commit SHAs of the bad and the good deployment');
  }
  const { owner, repo } = request;
  const branch = revertBranchName(request.environment, request.badSha);
  const existing = await octokit.rest.pulls.list({
    owner,
    repo,
    state: 'open',
    head: `${owner}:${branch}`,
    per_page: 10,
  });
  const open = existing.data.find((pr) => pr.head.ref === branch);
  if (open) {
    logger.info(`Revert pull request #${open.number} is already open.`);
    return { number: open.number, url: open.html_url, created: false };
  }
  const good = await octokit.rest.git.getCommit({ owner, repo, commit_sha: request.goodSha });
  const short = request.badSha.slice(0, 12);
  const commit = await octokit.rest.git.createCommit({
    owner,
    repo,
    message: `Revert ${request.environment} to ${request.goodSha.slice(0, 12)} after automatic rollback of ${short}\n\n${request.reason}`,
    tree: good.data.tree.sha,
    parents: [request.badSha],
  });
  await octokit.rest.git.createRef({ owner, repo, ref: `refs/heads/${branch}`, sha: commit.data.sha });
  const pr = await octokit.rest.pulls.create({
    owner,
    repo,
    base: request.base,
    head: branch,
    title: `Revert ${request.environment}: automatic rollback of ${short}`,
    body: revertBody(request),
  });
  logger.info(`Opened revert pull request #${pr.data.number}: ${pr.data.html_url}`);
  return { number: pr.data.number, url: pr.data.html_url, created: true };
}

/** Branch names allow few characters safely; environment names are reduced to them. */
export function revertBranchName(environment: string, badSha: string): string {
  const env =
    environment
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/^[-.]+|[-.]+$/g, '')
      .slice(0, 60) || 'env';
  return `elder/revert-${env}-${badSha.slice(0, 12).toLowerCase()}`;
}

function revertBody(request: RevertRequest): string {
  return [
    `Ancient Elder rolled back **${escapeMarkdown(request.version)}** (${request.badSha.slice(0, 12)}) in **${escapeMarkdown(request.environment)}**:`,
    '',
    `> ${escapeMarkdown(request.reason)}`,
    '',
    `The environment serves ${request.goodSha.slice(0, 12)} again. This pull request restores that commit's tree on the branch, so Git and the environment agree and the next deploy does not ship the rolled-back change again. Fix forward instead by closing this and merging a fix.`,
    ...(request.runUrl ? ['', `Run: ${request.runUrl}`] : []),
  ].join('\n');
}
