/**
 * The one place an Octokit is made. Every publisher gets its client from here so that all of
 * them talk to the right host (GITHUB_API_URL on GitHub Enterprise Server), retry transient
 * failures, wait out rate limits for a bounded time, and log through the Logger port.
 */
import { getOctokit } from '@actions/github';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import Bottleneck from 'bottleneck';
import type { Logger } from '../runtime/logger.js';
import { DEFAULT_API_URL } from './context.js';

export type GitHubClient = ReturnType<typeof getOctokit>;

export interface CreateOctokitOptions {
  token: string;
  /** REST API root; defaults to GITHUB_API_URL, then https://api.github.com. */
  baseUrl?: string;
  logger: Logger;
  /** Retries of 5xx answers and network errors (default 3). */
  retries?: number;
  /** Base of the quadratic back-off between those retries: base x 1, 4, 9 ... (default 1000 ms). */
  retryBaseMs?: number;
  /** Retries after a primary or secondary rate limit (default 2). */
  rateLimitRetries?: number;
  /**
   * Longest rate-limit wait we accept (default 60 s). GitHub may ask for an hour; a job should
   * rather give up, degrade to the job summary, and finish than sit idle.
   */
  maxRetryAfterSeconds?: number;
  /**
   * Gap between writes (default 1000 ms, GitHub's advice against secondary rate limits).
   * Tests set 0.
   */
  writeSpacingMs?: number;
  /** How a rate-limit wait is turned into milliseconds (default 1000 per second; tests shrink it). */
  msPerRetryAfterSecond?: number;
  userAgent?: string;
  env?: NodeJS.ProcessEnv;
}

let clientCount = 0;

/** The request a rate limit hit, for log lines; never includes headers (they carry the token). */
function describeRequest(options: { method?: string; url?: string }): string {
  return `${options.method ?? 'GET'} ${options.url ?? ''}`.trim();
}

export function createOctokit(options: CreateOctokitOptions): GitHubClient {
  const env = options.env ?? process.env;
  const { logger, token } = options;
  if (!token) {
    // Callers without a token publish nothing to GitHub: publishPhase degrades when given no client.
    throw new Error('createOctokit needs a token; pass no client to publishPhase instead');
  }
  const baseUrl = (options.baseUrl ?? env.GITHUB_API_URL ?? DEFAULT_API_URL).replace(/\/+$/, '');
  const rateLimitRetries = options.rateLimitRetries ?? 2;
  const maxRetryAfterSeconds = options.maxRetryAfterSeconds ?? 60;
  const writeSpacingMs = options.writeSpacingMs ?? 1000;
  // A token can end up inside an error message (a proxy echoing a header); never print it.
  const redact = (text: string) => (token ? text.split(token).join('***') : text);

  const onLimit =
    (kind: string) =>
    (retryAfter: number, request: { method?: string; url?: string }, _octokit: unknown, retryCount: number) => {
      const what = describeRequest(request);
      if (retryCount >= rateLimitRetries) {
        logger.info(`GitHub ${kind} rate limit on ${what}: giving up after ${retryCount} retries.`);
        return false;
      }
      if (retryAfter > maxRetryAfterSeconds) {
        logger.info(
          `GitHub ${kind} rate limit on ${what}: it lifts in ${retryAfter}s, longer than the ${maxRetryAfterSeconds}s we wait.`,
        );
        return false;
      }
      logger.info(
        `GitHub ${kind} rate limit on ${what}: retrying in ${retryAfter}s (${retryCount + 1}/${rateLimitRetries}).`,
      );
      return true;
    };

  clientCount += 1;
  return getOctokit(
    token,
    {
      baseUrl,
      userAgent: options.userAgent ?? 'ancient-elder',
      log: {
        debug: (message: string) => logger.debug(redact(message)),
        info: (message: string) => logger.debug(redact(message)),
        warn: (message: string) => logger.info(redact(String(message))),
        error: (message: string) => logger.info(redact(String(message))),
      },
      retry: {
        retries: options.retries ?? 3,
        retryAfterBaseValue: options.retryBaseMs ?? 1000,
        // 403 and 429 are the throttling plugin's to handle (rate limits); the rest are final.
        doNotRetry: [400, 401, 403, 404, 409, 410, 422, 429, 451],
      },
      throttle: {
        id: `elder-${clientCount}`,
        retryAfterBaseValue: options.msPerRetryAfterSecond ?? 1000,
        // Our own groups, so the write spacing is ours to set (the plugin's default is 1 s for
        // writes and 3 s for writes that notify, shared by every client in the process).
        write: new Bottleneck.Group({ maxConcurrent: 1, minTime: writeSpacingMs }),
        notifications: new Bottleneck.Group({ maxConcurrent: 1, minTime: writeSpacingMs }),
        onRateLimit: onLimit('primary'),
        onSecondaryRateLimit: onLimit('secondary'),
      },
    },
    retry,
    throttling,
  );
}
