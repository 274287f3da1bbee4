/**
 * A local fake of GitHub's REST API for tests: a real HTTP server on 127.0.0.1 that keeps
 * check runs, comments, deployments and issues in memory, checks every request against
 * GitHub's OpenAPI description, records every call, and fails on demand the way GitHub does.
 *
 *   const fake = await FakeGitHub.start();
 *   const octokit = createOctokit({ token: 't', baseUrl: fake.url, logger });
 *   ...
 *   expect(fake.violations).toEqual([]);
 *   await fake.close();
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { errorResponse, invalidRequest, notFound, resourceNotAccessible, type FakeResponse } from './github-errors.js';
import { faultResponse, FaultQueue, type Fault, type FaultRule, type InjectedFault } from './faults.js';
import type { HandlerContext, HandlerResult, HandlerTable } from './handler-context.js';
import { checkRunHandlers } from './handlers/check-runs.js';
import { deploymentHandlers } from './handlers/deployments.js';
import { issueCommentHandlers } from './handlers/issue-comments.js';
import { issueHandlers } from './handlers/issues.js';
import { gitDataHandlers } from './handlers/git-data.js';
import { repositoryHandlers } from './handlers/repository.js';
import { securityAlertHandlers } from './handlers/security-alerts.js';
import { settingsHandlers } from './handlers/settings.js';
import type { OperationDescription } from './openapi-subset.js';
import { OpenApiValidator } from './openapi-validator.js';
import { acceptedPermissionsFor } from './permissions.js';
import { fakeSha, type FakeUrls } from './resources.js';
import { FakeGitHubSeeder } from './seeding.js';
import { fillRequired } from './schema-filler.js';
import { denial, type TokenProfile } from './token-access.js';
import {
  FakeGitHubState,
  GITHUB_ACTIONS_BOT,
  type Account,
  type CommentRecord,
  type IssueRecord,
  type PullRequestFileRecord,
  type PullRequestRecord,
  type RepoRef,
  type RepositorySettings,
} from './state.js';

export interface FakeGitHubOptions {
  /** Web root used in `html_url`s (default `https://github.com`). */
  serverUrl?: string;
  /** Serve the API under a prefix, as GitHub Enterprise Server does with `/api/v3`. */
  pathPrefix?: string;
  /** Who the token belongs to (default `github-actions[bot]`, i.e. a GITHUB_TOKEN). */
  identity?: Account;
  /** Check the fake's own 2xx responses against the schemas (default true). */
  validateResponses?: boolean;
  /** Time source, for deterministic timestamps. */
  now?: () => Date;
  /** What the token may do (default: everything); can be changed later through `fake.token`. */
  token?: TokenProfile;
}

export interface RecordedCall {
  method: string;
  /** Concrete path without the prefix, e.g. `/repos/o/r/check-runs/1001`. */
  path: string;
  /** The OpenAPI template it matched, when it matched one. */
  template?: string;
  operationId?: string;
  query: Record<string, string>;
  body: unknown;
  status: number;
  /** False when the request broke the OpenAPI description or a GitHub rule. */
  valid: boolean;
  errors: string[];
  /** The injected fault that answered, if any. */
  fault?: Fault['kind'];
  authenticated: boolean;
}

export type ViolationKind =
  | 'unknown-operation'
  | 'invalid-request'
  | 'unknown-field'
  | 'rejected-by-github-rule'
  | 'malformed-json'
  | 'invalid-response'
  | 'fake-crash';

export interface Violation {
  kind: ViolationKind;
  method: string;
  path: string;
  messages: string[];
}

export interface NewPullRequest extends Partial<RepoRef> {
  number?: number;
  title?: string;
  body?: string | null;
  headSha: string;
  headRef?: string;
  baseRef?: string;
  baseSha?: string;
  /** `owner/repo` of the head branch; set it to another repository for a fork PR. */
  headRepository?: string;
  user?: Account;
  draft?: boolean;
  files?: PullRequestFileRecord[];
}

const HANDLERS: HandlerTable = {
  ...checkRunHandlers,
  ...issueCommentHandlers,
  ...deploymentHandlers,
  ...issueHandlers,
  ...repositoryHandlers,
  ...settingsHandlers,
  ...securityAlertHandlers,
  ...gitDataHandlers,
};

const DEFAULT_REPO: RepoRef = { owner: 'octo-org', repo: 'service' };

function githubTime(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export class FakeGitHub {
  /** The API root to give Octokit as `baseUrl` (and GITHUB_API_URL), without a trailing slash. */
  readonly url: string;
  readonly serverUrl: string;
  readonly calls: RecordedCall[] = [];
  /** Everything real GitHub would have refused or not understood; tests assert it stays empty. */
  readonly violations: Violation[] = [];
  readonly state = new FakeGitHubState();
  /** When true every write gets 403 "Resource not accessible by integration" (a read-only token). */
  readOnly = false;
  /** The account behind the token; it authors comments, check runs and issues. */
  identity: Account;
  /**
   * What the token may do (see token-access.ts and `TOKENS`); undefined allows everything.
   * E.g. `fake.token = TOKENS.githubToken({ contents: 'read', security_events: 'read' })`.
   */
  token: TokenProfile | undefined;
  /** Seeds rulesets, environments, deploy keys, collaborators, alerts, commits and refs. */
  readonly seed: FakeGitHubSeeder;

  private readonly faults = new FaultQueue();
  private readonly validator = OpenApiValidator.shared();
  private readonly validateResponses: boolean;
  private readonly now: () => Date;
  private readonly pathPrefix: string;

  private constructor(
    private readonly server: Server,
    port: number,
    options: FakeGitHubOptions,
  ) {
    this.pathPrefix = (options.pathPrefix ?? '').replace(/\/$/, '');
    this.url = `http://127.0.0.1:${port}${this.pathPrefix}`;
    this.serverUrl = (options.serverUrl ?? 'https://github.com').replace(/\/$/, '');
    this.identity = options.identity ?? GITHUB_ACTIONS_BOT;
    this.validateResponses = options.validateResponses ?? true;
    this.now = options.now ?? (() => new Date());
    this.token = options.token;
    this.seed = new FakeGitHubSeeder(this.state, () => githubTime(this.now()));
  }

  static async start(options: FakeGitHubOptions = {}): Promise<FakeGitHub> {
    // The server must exist before the fake (which needs its port), and route to it after.
    const ready: { fake?: FakeGitHub } = {};
    const server = createServer((req, res) => {
      if (!ready.fake) {
        res.destroy();
        return;
      }
      const fake = ready.fake;
      fake.handle(req, res).catch((error: unknown) => {
        // A bug in the fake must fail the test that met it, not pass as a GitHub outage.
        const message = `fake GitHub crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
        fake.violations.push({
          kind: 'fake-crash',
          method: req.method ?? '',
          path: req.url ?? '',
          messages: [message],
        });
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(message);
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    ready.fake = new FakeGitHub(server, (server.address() as AddressInfo).port, options);
    return ready.fake;
  }

  /** The OpenAPI description the fake validates against. */
  get openApi() {
    return this.validator.subset;
  }

  get checkRuns() {
    return this.state.checkRuns;
  }
  get comments() {
    return this.state.comments;
  }
  get deployments() {
    return this.state.deployments;
  }
  get issues() {
    return this.state.issues;
  }
  get pullRequests() {
    return this.state.pullRequests;
  }
  get commitStatuses() {
    return this.state.commitStatuses;
  }

  /** Makes the next matching request(s) fail; see `Fault` for the kinds. */
  inject(rule: FaultRule): InjectedFault {
    return this.faults.add(rule);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  /** Calls to one operation, e.g. `callsTo('PATCH', '/repos/{owner}/{repo}/check-runs/{check_run_id}')`. */
  callsTo(method: string, template: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method.toUpperCase() && c.template === template);
  }

  /** Seeds a comment, e.g. a human's, or one left by an earlier run. */
  addComment(comment: Partial<RepoRef> & { issueNumber: number; body: string; user?: Account }): CommentRecord {
    const at = githubTime(this.now());
    const record: CommentRecord = {
      ...DEFAULT_REPO,
      owner: comment.owner ?? DEFAULT_REPO.owner,
      repo: comment.repo ?? DEFAULT_REPO.repo,
      id: this.state.newId(),
      issueNumber: comment.issueNumber,
      body: comment.body,
      user: comment.user ?? { login: 'octocat', id: 583231, type: 'User' },
      createdAt: at,
      updatedAt: at,
    };
    this.state.comments.push(record);
    return record;
  }

  addPullRequest(pull: NewPullRequest): PullRequestRecord {
    const ref = { owner: pull.owner ?? DEFAULT_REPO.owner, repo: pull.repo ?? DEFAULT_REPO.repo };
    const record: PullRequestRecord = {
      ...ref,
      id: this.state.newId(),
      number: pull.number ?? this.state.nextIssueNumber(ref),
      title: pull.title ?? 'A change',
      body: pull.body ?? null,
      state: 'open',
      draft: pull.draft ?? false,
      headSha: pull.headSha.toLowerCase(),
      headRef: pull.headRef ?? 'feature',
      headRepository: pull.headRepository ?? `${ref.owner}/${ref.repo}`,
      baseRef: pull.baseRef ?? 'main',
      baseSha: pull.baseSha ?? fakeSha(`${ref.owner}/${ref.repo}:${pull.baseRef ?? 'main'}`),
      user: pull.user ?? { login: 'octocat', id: 583231, type: 'User' },
      files: pull.files ?? [],
      createdAt: githubTime(this.now()),
    };
    this.state.pullRequests.push(record);
    return record;
  }

  addIssue(
    issue: Partial<RepoRef> & {
      title: string;
      body?: string;
      labels?: string[];
      state?: 'open' | 'closed';
      user?: Account;
    },
  ): IssueRecord {
    const ref = { owner: issue.owner ?? DEFAULT_REPO.owner, repo: issue.repo ?? DEFAULT_REPO.repo };
    const at = githubTime(this.now());
    const record: IssueRecord = {
      ...ref,
      id: this.state.newId(),
      number: this.state.nextIssueNumber(ref),
      title: issue.title,
      body: issue.body ?? null,
      labels: issue.labels ?? [],
      assignees: [],
      state: issue.state ?? 'open',
      user: issue.user ?? this.identity,
      createdAt: at,
      updatedAt: at,
    };
    this.state.issues.push(record);
    return record;
  }

  /** Changes what GET /repos/{owner}/{repo} answers (default branch, visibility, extra fields). */
  setRepository(settings: RepoRef & Partial<Omit<RepositorySettings, 'owner' | 'repo' | 'id'>>): void {
    const current = this.state.repository(settings);
    Object.assign(current, settings, { extra: { ...current.extra, ...settings.extra } });
  }

  setBranchProtection(ref: RepoRef, branch: string, protection: Record<string, unknown>): void {
    this.state.branchProtection.set(`${ref.owner}/${ref.repo}:${branch}`.toLowerCase(), protection);
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      // Keep-alive sockets from Octokit's agent would otherwise hold close() open.
      this.server.closeAllConnections();
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const requestUrl = new URL(req.url ?? '/', 'http://127.0.0.1');
    const rawText = await readBody(req);
    const authenticated = typeof req.headers.authorization === 'string' && req.headers.authorization.length > 0;

    const prefixed = requestUrl.pathname.startsWith(`${this.pathPrefix}/`) || this.pathPrefix === '';
    const path = prefixed ? requestUrl.pathname.slice(this.pathPrefix.length) : requestUrl.pathname;
    const call: RecordedCall = {
      method,
      path,
      query: Object.fromEntries(requestUrl.searchParams),
      body: undefined,
      status: 0,
      valid: true,
      errors: [],
      authenticated,
    };
    const violation = (kind: ViolationKind, messages: string[]) => {
      call.valid = false;
      call.errors.push(...messages);
      this.violations.push({ kind, method, path, messages });
    };

    let body: { present: boolean; value: unknown } = { present: false, value: undefined };
    if (rawText.length > 0) {
      try {
        body = { present: true, value: JSON.parse(rawText) };
        call.body = body.value;
      } catch {
        call.body = rawText;
        violation('malformed-json', ['Problems parsing JSON']);
        return this.send(res, call, errorResponse(400, 'Problems parsing JSON'));
      }
    }

    const matched = prefixed ? this.validator.match(method, path) : undefined;
    if (!matched) {
      violation('unknown-operation', [`${method} ${path} is not an operation of the OpenAPI subset`]);
      return this.send(res, call, notFound());
    }
    const { operation } = matched;
    call.template = operation.path;
    call.operationId = operation.operationId;

    const problems = this.validator.validateRequest(matched, requestUrl.searchParams, body);
    if (problems.invalid.length) violation('invalid-request', problems.invalid);
    if (problems.unknown.length)
      violation(
        'unknown-field',
        problems.unknown.map((u) => `unknown ${u}`),
      );

    const isWrite = method !== 'GET' && method !== 'HEAD';
    const fault = this.faults.take(method, path, operation.path);
    if (fault) {
      call.fault = fault.kind;
      const response = faultResponse(fault, acceptedPermissionsFor(operation), this.now());
      if (response === 'reset') {
        call.status = -1;
        this.calls.push(call);
        req.socket.destroy();
        return;
      }
      return this.send(res, call, response);
    }
    if (isWrite && !authenticated) return this.send(res, call, errorResponse(401, 'Requires authentication'));
    if (isWrite && this.readOnly) return this.send(res, call, resourceNotAccessible(acceptedPermissionsFor(operation)));
    const denied = denial(this.token, operation.path, acceptedPermissionsFor(operation));
    if (denied) return this.send(res, call, denied);
    if (problems.invalid.length) return this.send(res, call, invalidRequest(problems.invalid));

    const handler = HANDLERS[`${operation.method} ${operation.path}`];
    if (!handler) {
      return this.send(res, call, errorResponse(501, `The fake does not implement ${operation.operationId}`));
    }
    const result = handler(this.context(matched.pathParams, requestUrl, body.value, operation));
    if (result.rejectedBecause) violation('rejected-by-github-rule', [result.rejectedBecause]);
    if (this.validateResponses && result.status >= 200 && result.status < 300) {
      const responseProblems = this.validator.validateResponse(operation, result.status, result.body);
      if (responseProblems.length) violation('invalid-response', responseProblems);
    }
    return this.send(res, call, result);
  }

  private context(
    params: Record<string, string>,
    requestUrl: URL,
    body: unknown,
    operation: OperationDescription,
  ): HandlerContext {
    const urls: FakeUrls = { api: this.url, server: this.serverUrl };
    const successStatus = Object.keys(operation.responses)[0];
    const successSchema = successStatus ? operation.responses[successStatus]?.schema : null;
    return {
      params,
      query: requestUrl.searchParams,
      body: body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {},
      repo: { owner: params.owner ?? '', repo: params.repo ?? '' },
      state: this.state,
      urls,
      identity: this.identity,
      token: this.token,
      now: githubTime(this.now()),
      selfUrl: `${this.url}${requestUrl.pathname.slice(this.pathPrefix.length)}`,
      callCount: this.calls.length,
      conform: (json) => fillRequired(successSchema ?? undefined, json),
    };
  }

  private send(res: ServerResponse, call: RecordedCall, response: FakeResponse | HandlerResult): void {
    call.status = response.status;
    this.calls.push(call);
    const payload = response.body === undefined ? '' : JSON.stringify(response.body);
    const reset = Math.ceil(this.now().getTime() / 1000) + 3600;
    const remaining = Math.max(0, 5000 - this.calls.length);
    res.writeHead(response.status, {
      'content-type': 'application/json; charset=utf-8',
      'x-github-request-id': `FAKE:${this.calls.length}`,
      'x-github-api-version-selected': '2022-11-28',
      'x-ratelimit-limit': '5000',
      'x-ratelimit-remaining': String(remaining),
      'x-ratelimit-used': String(5000 - remaining),
      'x-ratelimit-reset': String(reset),
      'x-ratelimit-resource': 'core',
      ...response.headers,
    });
    res.end(payload);
  }
}

/** Starts a fake on an ephemeral port; remember to `close()` it. */
export function startFakeGitHub(options?: FakeGitHubOptions): Promise<FakeGitHub> {
  return FakeGitHub.start(options);
}
