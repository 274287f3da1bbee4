/**
 * Repository settings and security data the fake serves to compliance checks: rulesets,
 * environments, deploy keys, collaborators, Dependabot / code scanning / secret scanning alerts
 * and which of those features are switched on. Nothing exists until a test seeds it, as on a
 * fresh repository.
 */
import type { RepositoryRole } from './token-access.js';
import type { Account, RepoRef } from './state.js';

export interface RuleSeed {
  type: string;
  parameters?: Record<string, unknown>;
}

export interface RulesetRecord extends RepoRef {
  id: number;
  name: string;
  target: 'branch' | 'tag' | 'push';
  enforcement: 'active' | 'evaluate' | 'disabled';
  /** `~DEFAULT_BRANCH`, `~ALL`, `refs/heads/<glob>`. */
  include: string[];
  exclude: string[];
  rules: RuleSeed[];
  /** As GitHub shows them, e.g. `{ actor_id: 5, actor_type: 'RepositoryRole', bypass_mode: 'always' }`. */
  bypassActors: Record<string, unknown>[];
}

export interface EnvironmentRecord extends RepoRef {
  id: number;
  name: string;
  reviewers: Account[];
  preventSelfReview: boolean;
  /** Minutes; 0 means no wait timer. */
  waitTimer: number;
  deploymentBranchPolicy: { protected_branches: boolean; custom_branch_policies: boolean } | null;
  createdAt: string;
}

export interface DeployKeyRecord extends RepoRef {
  id: number;
  title: string;
  key: string;
  readOnly: boolean;
  createdAt: string;
  lastUsed: string | null;
}

export interface CollaboratorRecord extends RepoRef {
  account: Account;
  role: RepositoryRole;
  /** How the access is held: `direct`/`outside` are direct collaborators; `team`/`org` are not. */
  affiliation: 'direct' | 'outside' | 'team' | 'org';
}

export interface DependabotAlertRecord extends RepoRef {
  number: number;
  state: 'open' | 'dismissed' | 'fixed' | 'auto_dismissed';
  severity: 'critical' | 'high' | 'medium' | 'low';
  ecosystem: string;
  packageName: string;
  manifestPath: string;
  ghsaId: string;
  cveId: string | null;
  summary: string;
  createdAt: string;
}

export interface CodeScanningAlertRecord extends RepoRef {
  number: number;
  state: 'open' | 'dismissed' | 'fixed';
  ruleId: string;
  description: string;
  /** `rule.severity` */
  severity: 'error' | 'warning' | 'note';
  /** `rule.security_severity_level` (null for non-security rules). */
  securitySeverity: 'critical' | 'high' | 'medium' | 'low' | null;
  tool: string;
  path: string;
  createdAt: string;
}

export interface SecretScanningAlertRecord extends RepoRef {
  number: number;
  state: 'open' | 'resolved';
  secretType: string;
  secretTypeDisplayName: string;
  secret: string;
  createdAt: string;
}

export interface SecurityFeatures {
  /** False: the Dependabot alerts endpoint answers 403 "Dependabot alerts are disabled". */
  dependabotAlerts: boolean;
  /** False: code scanning answers 404 "no analysis found". */
  codeScanning: boolean;
}

const key = (ref: RepoRef) => `${ref.owner}/${ref.repo}`.toLowerCase();

/** Per-repository lists, created on first use. */
class PerRepo<T> {
  private readonly map = new Map<string, T[]>();
  of(ref: RepoRef): T[] {
    let list = this.map.get(key(ref));
    if (!list) {
      list = [];
      this.map.set(key(ref), list);
    }
    return list;
  }
}

export class SettingsState {
  readonly rulesets = new PerRepo<RulesetRecord>();
  readonly environments = new PerRepo<EnvironmentRecord>();
  readonly deployKeys = new PerRepo<DeployKeyRecord>();
  readonly collaborators = new PerRepo<CollaboratorRecord>();
  readonly dependabotAlerts = new PerRepo<DependabotAlertRecord>();
  readonly codeScanningAlerts = new PerRepo<CodeScanningAlertRecord>();
  readonly secretScanningAlerts = new PerRepo<SecretScanningAlertRecord>();
  private readonly features = new Map<string, SecurityFeatures>();

  featuresOf(ref: RepoRef): SecurityFeatures {
    let features = this.features.get(key(ref));
    if (!features) {
      features = { dependabotAlerts: true, codeScanning: true };
      this.features.set(key(ref), features);
    }
    return features;
  }
}

/** fnmatch-style match of a ref against a ruleset's include/exclude patterns. */
function refPatternMatches(pattern: string, ref: string, defaultBranch: string): boolean {
  if (pattern === '~ALL') return true;
  if (pattern === '~DEFAULT_BRANCH') return ref === `refs/heads/${defaultBranch}`;
  const source = pattern
    .split('**')
    .map((part) =>
      part
        .split('*')
        .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('[^/]*'),
    )
    .join('.*');
  return new RegExp(`^${source}$`).test(ref);
}

/** Whether an active branch ruleset applies to `branch`. */
export function rulesetAppliesTo(ruleset: RulesetRecord, branch: string, defaultBranch: string): boolean {
  if (ruleset.target !== 'branch' || ruleset.enforcement !== 'active') return false;
  const ref = `refs/heads/${branch}`;
  const included = ruleset.include.some((p) => refPatternMatches(p, ref, defaultBranch));
  const excluded = ruleset.exclude.some((p) => refPatternMatches(p, ref, defaultBranch));
  return included && !excluded;
}
