/**
 * GitHub-shaped JSON for the settings and security records (rulesets, environments, deploy keys,
 * collaborators, alerts) and git objects. Handlers pass the result through `conform`, which fills
 * the many required fields the suite never reads.
 */
import type { CommitRecord } from './git-state.js';
import { userJson, type FakeUrls } from './resources.js';
import type {
  CodeScanningAlertRecord,
  CollaboratorRecord,
  DependabotAlertRecord,
  DeployKeyRecord,
  EnvironmentRecord,
  RulesetRecord,
  SecretScanningAlertRecord,
} from './settings-state.js';
import type { RepoRef } from './state.js';

type Json = Record<string, unknown>;

const EPOCH = '2024-01-01T00:00:00Z';

function apiRepo(urls: FakeUrls, ref: RepoRef): string {
  return `${urls.api}/repos/${encodeURIComponent(ref.owner)}/${encodeURIComponent(ref.repo)}`;
}
function webRepo(urls: FakeUrls, ref: RepoRef): string {
  return `${urls.server}/${encodeURIComponent(ref.owner)}/${encodeURIComponent(ref.repo)}`;
}

export function rulesetSummaryJson(urls: FakeUrls, ruleset: RulesetRecord): Json {
  return {
    id: ruleset.id,
    name: ruleset.name,
    target: ruleset.target,
    source_type: 'Repository',
    source: `${ruleset.owner}/${ruleset.repo}`,
    enforcement: ruleset.enforcement,
    node_id: `RRS_lACkVUDA${ruleset.id}`,
    _links: {
      self: { href: `${apiRepo(urls, ruleset)}/rulesets/${ruleset.id}` },
      html: { href: `${webRepo(urls, ruleset)}/rules/${ruleset.id}` },
    },
    created_at: EPOCH,
    updated_at: EPOCH,
  };
}

export function rulesetJson(urls: FakeUrls, ruleset: RulesetRecord, showBypassActors: boolean): Json {
  return {
    ...rulesetSummaryJson(urls, ruleset),
    ...(showBypassActors ? { bypass_actors: ruleset.bypassActors } : {}),
    current_user_can_bypass: 'never',
    conditions: { ref_name: { include: ruleset.include, exclude: ruleset.exclude } },
    rules: ruleset.rules.map((r) => ({ type: r.type, ...(r.parameters ? { parameters: r.parameters } : {}) })),
  };
}

export function environmentJson(urls: FakeUrls, env: EnvironmentRecord): Json {
  const rules: Json[] = [];
  if (env.waitTimer > 0) {
    rules.push({ id: env.id * 10 + 1, node_id: `GA_wait${env.id}`, type: 'wait_timer', wait_timer: env.waitTimer });
  }
  if (env.reviewers.length > 0) {
    rules.push({
      id: env.id * 10 + 2,
      node_id: `GA_rev${env.id}`,
      type: 'required_reviewers',
      prevent_self_review: env.preventSelfReview,
      reviewers: env.reviewers.map((account) => ({ type: 'User', reviewer: userJson(urls, account) })),
    });
  }
  if (env.deploymentBranchPolicy) {
    rules.push({ id: env.id * 10 + 3, node_id: `GA_branch${env.id}`, type: 'branch_policy' });
  }
  return {
    id: env.id,
    node_id: `EN_kwDO${env.id}`,
    name: env.name,
    url: `${apiRepo(urls, env)}/environments/${encodeURIComponent(env.name)}`,
    html_url: `${webRepo(urls, env)}/deployments/activity_log?environments_filter=${encodeURIComponent(env.name)}`,
    created_at: env.createdAt,
    updated_at: env.createdAt,
    protection_rules: rules,
    deployment_branch_policy: env.deploymentBranchPolicy,
  };
}

export function deployKeyJson(urls: FakeUrls, key: DeployKeyRecord): Json {
  return {
    id: key.id,
    key: key.key,
    url: `${apiRepo(urls, key)}/keys/${key.id}`,
    title: key.title,
    verified: true,
    created_at: key.createdAt,
    read_only: key.readOnly,
    added_by: null,
    last_used: key.lastUsed,
    enabled: true,
  };
}

const ROLE_RANK = ['read', 'triage', 'write', 'maintain', 'admin'] as const;

export function collaboratorJson(urls: FakeUrls, collaborator: CollaboratorRecord): Json {
  const rank = ROLE_RANK.indexOf(collaborator.role);
  return {
    ...userJson(urls, collaborator.account),
    permissions: { pull: true, triage: rank >= 1, push: rank >= 2, maintain: rank >= 3, admin: rank >= 4 },
    role_name: collaborator.role,
  };
}

export function dependabotAlertJson(urls: FakeUrls, alert: DependabotAlertRecord): Json {
  const pkg = { ecosystem: alert.ecosystem, name: alert.packageName };
  const vulnerability = {
    package: pkg,
    severity: alert.severity,
    vulnerable_version_range: '< 1.0.0',
    first_patched_version: { identifier: '1.0.0' },
  };
  return {
    number: alert.number,
    state: alert.state,
    dependency: { package: pkg, manifest_path: alert.manifestPath, scope: 'runtime', relationship: 'direct' },
    security_advisory: {
      ghsa_id: alert.ghsaId,
      cve_id: alert.cveId,
      summary: alert.summary,
      description: alert.summary,
      vulnerabilities: [vulnerability],
      severity: alert.severity,
      cvss: { vector_string: null, score: 0 },
      cwes: [],
      identifiers: [{ type: 'GHSA', value: alert.ghsaId }],
      references: [],
      published_at: EPOCH,
      updated_at: EPOCH,
      withdrawn_at: null,
    },
    security_vulnerability: vulnerability,
    url: `${apiRepo(urls, alert)}/dependabot/alerts/${alert.number}`,
    html_url: `${webRepo(urls, alert)}/security/dependabot/${alert.number}`,
    created_at: alert.createdAt,
    updated_at: alert.createdAt,
    dismissed_at: null,
    dismissed_by: null,
    dismissed_reason: null,
    dismissed_comment: null,
    fixed_at: null,
  };
}

export function codeScanningAlertJson(urls: FakeUrls, alert: CodeScanningAlertRecord): Json {
  const url = `${apiRepo(urls, alert)}/code-scanning/alerts/${alert.number}`;
  return {
    number: alert.number,
    created_at: alert.createdAt,
    url,
    html_url: `${webRepo(urls, alert)}/security/code-scanning/${alert.number}`,
    instances_url: `${url}/instances`,
    state: alert.state,
    dismissed_by: null,
    dismissed_at: null,
    dismissed_reason: null,
    rule: {
      id: alert.ruleId,
      name: alert.ruleId,
      severity: alert.severity,
      // Real GitHub sends it although the OpenAPI summary schema does not list it.
      security_severity_level: alert.securitySeverity,
      description: alert.description,
      tags: ['security'],
    },
    tool: { name: alert.tool, version: '2.20.0', guid: null },
    most_recent_instance: {
      ref: 'refs/heads/main',
      state: alert.state,
      location: { path: alert.path, start_line: 1, end_line: 1, start_column: 1, end_column: 2 },
    },
  };
}

export function secretScanningAlertJson(urls: FakeUrls, alert: SecretScanningAlertRecord, hideSecret: boolean): Json {
  const url = `${apiRepo(urls, alert)}/secret-scanning/alerts/${alert.number}`;
  return {
    number: alert.number,
    created_at: alert.createdAt,
    updated_at: alert.createdAt,
    url,
    html_url: `${webRepo(urls, alert)}/security/secret-scanning/${alert.number}`,
    locations_url: `${url}/locations`,
    state: alert.state,
    resolution: alert.state === 'resolved' ? 'revoked' : null,
    resolved_at: null,
    resolved_by: null,
    secret_type: alert.secretType,
    secret_type_display_name: alert.secretTypeDisplayName,
    ...(hideSecret ? {} : { secret: alert.secret }),
    push_protection_bypassed: false,
    validity: 'unknown',
  };
}

export function gitCommitJson(urls: FakeUrls, commit: CommitRecord): Json {
  return {
    sha: commit.sha,
    node_id: `C_kwDO${commit.sha.slice(0, 12)}`,
    url: `${apiRepo(urls, commit)}/git/commits/${commit.sha}`,
    html_url: `${webRepo(urls, commit)}/commit/${commit.sha}`,
    author: commit.author,
    committer: commit.committer,
    tree: { sha: commit.tree, url: `${apiRepo(urls, commit)}/git/trees/${commit.tree}` },
    message: commit.message,
    parents: commit.parents.map((sha) => ({
      sha,
      url: `${apiRepo(urls, commit)}/git/commits/${sha}`,
      html_url: `${webRepo(urls, commit)}/commit/${sha}`,
    })),
    verification: {
      verified: commit.verified,
      reason: commit.verified ? 'valid' : 'unsigned',
      signature: null,
      payload: null,
      verified_at: null,
    },
  };
}

export function gitRefJson(urls: FakeUrls, ref: RepoRef, name: string, sha: string): Json {
  return {
    ref: name,
    node_id: `REF_kwDO${sha.slice(0, 12)}`,
    url: `${apiRepo(urls, ref)}/git/${name}`,
    object: { type: 'commit', sha, url: `${apiRepo(urls, ref)}/git/commits/${sha}` },
  };
}
