/**
 * Turns the fake's records into JSON shaped like GitHub's responses: ids, node_ids, API urls
 * under the fake's own address and html_urls under the configured server URL, so code that
 * links to a check run or a comment can be tested for the link it prints.
 */
import type {
  Account,
  AnnotationRecord,
  CheckRunRecord,
  CommentRecord,
  CommitStatusRecord,
  DeploymentRecord,
  DeploymentStatusRecord,
  IssueRecord,
  PullRequestFileRecord,
  PullRequestRecord,
  RepoRef,
  RepositorySettings,
} from './state.js';
import { createHash } from 'node:crypto';

export interface FakeUrls {
  /** The REST API root, e.g. `http://127.0.0.1:40000` (or with `/api/v3` for GHES). */
  api: string;
  /** The web root, e.g. `https://github.com`. */
  server: string;
}

type Json = Record<string, unknown>;

const EPOCH = '2024-01-01T00:00:00Z';

function repoPath({ owner, repo }: RepoRef): string {
  return `${encodeURIComponent(owner)}/${encodeURIComponent(repo)}`;
}

function apiRepo(urls: FakeUrls, ref: RepoRef): string {
  return `${urls.api}/repos/${repoPath(ref)}`;
}

function webRepo(urls: FakeUrls, ref: RepoRef): string {
  return `${urls.server}/${repoPath(ref)}`;
}

/** A stable fake git object id, so file shas look like shas. */
export function fakeSha(seed: string): string {
  return createHash('sha1').update(seed).digest('hex');
}

export function userJson(urls: FakeUrls, account: Account): Json {
  const api = `${urls.api}/users/${encodeURIComponent(account.login)}`;
  const isBot = account.type === 'Bot';
  return {
    login: account.login,
    id: account.id,
    node_id: `${isBot ? 'BOT' : 'U'}_kgDO${account.id}`,
    avatar_url: `https://avatars.githubusercontent.com/u/${account.id}?v=4`,
    gravatar_id: '',
    url: api,
    html_url: isBot
      ? `${urls.server}/apps/${encodeURIComponent(account.login.replace(/\[bot\]$/, ''))}`
      : `${urls.server}/${encodeURIComponent(account.login)}`,
    followers_url: `${api}/followers`,
    following_url: `${api}/following{/other_user}`,
    gists_url: `${api}/gists{/gist_id}`,
    starred_url: `${api}/starred{/owner}{/repo}`,
    subscriptions_url: `${api}/subscriptions`,
    organizations_url: `${api}/orgs`,
    repos_url: `${api}/repos`,
    events_url: `${api}/events{/privacy}`,
    received_events_url: `${api}/received_events`,
    type: account.type,
    user_view_type: 'public',
    site_admin: false,
  };
}

/** The "GitHub Actions" app: what `app` and `performed_via_github_app` show for GITHUB_TOKEN writes. */
export function githubActionsAppJson(urls: FakeUrls): Json {
  return {
    id: 15368,
    slug: 'github-actions',
    node_id: 'MDM6QXBwMTUzNjg=',
    client_id: 'Iv1.05c79e9ad1f6bdfa',
    owner: userJson(urls, { login: 'github', id: 9919, type: 'Organization' }),
    name: 'GitHub Actions',
    description: 'Automate your workflow from idea to production',
    external_url: 'https://help.github.com/en/actions',
    html_url: `${urls.server}/apps/github-actions`,
    created_at: '2018-07-30T09:30:17Z',
    updated_at: '2024-04-10T20:33:16Z',
    permissions: { checks: 'write', contents: 'write', deployments: 'write', issues: 'write', metadata: 'read' },
    events: ['check_run', 'check_suite', 'deployment', 'pull_request', 'push', 'workflow_dispatch'],
  };
}

function viaApp(urls: FakeUrls, account: Account): Json | null {
  return account.login === 'github-actions[bot]' ? githubActionsAppJson(urls) : null;
}

export function checkRunJson(urls: FakeUrls, run: CheckRunRecord, suiteId: number, pulls: PullRequestRecord[]): Json {
  const url = `${apiRepo(urls, run)}/check-runs/${run.id}`;
  return {
    id: run.id,
    node_id: `CR_kwDO${run.id}`,
    head_sha: run.headSha,
    external_id: run.externalId,
    url,
    html_url: `${webRepo(urls, run)}/runs/${run.id}`,
    details_url: run.detailsUrl,
    status: run.status,
    conclusion: run.conclusion,
    started_at: run.startedAt,
    completed_at: run.completedAt,
    output: {
      title: run.output.title,
      summary: run.output.summary,
      text: run.output.text,
      annotations_count: run.annotations.length,
      annotations_url: `${url}/annotations`,
    },
    name: run.name,
    check_suite: { id: suiteId },
    app: githubActionsAppJson(urls),
    // Like GitHub: only pull requests from the same repository are listed (never forks).
    pull_requests: pulls
      .filter((p) => p.headSha === run.headSha && p.state === 'open' && p.headRepository === `${p.owner}/${p.repo}`)
      .map((p) => ({
        id: p.id,
        number: p.number,
        url: `${apiRepo(urls, p)}/pulls/${p.number}`,
        head: { ref: p.headRef, sha: p.headSha, repo: { id: 1, url: apiRepo(urls, p), name: p.repo } },
        base: { ref: p.baseRef, sha: p.baseSha, repo: { id: 1, url: apiRepo(urls, p), name: p.repo } },
      })),
  };
}

export function annotationJson(urls: FakeUrls, run: CheckRunRecord, annotation: AnnotationRecord): Json {
  return {
    path: annotation.path,
    blob_href: `${webRepo(urls, run)}/blob/${run.headSha}/${annotation.path}`,
    start_line: annotation.start_line,
    end_line: annotation.end_line,
    start_column: annotation.start_column ?? null,
    end_column: annotation.end_column ?? null,
    annotation_level: annotation.annotation_level,
    title: annotation.title ?? null,
    message: annotation.message,
    raw_details: annotation.raw_details ?? null,
  };
}

function reactionsJson(url: string): Json {
  return {
    url: `${url}/reactions`,
    total_count: 0,
    '+1': 0,
    '-1': 0,
    laugh: 0,
    confused: 0,
    heart: 0,
    hooray: 0,
    eyes: 0,
    rocket: 0,
  };
}

export function commentJson(urls: FakeUrls, comment: CommentRecord, onPullRequest: boolean): Json {
  const url = `${apiRepo(urls, comment)}/issues/comments/${comment.id}`;
  return {
    id: comment.id,
    node_id: `IC_kwDO${comment.id}`,
    url,
    html_url: `${webRepo(urls, comment)}/${onPullRequest ? 'pull' : 'issues'}/${comment.issueNumber}#issuecomment-${comment.id}`,
    body: comment.body,
    user: userJson(urls, comment.user),
    created_at: comment.createdAt,
    updated_at: comment.updatedAt,
    issue_url: `${apiRepo(urls, comment)}/issues/${comment.issueNumber}`,
    author_association: 'NONE',
    performed_via_github_app: viaApp(urls, comment.user),
    reactions: reactionsJson(url),
  };
}

export function deploymentJson(urls: FakeUrls, deployment: DeploymentRecord): Json {
  const url = `${apiRepo(urls, deployment)}/deployments/${deployment.id}`;
  return {
    url,
    id: deployment.id,
    node_id: `DE_kwDO${deployment.id}`,
    sha: deployment.sha,
    ref: deployment.ref,
    task: deployment.task,
    payload: deployment.payload,
    original_environment: deployment.environment,
    environment: deployment.environment,
    description: deployment.description,
    creator: userJson(urls, deployment.creator),
    created_at: deployment.createdAt,
    updated_at: deployment.statuses.at(-1)?.createdAt ?? deployment.createdAt,
    statuses_url: `${url}/statuses`,
    repository_url: apiRepo(urls, deployment),
    transient_environment: deployment.transientEnvironment,
    production_environment: deployment.productionEnvironment,
    performed_via_github_app: viaApp(urls, deployment.creator),
  };
}

export function deploymentStatusJson(
  urls: FakeUrls,
  deployment: DeploymentRecord,
  status: DeploymentStatusRecord,
): Json {
  const deploymentUrl = `${apiRepo(urls, deployment)}/deployments/${deployment.id}`;
  return {
    url: `${deploymentUrl}/statuses/${status.id}`,
    id: status.id,
    node_id: `DES_kwDO${status.id}`,
    state: status.state,
    creator: userJson(urls, status.creator),
    description: status.description,
    environment: status.environment,
    target_url: status.targetUrl,
    created_at: status.createdAt,
    updated_at: status.createdAt,
    deployment_url: deploymentUrl,
    repository_url: apiRepo(urls, deployment),
    environment_url: status.environmentUrl,
    log_url: status.logUrl,
    performed_via_github_app: viaApp(urls, status.creator),
  };
}

function labelJson(urls: FakeUrls, ref: RepoRef, name: string): Json {
  const id = Number.parseInt(fakeSha(name).slice(0, 8), 16);
  return {
    id,
    node_id: `LA_kwDO${id}`,
    url: `${apiRepo(urls, ref)}/labels/${encodeURIComponent(name)}`,
    name,
    description: null,
    color: 'ededed',
    default: false,
  };
}

export function issueJson(urls: FakeUrls, issue: IssueRecord, commentCount: number): Json {
  const url = `${apiRepo(urls, issue)}/issues/${issue.number}`;
  return {
    id: issue.id,
    node_id: `I_kwDO${issue.id}`,
    url,
    repository_url: apiRepo(urls, issue),
    labels_url: `${url}/labels{/name}`,
    comments_url: `${url}/comments`,
    events_url: `${url}/events`,
    html_url: `${webRepo(urls, issue)}/issues/${issue.number}`,
    number: issue.number,
    state: issue.state,
    state_reason: null,
    title: issue.title,
    body: issue.body,
    user: userJson(urls, issue.user),
    labels: issue.labels.map((name) => labelJson(urls, issue, name)),
    assignee: null,
    assignees: [],
    milestone: null,
    locked: false,
    active_lock_reason: null,
    comments: commentCount,
    created_at: issue.createdAt,
    updated_at: issue.updatedAt,
    closed_at: null,
    author_association: 'NONE',
    performed_via_github_app: viaApp(urls, issue.user),
  };
}

/** A pull request as it appears in the issues list (GitHub lists PRs there, marked `pull_request`). */
export function pullAsIssueJson(urls: FakeUrls, pull: PullRequestRecord, commentCount: number): Json {
  const url = `${apiRepo(urls, pull)}/issues/${pull.number}`;
  const html = `${webRepo(urls, pull)}/pull/${pull.number}`;
  return {
    ...issueJson(
      urls,
      { ...pull, labels: [], assignees: [], updatedAt: pull.createdAt, body: pull.body, title: pull.title },
      commentCount,
    ),
    url,
    html_url: html,
    pull_request: {
      url: `${apiRepo(urls, pull)}/pulls/${pull.number}`,
      html_url: html,
      diff_url: `${html}.diff`,
      patch_url: `${html}.patch`,
      merged_at: null,
    },
  };
}

export function repositoryJson(urls: FakeUrls, settings: RepositorySettings): Json {
  const url = apiRepo(urls, settings);
  return {
    id: settings.id,
    node_id: `R_kgDO${settings.id}`,
    name: settings.repo,
    full_name: `${settings.owner}/${settings.repo}`,
    owner: userJson(urls, { login: settings.owner, id: settings.id + 1, type: 'User' }),
    private: settings.private,
    visibility: settings.visibility,
    html_url: webRepo(urls, settings),
    description: null,
    fork: false,
    url,
    default_branch: settings.defaultBranch,
    archived: settings.archived,
    disabled: false,
    created_at: EPOCH,
    updated_at: EPOCH,
    pushed_at: EPOCH,
    clone_url: `${webRepo(urls, settings)}.git`,
    git_url: `git://${new URL(urls.server).host}/${repoPath(settings)}.git`,
    ssh_url: `git@${new URL(urls.server).host}:${repoPath(settings)}.git`,
    svn_url: webRepo(urls, settings),
    homepage: null,
    language: 'TypeScript',
    mirror_url: null,
    license: null,
    has_issues: true,
    has_projects: true,
    has_wiki: true,
    has_pages: false,
    has_discussions: false,
    deployments_url: `${url}/deployments`,
    statuses_url: `${url}/statuses/{sha}`,
    pulls_url: `${url}/pulls{/number}`,
    issues_url: `${url}/issues{/number}`,
    permissions: { admin: false, maintain: false, push: true, triage: true, pull: true },
    ...settings.extra,
  };
}

export function pullRequestFileJson(urls: FakeUrls, pull: PullRequestRecord, file: PullRequestFileRecord): Json {
  const blob = `${webRepo(urls, pull)}/blob/${pull.headSha}/${file.filename}`;
  return {
    sha: fakeSha(`${pull.headSha}:${file.filename}`),
    filename: file.filename,
    status: file.status,
    additions: file.additions,
    deletions: file.deletions,
    changes: file.additions + file.deletions,
    blob_url: blob,
    raw_url: `${webRepo(urls, pull)}/raw/${pull.headSha}/${file.filename}`,
    contents_url: `${apiRepo(urls, pull)}/contents/${file.filename}?ref=${pull.headSha}`,
    ...(file.patch !== undefined ? { patch: file.patch } : {}),
    ...(file.previous_filename !== undefined ? { previous_filename: file.previous_filename } : {}),
  };
}

export function pullRequestJson(urls: FakeUrls, pull: PullRequestRecord, repository: RepositorySettings): Json {
  const url = `${apiRepo(urls, pull)}/pulls/${pull.number}`;
  const html = `${webRepo(urls, pull)}/pull/${pull.number}`;
  const issueUrl = `${apiRepo(urls, pull)}/issues/${pull.number}`;
  const [headOwner = pull.owner, headRepo = pull.repo] = pull.headRepository.split('/');
  const baseRepoJson = repositoryJson(urls, repository);
  const headRepoJson =
    pull.headRepository === `${pull.owner}/${pull.repo}`
      ? baseRepoJson
      : {
          ...repositoryJson(urls, { ...repository, owner: headOwner, repo: headRepo, id: repository.id + 7 }),
          fork: true,
        };
  const link = (href: string) => ({ href });
  return {
    url,
    id: pull.id,
    node_id: `PR_kwDO${pull.id}`,
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    issue_url: issueUrl,
    commits_url: `${url}/commits`,
    review_comments_url: `${url}/comments`,
    review_comment_url: `${apiRepo(urls, pull)}/pulls/comments{/number}`,
    comments_url: `${issueUrl}/comments`,
    statuses_url: `${apiRepo(urls, pull)}/statuses/${pull.headSha}`,
    number: pull.number,
    state: pull.state,
    locked: false,
    title: pull.title,
    user: userJson(urls, pull.user),
    body: pull.body,
    labels: [],
    milestone: null,
    active_lock_reason: null,
    created_at: pull.createdAt,
    updated_at: pull.createdAt,
    closed_at: null,
    merged_at: null,
    merge_commit_sha: null,
    assignee: null,
    assignees: [],
    requested_reviewers: [],
    requested_teams: [],
    head: {
      label: `${headOwner}:${pull.headRef}`,
      ref: pull.headRef,
      sha: pull.headSha,
      user: userJson(urls, { login: headOwner, id: repository.id + 8, type: 'User' }),
      repo: headRepoJson,
    },
    base: {
      label: `${pull.owner}:${pull.baseRef}`,
      ref: pull.baseRef,
      sha: pull.baseSha,
      user: userJson(urls, { login: pull.owner, id: repository.id + 1, type: 'User' }),
      repo: baseRepoJson,
    },
    _links: {
      self: link(url),
      html: link(html),
      issue: link(issueUrl),
      comments: link(`${issueUrl}/comments`),
      review_comments: link(`${url}/comments`),
      review_comment: link(`${apiRepo(urls, pull)}/pulls/comments{/number}`),
      commits: link(`${url}/commits`),
      statuses: link(`${apiRepo(urls, pull)}/statuses/${pull.headSha}`),
    },
    author_association: 'CONTRIBUTOR',
    auto_merge: null,
    draft: pull.draft,
    merged: false,
    mergeable: true,
    rebaseable: true,
    mergeable_state: 'clean',
    merged_by: null,
    comments: 0,
    review_comments: 0,
    maintainer_can_modify: false,
    commits: 1,
    additions: pull.files.reduce((n, f) => n + f.additions, 0),
    deletions: pull.files.reduce((n, f) => n + f.deletions, 0),
    changed_files: pull.files.length,
  };
}

export function commitStatusJson(urls: FakeUrls, status: CommitStatusRecord): Json {
  return {
    url: `${apiRepo(urls, status)}/statuses/${status.sha}`,
    avatar_url: 'https://avatars.githubusercontent.com/in/15368?v=4',
    id: status.id,
    node_id: `SC_kwDO${status.id}`,
    state: status.state,
    description: status.description,
    target_url: status.targetUrl,
    context: status.context,
    created_at: status.createdAt,
    updated_at: status.createdAt,
    creator: userJson(urls, status.creator),
  };
}

export function rateLimitJson(remaining: number, resetEpochSeconds: number): Json {
  const bucket = (limit: number, left: number) => ({
    limit,
    remaining: left,
    reset: resetEpochSeconds,
    used: limit - left,
  });
  return {
    resources: {
      core: bucket(5000, remaining),
      search: bucket(30, 30),
      graphql: bucket(5000, 5000),
      integration_manifest: bucket(5000, 5000),
      code_scanning_upload: bucket(1000, 1000),
    },
    rate: bucket(5000, remaining),
  };
}
