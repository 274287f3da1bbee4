/**
 * Faults a test can inject into the fake GitHub: the failures a publisher meets in real runs
 * (5xx from GitHub's edge, secondary and primary rate limits, a token without permission, a
 * repository it cannot see, a dropped connection).
 */
import { errorResponse, resourceNotAccessible, type FakeResponse } from './github-errors.js';

export type Fault =
  /** A 5xx with GitHub's JSON error body; retried by Octokit's retry plugin. */
  | { kind: 'server-error'; status?: 500 | 502 | 503 }
  /** "You have exceeded a secondary rate limit" with `retry-after` (403 unless told otherwise). */
  | { kind: 'secondary-rate-limit'; status?: 403 | 429; retryAfterSeconds?: number }
  /** Primary limit: `x-ratelimit-remaining: 0` and a reset `resetInSeconds` ahead. */
  | { kind: 'primary-rate-limit'; status?: 403 | 429; resetInSeconds?: number }
  /** 403 "Resource not accessible by integration": the token lacks a permission. */
  | { kind: 'forbidden' }
  /** 404, as GitHub answers for a repository or resource the token cannot see. */
  | { kind: 'not-found' }
  /** The connection is closed without a response. */
  | { kind: 'connection-reset' }
  /** Any canned answer, for shapes the fake does not model. */
  | { kind: 'response'; status: number; body?: unknown; headers?: Record<string, string> };

export interface FaultRule {
  /** Only requests with this method (any when absent). */
  method?: string;
  /**
   * Only requests to this path: an OpenAPI template (`/repos/{owner}/{repo}/check-runs`), a
   * concrete path, or a RegExp tested against the concrete path.
   */
  path?: string | RegExp;
  /** How many matching requests get the fault (default 1); `Infinity` for all. */
  times?: number;
  fault: Fault;
}

/** Returned by `inject` so a test can check that its fault actually fired. */
export interface InjectedFault {
  readonly rule: FaultRule;
  /** How many requests received the fault so far. */
  hits: number;
  /** How many more will. */
  remaining: number;
}

export class FaultQueue {
  private readonly injected: InjectedFault[] = [];

  add(rule: FaultRule): InjectedFault {
    const injected: InjectedFault = { rule, hits: 0, remaining: rule.times ?? 1 };
    this.injected.push(injected);
    return injected;
  }

  /** The fault for this request, if one is due; consumes one use of the first matching rule. */
  take(method: string, pathname: string, template: string | undefined): Fault | undefined {
    for (const injected of this.injected) {
      if (injected.remaining <= 0) continue;
      const { rule } = injected;
      if (rule.method && rule.method.toUpperCase() !== method.toUpperCase()) continue;
      if (
        rule.path instanceof RegExp
          ? !rule.path.test(pathname)
          : rule.path && rule.path !== template && rule.path !== pathname
      ) {
        continue;
      }
      injected.remaining -= 1;
      injected.hits += 1;
      return rule.fault;
    }
    return undefined;
  }

  clear(): void {
    this.injected.length = 0;
  }
}

const SECONDARY_RATE_LIMIT_MESSAGE =
  'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. ' +
  'If you reach out to GitHub Support for help, please include the request ID 0000:FAKE:0000.';

/** The HTTP answer for a fault, or 'reset' to drop the connection. */
export function faultResponse(fault: Fault, acceptedPermissions: string, now: Date): FakeResponse | 'reset' {
  switch (fault.kind) {
    case 'server-error': {
      const status = fault.status ?? 502;
      return errorResponse(
        status,
        status === 502 ? 'Bad Gateway' : status === 503 ? 'Service Unavailable' : 'Server Error',
      );
    }
    case 'secondary-rate-limit': {
      const response = errorResponse(fault.status ?? 403, SECONDARY_RATE_LIMIT_MESSAGE);
      response.headers = { 'retry-after': String(fault.retryAfterSeconds ?? 1) };
      return response;
    }
    case 'primary-rate-limit': {
      const reset = Math.ceil(now.getTime() / 1000) + (fault.resetInSeconds ?? 1);
      const response = errorResponse(fault.status ?? 403, 'API rate limit exceeded for installation ID 1.');
      response.headers = {
        'x-ratelimit-limit': '5000',
        'x-ratelimit-remaining': '0',
        'x-ratelimit-used': '5000',
        'x-ratelimit-reset': String(reset),
        'x-ratelimit-resource': 'core',
      };
      return response;
    }
    case 'forbidden':
      return resourceNotAccessible(acceptedPermissions);
    case 'not-found':
      return errorResponse(404, 'Not Found');
    case 'connection-reset':
      return 'reset';
    case 'response':
      return { status: fault.status, body: fault.body, headers: fault.headers };
  }
}
