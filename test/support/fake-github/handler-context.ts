/**
 * What an operation handler of the fake receives and returns. Handlers are plain functions
 * from a validated request to a response; the server does matching, validation, faults and
 * recording around them.
 */
import type { FakeResponse } from './github-errors.js';
import type { FakeUrls } from './resources.js';
import type { Account, FakeGitHubState, RepoRef } from './state.js';
import type { TokenProfile } from './token-access.js';

export interface HandlerContext {
  /** Decoded path parameters, e.g. `{ owner, repo, check_run_id }`. */
  params: Record<string, string>;
  query: URLSearchParams;
  /** The parsed JSON body (already checked against the operation's schema). */
  body: Record<string, unknown>;
  /** `owner`/`repo` from the path (empty strings for operations without them). */
  repo: RepoRef;
  state: FakeGitHubState;
  urls: FakeUrls;
  /** The account the token belongs to; it authors what the request creates. */
  identity: Account;
  /** The token the request came with (undefined: a token allowed everything). */
  token: TokenProfile | undefined;
  /** Current time as GitHub prints it (ISO 8601, second precision, `Z`). */
  now: string;
  /** Absolute URL of this request without its query, for Link headers. */
  selfUrl: string;
  /** Number of calls the fake has answered, for the rate-limit counters. */
  callCount: number;
  /** Fills the fields the 2xx response schema requires that the handler left out. */
  conform(json: unknown): unknown;
}

export interface HandlerResult extends FakeResponse {
  /**
   * Set when the request broke a GitHub rule the schema does not express (a comment body over
   * 65,536 characters, a check run summary over 65,535 bytes): the fake answers as GitHub does
   * and also records a violation, since real GitHub would have refused it.
   */
  rejectedBecause?: string;
}

export type Handler = (ctx: HandlerContext) => HandlerResult;

/** Handlers keyed by `METHOD /path/{template}`. */
export type HandlerTable = Record<string, Handler>;

export function json(status: number, body: unknown, headers?: Record<string, string>): HandlerResult {
  return { status, body, headers };
}

export function integerParam(ctx: HandlerContext, name: string): number {
  return Number.parseInt(ctx.params[name] ?? '', 10);
}

/** Length in characters as GitHub counts them (code points, not UTF-16 units). */
export function characterCount(text: string): number {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}
