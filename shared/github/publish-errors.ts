/**
 * Sorts the ways a GitHub write can fail into the few a user acts on differently: the token
 * lacks a permission (add `permissions:`), the token cannot see the target (fork PRs), GitHub
 * is down or rate limiting us (re-run later), or GitHub refused what we sent (our bug).
 */

export type PublishFailureKind =
  'forbidden' | 'unauthorized' | 'not-found' | 'rate-limited' | 'unavailable' | 'rejected' | 'unexpected';

export interface PublishFailure {
  kind: PublishFailureKind;
  /** HTTP status when GitHub answered. */
  status?: number;
  /** The permission GitHub asked for in `x-accepted-github-permissions`, e.g. `checks=write`. */
  acceptedPermissions?: string;
  /** GitHub's message or the error's, single line, no secrets (Octokit redacts the token). */
  message: string;
}

interface RequestErrorLike {
  status?: unknown;
  message?: unknown;
  response?: { headers?: Record<string, unknown>; data?: unknown };
}

function header(error: RequestErrorLike, name: string): string | undefined {
  const value = error.response?.headers?.[name];
  return typeof value === 'string' ? value : undefined;
}

function firstLine(text: string): string {
  return text.split('\n')[0]?.trim() ?? '';
}

export function classifyPublishError(error: unknown): PublishFailure {
  const e = (error ?? {}) as RequestErrorLike;
  const status = typeof e.status === 'number' ? e.status : undefined;
  // GitHub's own message reads better than Octokit's, which appends the documentation URL.
  const data = e.response?.data as { message?: unknown } | undefined;
  const message = firstLine(
    typeof data?.message === 'string' ? data.message : typeof e.message === 'string' ? e.message : String(error),
  );
  const base = { status, message };
  if (status === undefined || !e.response) {
    // Octokit reports network failures (DNS, reset, timeout) as status 500 without a response.
    return status === 500 ? { ...base, kind: 'unavailable' } : { ...base, kind: 'unexpected' };
  }
  const rateLimited = status === 429 || header(e, 'x-ratelimit-remaining') === '0' || /\brate limit\b/i.test(message);
  if (rateLimited) return { ...base, kind: 'rate-limited' };
  if (status === 401) return { ...base, kind: 'unauthorized' };
  if (status === 403)
    return { ...base, kind: 'forbidden', acceptedPermissions: header(e, 'x-accepted-github-permissions') };
  if (status === 404) return { ...base, kind: 'not-found' };
  if (status >= 500) return { ...base, kind: 'unavailable' };
  return { ...base, kind: 'rejected' };
}

/**
 * `checks=write` -> `checks: write`; `issues=write; pull_requests=write` -> `pull-requests: write`
 * (either works for a PR comment; `pull-requests` is the one people expect to grant).
 */
export function permissionToGrant(acceptedPermissions: string | undefined, fallback: string): string {
  if (!acceptedPermissions) return fallback;
  const options = acceptedPermissions
    .split(/[;,]/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => p.replace('=', ': ').replace(/_/g, '-'));
  return options.find((p) => p.startsWith('pull-requests')) ?? options[0] ?? fallback;
}
