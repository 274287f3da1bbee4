import type { GitHubClient } from '../../../../shared/github/octokit.js';
import type { Logger } from '../../../../shared/runtime/logger.js';

/** Why a read failed, sorted into what the audit does with it. */
export type ApiFailure =
  /** 403 naming a permission (or "Must have push access"): the token may not read this. */
  | { kind: 'forbidden'; status: number; message: string; acceptedPermissions?: string }
  /** 404 (GitHub's answer to admin-only resources, disabled features and missing things). */
  | { kind: 'not_found'; status: 404; message: string }
  /** Anything else: 5xx after retries, rate limit we gave up on, network failure, 4xx. */
  | { kind: 'error'; status?: number; message: string };

export type ApiResult<T> = { ok: true; data: T } | { ok: false; failure: ApiFailure };

export interface RepoCoordinates {
  owner: string;
  repo: string;
}

interface OctokitErrorShape {
  status?: unknown;
  message?: unknown;
  response?: { data?: unknown; headers?: Record<string, unknown> };
}

/** Turns whatever Octokit threw into an ApiFailure; never throws. */
export function toApiFailure(error: unknown): ApiFailure {
  const e = (error ?? {}) as OctokitErrorShape;
  const status = typeof e.status === 'number' ? e.status : undefined;
  const data = e.response?.data as { message?: unknown } | undefined;
  const message =
    typeof data?.message === 'string' ? data.message : typeof e.message === 'string' ? e.message : String(error);
  const headers = e.response?.headers ?? {};
  const accepted = headers['x-accepted-github-permissions'];
  const rateLimited =
    /rate limit/i.test(message) || headers['x-ratelimit-remaining'] === '0' || headers['retry-after'] !== undefined;
  if ((status === 403 || status === 429) && rateLimited) {
    return { kind: 'error', status, message: `rate limited: ${message}` };
  }
  if (status === 403) {
    return typeof accepted === 'string'
      ? { kind: 'forbidden', status, message, acceptedPermissions: accepted }
      : { kind: 'forbidden', status, message };
  }
  if (status === 404) return { kind: 'not_found', status, message };
  return status === undefined ? { kind: 'error', message } : { kind: 'error', status, message };
}

/** One line for a report: `GET /repos/{owner}/{repo}/keys answered 502: Bad Gateway`. */
export function describeFailure(route: string, failure: ApiFailure): string {
  const status = failure.status === undefined ? 'failed' : `answered ${failure.status}`;
  return `${route} ${status}: ${failure.message}`;
}

/**
 * Reads the repository's settings through the API. Every answer (success or failure) is cached
 * by route and parameters, so the capability probe and the checks never ask GitHub twice for
 * the same thing, and nothing it reads throws: failures come back as values.
 */
export class ApiReader {
  private readonly cache = new Map<string, Promise<ApiResult<unknown>>>();

  constructor(
    private readonly client: GitHubClient,
    readonly repo: RepoCoordinates,
    private readonly logger: Logger,
  ) {}

  /** One request, e.g. `get('GET /repos/{owner}/{repo}/branches/{branch}/protection', { branch })`. */
  get<T>(route: string, params: Record<string, string | number | boolean> = {}): Promise<ApiResult<T>> {
    return this.cached(
      `get ${route} ${JSON.stringify(params)}`,
      async () => {
        const response = await this.client.request(route, { ...this.repo, ...params });
        return response.data as T;
      },
      route,
    );
  }

  /** Every page of a list (Link-header pagination, page numbers or cursors alike). */
  list<T>(route: string, params: Record<string, string | number | boolean> = {}): Promise<ApiResult<T[]>> {
    return this.cached(
      `list ${route} ${JSON.stringify(params)}`,
      async () => {
        const items = await this.client.paginate(route, { per_page: 100, ...this.repo, ...params });
        return items as T[];
      },
      route,
    );
  }

  private cached<T>(key: string, read: () => Promise<T>, route: string): Promise<ApiResult<T>> {
    let pending = this.cache.get(key) as Promise<ApiResult<T>> | undefined;
    if (!pending) {
      pending = read().then(
        (data): ApiResult<T> => ({ ok: true, data }),
        (error: unknown): ApiResult<T> => {
          const failure = toApiFailure(error);
          this.logger.debug(`compliance-audit: ${describeFailure(route, failure)}`);
          return { ok: false, failure };
        },
      );
      this.cache.set(key, pending as Promise<ApiResult<unknown>>);
    }
    return pending;
  }
}
