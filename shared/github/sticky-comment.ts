/**
 * One pull request comment per phase and environment (and key, when the phase has several, such
 * as the quality gates), edited in place on every run, found again by a hidden marker
 * `<!-- elder:<phase>:<env> -->` (`<!-- elder:<phase>:<env>:<key> -->`) at the start of its body.
 *
 * Whose comments count: a human can paste our marker into their own comment, and we must not
 * then overwrite it (nor stop posting ours). So only comments written by a bot account are
 * taken over by default — the GITHUB_TOKEN writes as `github-actions[bot]`, a GitHub App token
 * as `<app>[bot]` — which needs no extra API call (GET /user is forbidden to both). With a
 * personal access token, pass `authorLogin` (the token's user) and only that login matches.
 *
 * If an earlier race left several marked comments, the newest is updated and the rest are left
 * alone: deleting comments is more surprising than a stale duplicate.
 */
import { COMMENT_BODY_MAX } from '../render/limits.js';
import { truncateCodeUnits } from '../render/truncate.js';
import type { Logger } from '../runtime/logger.js';
import type { GitHubClient } from './octokit.js';

export interface StickyCommentOptions {
  octokit: GitHubClient;
  owner: string;
  repo: string;
  /** The pull request (or issue) number. */
  issueNumber: number;
  phase: string;
  environment: string;
  /** Sub-key (a quality gate, a matrix leg): one comment per phase, environment and key. */
  key?: string;
  logger: Logger;
  /** Only comments by this login are ours; default: any Bot account (see above). */
  authorLogin?: string;
}

export interface PublishedComment {
  id: number;
  url: string;
  action: 'created' | 'updated' | 'unchanged';
}

/** A comment as listed by GitHub, as far as matching needs it. */
export interface ExistingComment {
  id: number;
  html_url: string;
  body?: string;
  user: { login: string; type: string } | null;
}

const TRUNCATION_NOTICE =
  '\n\n_Truncated: GitHub allows 65,536 characters in a comment. The full report is in the job summary._';

/** Phase and environment names go inside an HTML comment: no spaces, no `--` (it could close it). */
function markerPart(value: string): string {
  return value.replace(/[^\w.-]+/g, '_').replace(/-{2,}/g, '-');
}

export function stickyCommentMarker(phase: string, environment: string, key?: string): string {
  const suffix = key ? `:${markerPart(key)}` : '';
  return `<!-- elder:${markerPart(phase)}:${markerPart(environment)}${suffix} -->`;
}

export class StickyComment {
  readonly marker: string;

  constructor(private readonly options: StickyCommentOptions) {
    this.marker = stickyCommentMarker(options.phase, options.environment, options.key);
  }

  /** The body we would write for `markdown`: marker first, capped at GitHub's limit. */
  bodyFor(markdown: string): string {
    return truncateCodeUnits(`${this.marker}\n${markdown}`, COMMENT_BODY_MAX, TRUNCATION_NOTICE);
  }

  /** Creates the comment, or edits the one an earlier run made. */
  async upsert(markdown: string): Promise<PublishedComment> {
    const { octokit, owner, repo, issueNumber, logger } = this.options;
    const body = this.bodyFor(markdown);
    const existing = await this.find();
    if (!existing) {
      const { data } = await octokit.rest.issues.createComment({ owner, repo, issue_number: issueNumber, body });
      logger.info(`Created the ${this.options.phase} comment on #${issueNumber}: ${data.html_url}`);
      return { id: data.id, url: data.html_url, action: 'created' };
    }
    if (existing.body === body) {
      logger.debug(`The ${this.options.phase} comment on #${issueNumber} is already up to date.`);
      return { id: existing.id, url: existing.html_url, action: 'unchanged' };
    }
    const { data } = await octokit.rest.issues.updateComment({ owner, repo, comment_id: existing.id, body });
    logger.info(`Updated the ${this.options.phase} comment on #${issueNumber}: ${data.html_url}`);
    return { id: data.id, url: data.html_url, action: 'updated' };
  }

  /** Our newest marked comment on the pull request, reading every page. */
  async find(): Promise<ExistingComment | undefined> {
    const { octokit, owner, repo, issueNumber, logger } = this.options;
    const comments = (await octokit.paginate(octokit.rest.issues.listComments, {
      owner,
      repo,
      issue_number: issueNumber,
      per_page: 100,
    })) as ExistingComment[];
    const ours = comments.filter((c) => this.isOurs(c)).sort((a, b) => b.id - a.id);
    if (ours.length > 1) {
      logger.debug(`${ours.length} comments carry ${this.marker}; updating the newest (${ours[0]?.id}).`);
    }
    return ours[0];
  }

  private isOurs(comment: ExistingComment): boolean {
    if (!(comment.body ?? '').trimStart().startsWith(this.marker)) return false;
    const author = comment.user;
    if (!author) return false;
    return this.options.authorLogin ? author.login === this.options.authorLogin : author.type === 'Bot';
  }
}
