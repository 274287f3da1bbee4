/**
 * Context paths whose value an outside attacker chooses: anyone who can open an issue, a pull
 * request from a fork, a comment, a discussion, or push a branch whose name or commit message
 * ends up in the event payload. Expanding any of these into a shell script or a JavaScript
 * source is a code injection.
 *
 * Sources (facts, not text): GitHub Security Lab, "Keeping your GitHub Actions and workflows
 * secure Part 2: Untrusted input" (list of attacker-controlled event fields); GitHub Docs,
 * "Security hardening for GitHub Actions" > "Understanding the risk of script injections";
 * GitHub Docs, "Webhook events and payloads" (which fields each event carries).
 *
 * Deliberately NOT untrusted here:
 * - `inputs.*` and `github.event.inputs.*` of `workflow_dispatch`: only users with write access
 *   can dispatch a workflow, and they can already change the workflow itself. The audit reports
 *   what an outsider can exploit. (`workflow_call` inputs come from the caller's expressions and
 *   are not followed across files.)
 * - `steps.*.outputs.*`, `needs.*.outputs.*`: values computed by the workflow; following them
 *   needs data flow through scripts, which a static audit cannot see reliably.
 * - logins, repository names, numbers and SHAs: GitHub restricts their characters.
 *
 * Paths are lower case (contexts are case-insensitive); `*` matches any one segment.
 */
export const UNTRUSTED_CONTEXT_PATHS: readonly string[] = [
  'github.head_ref',
  'github.event.issue.title',
  'github.event.issue.body',
  'github.event.pull_request.title',
  'github.event.pull_request.body',
  'github.event.pull_request.head.ref',
  'github.event.pull_request.head.label',
  'github.event.pull_request.head.repo.default_branch',
  'github.event.pull_request.head.repo.description',
  'github.event.pull_request.head.repo.homepage',
  'github.event.comment.body',
  'github.event.review.body',
  'github.event.review_comment.body',
  'github.event.discussion.title',
  'github.event.discussion.body',
  'github.event.pages.*.page_name',
  'github.event.commits.*.message',
  'github.event.commits.*.author.email',
  'github.event.commits.*.author.name',
  'github.event.commits.*.committer.email',
  'github.event.commits.*.committer.name',
  'github.event.head_commit.message',
  'github.event.head_commit.author.email',
  'github.event.head_commit.author.name',
  'github.event.head_commit.committer.email',
  'github.event.head_commit.committer.name',
  'github.event.workflow_run.head_branch',
  'github.event.workflow_run.display_title',
  'github.event.workflow_run.head_commit.message',
  'github.event.workflow_run.head_commit.author.email',
  'github.event.workflow_run.head_commit.author.name',
  'github.event.workflow_run.head_commit.committer.email',
  'github.event.workflow_run.head_commit.committer.name',
  'github.event.workflow_run.head_repository.description',
  'github.event.workflow_run.pull_requests.*.head.ref',
  'github.event.check_suite.head_branch',
  'github.event.check_suite.head_commit.message',
  'github.event.check_run.check_suite.head_branch',
  'github.event.merge_group.head_commit.message',
  'github.event.merge_group.head_commit.author.name',
  'github.event.merge_group.head_commit.author.email',
];

const PATTERNS: readonly string[][] = UNTRUSTED_CONTEXT_PATHS.map((path) => path.split('.'));

export type PathClass = 'untrusted' | 'contains-untrusted' | 'trusted';

/**
 * Classifies a context path (lower-case segments; `*` for the object filter or an index that is
 * not a literal): `untrusted` when it is, or is inside, an attacker-chosen value;
 * `contains-untrusted` when it is an object or array that holds one (dangerous once serialised
 * with `toJSON` or `join`); otherwise `trusted`.
 */
export function classifyPath(path: readonly string[]): PathClass {
  let result: PathClass = 'trusted';
  for (const pattern of PATTERNS) {
    const common = Math.min(pattern.length, path.length);
    let matches = true;
    for (let i = 0; i < common; i++) {
      const a = path[i] as string;
      const b = pattern[i] as string;
      if (a !== b && a !== '*' && b !== '*') {
        matches = false;
        break;
      }
    }
    if (!matches) continue;
    if (path.length >= pattern.length) return 'untrusted';
    result = 'contains-untrusted';
  }
  return result;
}
