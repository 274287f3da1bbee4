/**
 * What the token a test hands to the code under test may do, and how GitHub answers when it may
 * not. Two kinds of token behave differently on GitHub:
 *
 * - `installation`: a GITHUB_TOKEN or GitHub App token. Its permissions are a map like
 *   `{ contents: 'read', security_events: 'read' }` (a workflow's `permissions:` block, with
 *   GitHub App names). Missing permission: 403 "Resource not accessible by integration" with
 *   `x-accepted-github-permissions`. `metadata: read` is always granted, as on GitHub.
 * - `user`: a personal access token; what it may do follows the user's role on the repository.
 *   Admin-only resources (branch protection, deploy keys, secret scanning alerts) answer 404 to
 *   non-admins, as GitHub hides them; collaborators answer 403 "Must have push access".
 *
 * `fake.token = undefined` (the default) allows everything, which keeps older tests unchanged.
 */
import { errorResponse, resourceNotAccessible, type FakeResponse } from './github-errors.js';

export type Access = 'read' | 'write';

/** GitHub App permission names (`security_events`, `vulnerability_alerts`, ...) to access. */
export type TokenPermissions = Partial<Record<string, Access>>;

export type RepositoryRole = 'read' | 'triage' | 'write' | 'maintain' | 'admin';

export type TokenProfile =
  { kind: 'installation'; permissions: TokenPermissions } | { kind: 'user'; role: RepositoryRole };

const READ_ROLE: TokenPermissions = {
  metadata: 'read',
  contents: 'read',
  pull_requests: 'read',
  issues: 'read',
  actions: 'read',
  checks: 'read',
  deployments: 'read',
  statuses: 'read',
};
const WRITE_ROLE: TokenPermissions = {
  ...READ_ROLE,
  contents: 'write',
  pull_requests: 'write',
  issues: 'write',
  actions: 'write',
  checks: 'write',
  deployments: 'write',
  statuses: 'write',
  // People with write access see Dependabot and code scanning alerts.
  vulnerability_alerts: 'read',
  security_events: 'read',
};
const ADMIN_ROLE: TokenPermissions = {
  ...WRITE_ROLE,
  administration: 'write',
  vulnerability_alerts: 'write',
  security_events: 'write',
  secret_scanning_alerts: 'write',
};

/** Ready-made tokens for the usual cases. */
export const TOKENS = {
  /** A repository admin's personal access token: reads everything. */
  admin: { kind: 'user', role: 'admin' } as TokenProfile,
  /** A GITHUB_TOKEN with the given `permissions:` (GitHub App names, e.g. `security_events`). */
  githubToken: (permissions: TokenPermissions): TokenProfile => ({ kind: 'installation', permissions }),
  /** An installation token with nothing but the implicit `metadata: read`. */
  metadataOnly: { kind: 'installation', permissions: { metadata: 'read' } } as TokenProfile,
};

/** The permissions a token holds, GitHub App names to access. */
export function effectivePermissions(token: TokenProfile): TokenPermissions {
  if (token.kind === 'installation') return { metadata: 'read', ...token.permissions };
  switch (token.role) {
    case 'admin':
      return ADMIN_ROLE;
    case 'maintain':
    case 'write':
      return WRITE_ROLE;
    case 'triage':
      return { ...READ_ROLE, issues: 'write', pull_requests: 'write' };
    case 'read':
      return READ_ROLE;
  }
}

function satisfies(granted: TokenPermissions, requirement: string): boolean {
  // "a=read,b=read" needs both; write includes read.
  return requirement
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .every((part) => {
      const [name = '', level = 'read'] = part.split('=');
      const held = granted[name.trim()];
      return held === 'write' || (held === 'read' && level.trim() === 'read');
    });
}

/** True when the token holds one of the `;`-separated alternatives of `accepted`. */
export function tokenAllows(token: TokenProfile, accepted: string): boolean {
  const granted = effectivePermissions(token);
  return accepted.split(';').some((alternative) => satisfies(granted, alternative));
}

/** Resources GitHub hides (404) from users who are not repository admins. */
const ADMIN_ONLY = /\/(protection|keys)(\/|$)|\/secret-scanning\//;

/** GitHub's answer to a request the token may not make, or undefined when it may. */
export function denial(token: TokenProfile | undefined, path: string, accepted: string): FakeResponse | undefined {
  if (!token || path === '/rate_limit') return undefined;
  const pushAccess = token.kind === 'installation' || tokenAllows(token, 'contents=write');
  if (/\/collaborators/.test(path) && !pushAccess) {
    return errorResponse(403, 'Must have push access to view repository collaborators.');
  }
  if (tokenAllows(token, accepted)) return undefined;
  if (token.kind === 'installation') return resourceNotAccessible(accepted);
  if (ADMIN_ONLY.test(path)) return errorResponse(404, 'Not Found');
  return errorResponse(403, 'Resource not accessible by personal access token', {
    'x-accepted-github-permissions': accepted,
  });
}

/** Whether GET /repos/{owner}/{repo} shows `security_and_analysis` (admins only, per GitHub's docs). */
export function seesSecurityAndAnalysis(token: TokenProfile | undefined): boolean {
  return !token || tokenAllows(token, 'administration=read');
}

/** The `permissions` hash of GET /repos/{owner}/{repo}: only user tokens get one. */
export function repositoryPermissionsFor(token: TokenProfile | undefined): Record<string, boolean> | null {
  if (!token) return { admin: false, maintain: false, push: true, triage: true, pull: true };
  if (token.kind === 'installation') return null;
  const rank = ['read', 'triage', 'write', 'maintain', 'admin'].indexOf(token.role);
  return { admin: rank >= 4, maintain: rank >= 3, push: rank >= 2, triage: rank >= 1, pull: true };
}
