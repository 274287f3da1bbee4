import { GitState } from './git-state.js';
import { SettingsState } from './settings-state.js';

/**
 * The fake GitHub's in-memory world: what was created, in creation order. Tests read it to
 * assert on outcomes ("exactly one check run, 123 annotations") rather than on request counts
 * alone, and seed it ("a PR whose comments already span two pages").
 */

export interface Account {
  login: string;
  id: number;
  type: 'Bot' | 'User' | 'Organization';
}

/** The identity behind a GITHUB_TOKEN. */
export const GITHUB_ACTIONS_BOT: Account = { login: 'github-actions[bot]', id: 41898282, type: 'Bot' };

export interface RepoRef {
  owner: string;
  repo: string;
}

export interface AnnotationRecord {
  path: string;
  start_line: number;
  end_line: number;
  start_column?: number;
  end_column?: number;
  annotation_level: 'notice' | 'warning' | 'failure';
  message: string;
  title?: string;
  raw_details?: string;
}

export interface CheckRunRecord extends RepoRef {
  id: number;
  name: string;
  headSha: string;
  externalId: string | null;
  detailsUrl: string | null;
  status: string;
  conclusion: string | null;
  startedAt: string;
  completedAt: string | null;
  output: { title: string | null; summary: string | null; text: string | null };
  /** Appended across create and every update, as GitHub does. */
  annotations: AnnotationRecord[];
  /** Number of PATCH requests applied. */
  updates: number;
}

export interface CommentRecord extends RepoRef {
  id: number;
  issueNumber: number;
  body: string;
  user: Account;
  createdAt: string;
  updatedAt: string;
}

export interface DeploymentStatusRecord {
  id: number;
  state: string;
  description: string;
  environment: string;
  environmentUrl: string;
  logUrl: string;
  targetUrl: string;
  creator: Account;
  createdAt: string;
}

export interface DeploymentRecord extends RepoRef {
  id: number;
  ref: string;
  sha: string;
  task: string;
  environment: string;
  description: string | null;
  payload: unknown;
  transientEnvironment: boolean;
  productionEnvironment: boolean;
  requiredContexts: string[] | undefined;
  autoMerge: boolean;
  creator: Account;
  createdAt: string;
  statuses: DeploymentStatusRecord[];
}

export interface IssueRecord extends RepoRef {
  id: number;
  number: number;
  title: string;
  body: string | null;
  labels: string[];
  assignees: string[];
  state: 'open' | 'closed';
  user: Account;
  createdAt: string;
  updatedAt: string;
}

export interface PullRequestFileRecord {
  filename: string;
  status: 'added' | 'removed' | 'modified' | 'renamed' | 'copied' | 'changed' | 'unchanged';
  additions: number;
  deletions: number;
  patch?: string;
  previous_filename?: string;
}

export interface PullRequestRecord extends RepoRef {
  id: number;
  number: number;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  draft: boolean;
  headSha: string;
  headRef: string;
  /** `owner/repo` of the head; differs from the base for fork PRs. */
  headRepository: string;
  baseRef: string;
  baseSha: string;
  user: Account;
  files: PullRequestFileRecord[];
  createdAt: string;
}

export interface CommitStatusRecord extends RepoRef {
  id: number;
  sha: string;
  state: string;
  context: string;
  description: string | null;
  targetUrl: string | null;
  creator: Account;
  createdAt: string;
}

export interface RepositorySettings extends RepoRef {
  id: number;
  private: boolean;
  defaultBranch: string;
  visibility: 'public' | 'private' | 'internal';
  archived: boolean;
  /** Extra fields merged into GET /repos/{owner}/{repo} (e.g. `allow_auto_merge`). */
  extra: Record<string, unknown>;
  /**
   * `security_and_analysis` of GET /repos/{owner}/{repo}, e.g.
   * `{ secret_scanning: { status: 'enabled' }, secret_scanning_push_protection: { status: 'enabled' } }`;
   * only tokens with admin rights see it. Features not named are `disabled`.
   */
  securityAndAnalysis: Record<string, { status: 'enabled' | 'disabled' }>;
}

export class FakeGitHubState {
  readonly checkRuns: CheckRunRecord[] = [];
  readonly comments: CommentRecord[] = [];
  readonly deployments: DeploymentRecord[] = [];
  readonly issues: IssueRecord[] = [];
  readonly pullRequests: PullRequestRecord[] = [];
  readonly commitStatuses: CommitStatusRecord[] = [];
  readonly repositories: RepositorySettings[] = [];
  /** Branch protection by `owner/repo:branch`; absent means GitHub's 404 "Branch not protected". */
  readonly branchProtection = new Map<string, Record<string, unknown>>();
  /** Rulesets, environments, deploy keys, collaborators, security alerts. */
  readonly settings = new SettingsState();
  /** Commits and refs. */
  readonly git = new GitState();

  private nextId = 1000;
  private readonly checkSuites = new Map<string, number>();

  /** Ids are unique across resource kinds, which GitHub does not promise but tests find handy. */
  newId(): number {
    this.nextId += 1;
    return this.nextId;
  }

  /** One check suite per repository and commit, as for a single workflow's checks. */
  checkSuiteId(ref: RepoRef, sha: string): number {
    const key = `${ref.owner}/${ref.repo}@${sha}`.toLowerCase();
    let id = this.checkSuites.get(key);
    if (id === undefined) {
      id = this.newId();
      this.checkSuites.set(key, id);
    }
    return id;
  }

  /** Issues and pull requests share one number sequence per repository, as on GitHub. */
  nextIssueNumber(ref: RepoRef): number {
    const numbers = [
      ...this.issues.filter((i) => sameRepo(i, ref)).map((i) => i.number),
      ...this.pullRequests.filter((p) => sameRepo(p, ref)).map((p) => p.number),
    ];
    return Math.max(0, ...numbers) + 1;
  }

  repository(ref: RepoRef): RepositorySettings {
    let settings = this.repositories.find((r) => sameRepo(r, ref));
    if (!settings) {
      settings = {
        ...ref,
        id: this.newId(),
        private: false,
        defaultBranch: 'main',
        visibility: 'public',
        archived: false,
        extra: {},
        securityAndAnalysis: {},
      };
      this.repositories.push(settings);
    }
    return settings;
  }
}

/** Owner and repository names are case-insensitive on GitHub. */
export function sameRepo(a: RepoRef, b: RepoRef): boolean {
  return a.owner.toLowerCase() === b.owner.toLowerCase() && a.repo.toLowerCase() === b.repo.toLowerCase();
}
