import { describeFailure, type ApiFailure, type ApiReader } from './api-reader.js';

/**
 * What the token can read, found out before the checks run so that a check it cannot do is
 * reported `not_assessed` with the permission that would unlock it, never passed in silence.
 *
 * GitHub answers a token without a permission in three ways, and the probe reads all three:
 * 403 "Resource not accessible by integration" with `x-accepted-github-permissions` (GITHUB_TOKEN
 * and GitHub App tokens), 404 for admin-only resources (branch protection, deploy keys, secret
 * scanning alerts) asked by a non-admin user, and the absence of `security_and_analysis` from the
 * repository unless the token has admin rights. A feature that is switched off (Dependabot
 * alerts, code scanning, secret scanning) is not a permission problem: the token could read, and
 * the probe says what it saw.
 */
export const CAPABILITIES = [
  'repository',
  'administration',
  'security_and_analysis',
  'actions',
  'security_events',
  'vulnerability_alerts',
  'secret_scanning_alerts',
  'collaborators',
] as const;
export type Capability = (typeof CAPABILITIES)[number];

export type CapabilityState =
  /** Readable; `featureOff` when GitHub said the feature is disabled or never ran. */
  | { readable: true; featureOff?: string }
  /** `permission`: the token may not read; `error`: GitHub failed (5xx, rate limit, network). */
  | { readable: false; cause: 'permission' | 'error'; reason: string };

export type Capabilities = Record<Capability, CapabilityState>;

/** How to grant each permission; the GITHUB_TOKEN cannot hold some of them at all. */
const GRANT_HINTS: Record<string, string> = {
  administration:
    'the GITHUB_TOKEN cannot be granted it: use a GitHub App or fine-grained token with Administration: read, or a token with admin rights',
  actions: 'grant it with `permissions: actions: read` or use a token with admin rights',
  security_events: 'grant it with `permissions: security-events: read` or use a token with admin rights',
  vulnerability_alerts:
    'the GITHUB_TOKEN cannot be granted it: use a GitHub App or fine-grained token with Dependabot alerts: read, or a token with admin rights',
  secret_scanning_alerts:
    'the GITHUB_TOKEN cannot be granted it: use a GitHub App or fine-grained token with Secret scanning alerts: read, or a token with admin rights',
  contents: 'grant it with `permissions: contents: read` or use a token with admin rights',
  metadata: 'every token has it; check that the token can see the repository',
};

/** "token lacks administration: read (...)", the reason a check is not assessed. */
export function lacksPermission(permission: string, access: 'read' | 'write' = 'read'): string {
  const hint = GRANT_HINTS[permission] ?? `grant \`${permission}: ${access}\` or use a token with admin rights`;
  return `token lacks ${permission}: ${access} (${hint})`;
}

interface ProbeSpec {
  route: string;
  params?: Record<string, string | number | boolean>;
  /** The permission GitHub needs for it (named in the reason when the header is absent). */
  permission: string;
  /** Messages of 403/404 answers that mean "readable, but the feature is off". */
  featureOff?: RegExp;
  /** Whether a plain 404 means "hidden from you" (admin-only resources) rather than an error. */
  notFoundMeansHidden?: boolean;
}

const PROBES: Record<Exclude<Capability, 'repository' | 'security_and_analysis'>, ProbeSpec> = {
  administration: { route: 'GET /repos/{owner}/{repo}/keys', permission: 'administration', notFoundMeansHidden: true },
  actions: { route: 'GET /repos/{owner}/{repo}/environments', permission: 'actions' },
  security_events: {
    route: 'GET /repos/{owner}/{repo}/code-scanning/alerts',
    params: { state: 'open' },
    permission: 'security_events',
    featureOff: /no analysis found|Advanced Security must be enabled|code scanning is not enabled/i,
  },
  vulnerability_alerts: {
    route: 'GET /repos/{owner}/{repo}/dependabot/alerts',
    params: { state: 'open' },
    permission: 'vulnerability_alerts',
    featureOff: /Dependabot alerts are disabled/i,
  },
  secret_scanning_alerts: {
    route: 'GET /repos/{owner}/{repo}/secret-scanning/alerts',
    params: { state: 'open', hide_secret: true },
    permission: 'secret_scanning_alerts',
    featureOff: /Secret scanning is disabled/i,
    notFoundMeansHidden: true,
  },
  collaborators: {
    route: 'GET /repos/{owner}/{repo}/collaborators',
    params: { affiliation: 'direct' },
    permission: 'metadata',
  },
};

function acceptedPermissionName(header: string | undefined): string | undefined {
  // "administration=read" or "issues=read; pull_requests=read": name the first alternative.
  const first = header?.split(';')[0]?.split(',')[0]?.split('=')[0]?.trim();
  return first ? first : undefined;
}

/** Sorts one failed probe into permission / feature off / error. */
export function stateFromFailure(spec: ProbeSpec, failure: ApiFailure): CapabilityState {
  if (spec.featureOff?.test(failure.message)) return { readable: true, featureOff: failure.message };
  if (failure.kind === 'forbidden') {
    if (/push access/i.test(failure.message)) {
      return {
        readable: false,
        cause: 'permission',
        reason: `token lacks push access: ${failure.message} (use a token of a user or app with write access)`,
      };
    }
    return {
      readable: false,
      cause: 'permission',
      reason: lacksPermission(acceptedPermissionName(failure.acceptedPermissions) ?? spec.permission),
    };
  }
  if (failure.kind === 'not_found' && spec.notFoundMeansHidden) {
    return { readable: false, cause: 'permission', reason: lacksPermission(spec.permission) };
  }
  return { readable: false, cause: 'error', reason: describeFailure(spec.route, failure) };
}

/**
 * Probes every capability with one cheap request each (`per_page: 1`), in parallel. The answers
 * are cached by the reader; the checks then read the full lists only where the probe said yes.
 */
export async function probeCapabilities(reader: ApiReader): Promise<Capabilities> {
  const repository = await reader.get<Record<string, unknown>>('GET /repos/{owner}/{repo}');
  if (!repository.ok) {
    const failure = repository.failure;
    const reason =
      failure.kind === 'not_found'
        ? `repository ${reader.repo.owner}/${reader.repo.repo} not found, or the token cannot see it (${lacksPermission('metadata')})`
        : describeFailure('GET /repos/{owner}/{repo}', failure);
    const cause = failure.kind === 'error' ? 'error' : 'permission';
    const down: CapabilityState = { readable: false, cause, reason };
    return Object.fromEntries(CAPABILITIES.map((c) => [c, down])) as Capabilities;
  }
  const securityAndAnalysis: CapabilityState =
    repository.data.security_and_analysis && typeof repository.data.security_and_analysis === 'object'
      ? { readable: true }
      : {
          readable: false,
          cause: 'permission',
          reason: `GitHub shows security_and_analysis only to admins: ${lacksPermission('administration')}`,
        };
  const entries = await Promise.all(
    Object.entries(PROBES).map(async ([capability, spec]) => {
      const result = await reader.get(spec.route, { ...spec.params, per_page: 1 });
      const state: CapabilityState = result.ok ? { readable: true } : stateFromFailure(spec, result.failure);
      return [capability, state] as const;
    }),
  );
  return {
    repository: { readable: true },
    security_and_analysis: securityAndAnalysis,
    ...Object.fromEntries(entries),
  } as Capabilities;
}
