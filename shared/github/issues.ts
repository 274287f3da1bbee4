/**
 * Opens an issue for something a person must act on (a failed DR drill, an incident), or —
 * when one is already open for the same thing — comments on it instead, so a nightly drill
 * that keeps failing makes one issue with a history, not one issue a night.
 *
 * "The same thing" is a hidden marker `<!-- elder:issue:<key> -->` in the issue body, falling
 * back to an identical title for issues opened by hand.
 */
import { COMMENT_BODY_MAX } from '../render/limits.js';
import { truncateCodeUnits } from '../render/truncate.js';
import type { Logger } from '../runtime/logger.js';
import type { GitHubClient } from './octokit.js';

export interface IssueRequest {
  /** What the issue is about, stable across runs, e.g. `dr-drill:production`. */
  key: string;
  title: string;
  /** Markdown; the body of a new issue, or the comment on an existing one. */
  body: string;
  /** Applied to a new issue; also narrows the search for an existing one. */
  labels?: string[];
}

export interface ReportedIssue {
  number: number;
  url: string;
  action: 'created' | 'commented';
  /** The comment's URL when an existing issue was commented on. */
  commentUrl?: string;
}

interface ListedIssue {
  number: number;
  html_url: string;
  title: string;
  body?: string | null;
  pull_request?: unknown;
}

const TRUNCATION_NOTICE =
  "\n\n_Truncated to GitHub's 65,536-character limit; the full report is in the run's job summary._";

export function issueMarker(key: string): string {
  // No spaces and no `--` inside the HTML comment (it could close it).
  return `<!-- elder:issue:${key.replace(/[^\w.:-]+/g, '_').replace(/-{2,}/g, '-')} -->`;
}

export class IssueReporter {
  constructor(private readonly options: { octokit: GitHubClient; owner: string; repo: string; logger: Logger }) {}

  async openOrComment(request: IssueRequest): Promise<ReportedIssue> {
    const { octokit, owner, repo, logger } = this.options;
    const marker = issueMarker(request.key);
    const existing = await this.findOpen(request, marker);
    if (existing) {
      const body = truncateCodeUnits(request.body, COMMENT_BODY_MAX, TRUNCATION_NOTICE);
      const { data } = await octokit.rest.issues.createComment({ owner, repo, issue_number: existing.number, body });
      logger.info(`Commented on the open issue #${existing.number}: ${data.html_url}`);
      return { number: existing.number, url: existing.html_url, action: 'commented', commentUrl: data.html_url };
    }
    const body = truncateCodeUnits(`${marker}\n${request.body}`, COMMENT_BODY_MAX, TRUNCATION_NOTICE);
    const { data } = await octokit.rest.issues.create({
      owner,
      repo,
      title: request.title,
      body,
      ...(request.labels?.length ? { labels: request.labels } : {}),
    });
    logger.info(`Opened issue #${data.number}: ${data.html_url}`);
    return { number: data.number, url: data.html_url, action: 'created' };
  }

  private async findOpen(request: IssueRequest, marker: string): Promise<ListedIssue | undefined> {
    const { octokit, owner, repo } = this.options;
    const issues = (await octokit.paginate(octokit.rest.issues.listForRepo, {
      owner,
      repo,
      state: 'open',
      ...(request.labels?.length ? { labels: request.labels.join(',') } : {}),
      per_page: 100,
    })) as ListedIssue[];
    // The issues list includes pull requests; they are never ours.
    const candidates = issues.filter((i) => !i.pull_request);
    return candidates.find((i) => (i.body ?? '').includes(marker)) ?? candidates.find((i) => i.title === request.title);
  }
}
