/**
 * The degrade policy for publishing a phase's verdict to GitHub (check run + sticky PR comment).
 *
 * Publishing is best effort; the verdict is not. A token that cannot write (fork PRs, a job
 * without `permissions:`), no token at all, or GitHub failing after retries must not fail the
 * step or hide the result: publishPhase never throws for those. It logs ONE warning that says
 * what went wrong, how to fix it, and where the verdict is instead, and returns what it managed,
 * so the caller still writes the job summary and the result file and sets the exit status.
 */
import { errorMessage } from '../runtime/errors.js';
import type { Logger } from '../runtime/logger.js';
import { CheckRunPublisher, checkRunExternalId, checkRunName, type CheckRunRequest } from './check-run.js';
import type { GitHubContext } from './context.js';
import type { GitHubClient } from './octokit.js';
import { classifyPublishError, permissionToGrant, type PublishFailure } from './publish-errors.js';
import { StickyComment } from './sticky-comment.js';

export interface PublishPorts {
  /** Absent when no token was given: publishing degrades at once. */
  octokit?: GitHubClient;
  logger: Logger;
}

/**
 * What a phase says in its check run; publishPhase supplies the rest of the CheckRunRequest
 * (name, external id, commit). `status` defaults to `completed`, `detailsUrl` to the workflow
 * run's URL.
 */
export type CheckRunContent = Pick<
  CheckRunRequest,
  'conclusion' | 'title' | 'summary' | 'text' | 'annotations' | 'detailsUrl'
> &
  Partial<Pick<CheckRunRequest, 'status'>>;

export interface PublishRequest {
  context: Pick<GitHubContext, 'owner' | 'repo' | 'sha' | 'prNumber' | 'isForkPullRequest' | 'runUrl'>;
  phase: string;
  environment: string;
  /** Sub-key for matrix legs or gates; part of the check's name and identity and the comment's marker. */
  key?: string;
  /** Omit to publish no check run. */
  checkRun?: CheckRunContent;
  /** Markdown of the sticky PR comment; ignored when the run has no pull request. */
  comment?: string;
  /** Where the verdict is kept regardless (named in the warning), e.g. the result file's path. */
  resultFile?: string;
  /** See StickyComment: whose marked comments may be edited (default: bot accounts). */
  commentAuthorLogin?: string;
}

export type PublishTarget = 'check run' | 'comment';

export interface PublishOutcome {
  checkRun?: { id: number; url: string };
  comment?: { id: number; url: string };
  /** True when something requested could not be published. */
  degraded: boolean;
  /** The warning(s) logged; at most one per call. */
  warnings: string[];
  /** Why each target failed, for callers that record it (e.g. in the PhaseResult's details). */
  failures: { target: PublishTarget; failure: PublishFailure }[];
  /** Targets not attempted because an earlier one showed GitHub unreachable or limiting us. */
  skipped: PublishTarget[];
}

/** What each target needs in the workflow's `permissions:` block. */
const PERMISSION_FOR: Record<PublishTarget, string> = {
  'check run': 'checks: write',
  comment: 'pull-requests: write',
};

/** Failures after which trying the next target would only fail the same way, slower. */
const STOP_AFTER = new Set<PublishFailure['kind']>(['unavailable', 'rate-limited', 'unauthorized']);

function reasonFor(target: PublishTarget, failure: PublishFailure): string {
  const status = failure.status ? `${failure.status} ` : '';
  switch (failure.kind) {
    case 'forbidden':
      return `token lacks ${permissionToGrant(failure.acceptedPermissions, PERMISSION_FOR[target])}`;
    case 'unauthorized':
      return `GitHub refused the token (${status}${failure.message})`;
    case 'not-found':
      return `GitHub answered 404 for the ${target}: the token cannot see the repository or pull request`;
    case 'rate-limited':
      return 'GitHub rate limit outlasted our retries';
    case 'unavailable':
      return `GitHub API unavailable after retries (${status}${failure.message})`;
    case 'rejected':
      return `GitHub refused the ${target} (${status}${failure.message})`;
    case 'unexpected':
      return `publishing the ${target} failed (${failure.message})`;
  }
}

function degradeWarning(
  request: PublishRequest,
  failures: PublishOutcome['failures'],
  wanted: PublishTarget[],
  noToken: boolean,
): string {
  const reasons = noToken
    ? ['no GitHub token was given']
    : [...new Set(failures.map((f) => reasonFor(f.target, f.failure)))];
  const permissionProblem = noToken || failures.some((f) => f.failure.kind === 'forbidden');
  let fix = '';
  if (permissionProblem) {
    const grants = wanted.map((t) => PERMISSION_FOR[t]).join(', ');
    fix = noToken ? ` — pass a token with ${grants}` : ` — add \`permissions: ${grants}\` to the job`;
  }
  const forkHint =
    request.context.isForkPullRequest &&
    failures.some((f) => f.failure.kind === 'forbidden' || f.failure.kind === 'not-found')
      ? '; fork pull requests only get a read-only token, so publish from a separate `workflow_run` workflow'
      : '';
  const where = request.resultFile ? `the job summary and ${request.resultFile}` : 'the job summary';
  return `Could not publish to GitHub (${reasons.join('; ')}${fix}${forkHint}); the verdict is in ${where}.`;
}

export async function publishPhase(ports: PublishPorts, request: PublishRequest): Promise<PublishOutcome> {
  const { logger, octokit } = ports;
  const { context } = request;
  const outcome: PublishOutcome = { degraded: false, warnings: [], failures: [], skipped: [] };
  const wantComment = request.comment !== undefined && context.prNumber !== undefined;
  const wanted: PublishTarget[] = [
    ...(request.checkRun ? (['check run'] as const) : []),
    ...(wantComment ? (['comment'] as const) : []),
  ];
  if (wanted.length === 0) return outcome;

  const finish = (noToken: boolean) => {
    const warning = degradeWarning(request, outcome.failures, wanted, noToken);
    logger.warning(warning);
    return { ...outcome, degraded: true, warnings: [warning] };
  };
  if (!octokit) return finish(true);

  const attempt = async (target: PublishTarget, run: () => Promise<void>): Promise<boolean> => {
    try {
      await run();
      return true;
    } catch (error) {
      const failure = classifyPublishError(error);
      logger.debug(`Publishing the ${target} failed: ${failure.kind} ${failure.status ?? ''} ${errorMessage(error)}`);
      outcome.failures.push({ target, failure });
      return !STOP_AFTER.has(failure.kind);
    }
  };

  let goOn = true;
  if (request.checkRun) {
    const content = request.checkRun;
    goOn = await attempt('check run', async () => {
      const publisher = new CheckRunPublisher({ octokit, owner: context.owner, repo: context.repo, logger });
      const published = await publisher.publish({
        name: checkRunName(request.phase, request.environment, request.key),
        externalId: checkRunExternalId(request.phase, request.environment, request.key),
        headSha: context.sha,
        status: content.status ?? 'completed',
        conclusion: content.conclusion,
        title: content.title,
        summary: content.summary,
        text: content.text,
        annotations: content.annotations,
        detailsUrl: content.detailsUrl ?? context.runUrl,
      });
      outcome.checkRun = { id: published.id, url: published.url };
    });
  }
  if (wantComment && goOn && context.prNumber !== undefined) {
    const issueNumber = context.prNumber;
    const markdown = request.comment ?? '';
    await attempt('comment', async () => {
      const sticky = new StickyComment({
        octokit,
        owner: context.owner,
        repo: context.repo,
        issueNumber,
        phase: request.phase,
        environment: request.environment,
        ...(request.key ? { key: request.key } : {}),
        logger,
        authorLogin: request.commentAuthorLogin,
      });
      const published = await sticky.upsert(markdown);
      outcome.comment = { id: published.id, url: published.url };
    });
  } else if (wantComment) {
    outcome.skipped.push('comment');
  }
  return outcome.failures.length ? finish(false) : outcome;
}
