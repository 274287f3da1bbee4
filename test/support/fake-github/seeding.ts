/**
 * How tests set up repository settings, security alerts and git history on the fake:
 *
 *   fake.seed.addRuleset(repo, { name: 'main', rules: [{ type: 'pull_request', parameters: {...} }] });
 *   fake.seed.addEnvironment(repo, { name: 'production', reviewers: [user], deploymentBranchPolicy: {...} });
 *   fake.seed.addCommit(repo, { message: 'bad change', parents: [base.sha], branch: 'main' });
 *
 * Every method fills GitHub's defaults for what it is not told and returns the record, which the
 * test may change later (the fake reads records on every request).
 */
import { fakeSha } from './resources.js';
import type { CommitRecord, GitPerson } from './git-state.js';
import type {
  CodeScanningAlertRecord,
  CollaboratorRecord,
  DependabotAlertRecord,
  DeployKeyRecord,
  EnvironmentRecord,
  RuleSeed,
  RulesetRecord,
  SecretScanningAlertRecord,
  SecurityFeatures,
} from './settings-state.js';
import type { Account, FakeGitHubState, RepoRef } from './state.js';
import type { RepositoryRole } from './token-access.js';

const KEY_MATERIAL = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFakeKeyMaterialForTestsOnly0000000000000000';

export class FakeGitHubSeeder {
  private readonly numbers = new Map<string, number>();

  constructor(
    private readonly state: FakeGitHubState,
    private readonly now: () => string,
  ) {}

  /** Alert numbers count up per repository and kind, as on GitHub. */
  private nextNumber(ref: RepoRef, kind: string): number {
    const k = `${ref.owner}/${ref.repo}:${kind}`.toLowerCase();
    const n = (this.numbers.get(k) ?? 0) + 1;
    this.numbers.set(k, n);
    return n;
  }

  /** `security_and_analysis` of the repository, e.g. `{ secret_scanning: 'enabled' }`. */
  setSecurityAndAnalysis(ref: RepoRef, features: Record<string, 'enabled' | 'disabled'>): void {
    const repository = this.state.repository(ref);
    for (const [name, status] of Object.entries(features)) repository.securityAndAnalysis[name] = { status };
  }

  /** Turns Dependabot alerts or code scanning off (both on by default). */
  setSecurityFeatures(ref: RepoRef, features: Partial<SecurityFeatures>): void {
    Object.assign(this.state.settings.featuresOf(ref), features);
  }

  addRuleset(
    ref: RepoRef,
    ruleset: {
      name: string;
      rules: RuleSeed[];
      target?: RulesetRecord['target'];
      enforcement?: RulesetRecord['enforcement'];
      include?: string[];
      exclude?: string[];
      bypassActors?: Record<string, unknown>[];
    },
  ): RulesetRecord {
    const record: RulesetRecord = {
      ...ref,
      id: this.state.newId(),
      name: ruleset.name,
      target: ruleset.target ?? 'branch',
      enforcement: ruleset.enforcement ?? 'active',
      include: ruleset.include ?? ['~DEFAULT_BRANCH'],
      exclude: ruleset.exclude ?? [],
      rules: ruleset.rules,
      bypassActors: ruleset.bypassActors ?? [],
    };
    this.state.settings.rulesets.of(ref).push(record);
    return record;
  }

  addEnvironment(
    ref: RepoRef,
    env: {
      name: string;
      reviewers?: Account[];
      preventSelfReview?: boolean;
      waitTimer?: number;
      deploymentBranchPolicy?: EnvironmentRecord['deploymentBranchPolicy'];
    },
  ): EnvironmentRecord {
    const record: EnvironmentRecord = {
      ...ref,
      id: this.state.newId(),
      name: env.name,
      reviewers: env.reviewers ?? [],
      preventSelfReview: env.preventSelfReview ?? false,
      waitTimer: env.waitTimer ?? 0,
      deploymentBranchPolicy: env.deploymentBranchPolicy ?? null,
      createdAt: this.now(),
    };
    this.state.settings.environments.of(ref).push(record);
    return record;
  }

  addDeployKey(
    ref: RepoRef,
    key: { title: string; readOnly?: boolean; createdAt?: string; key?: string; lastUsed?: string | null },
  ): DeployKeyRecord {
    const record: DeployKeyRecord = {
      ...ref,
      id: this.state.newId(),
      title: key.title,
      key: key.key ?? KEY_MATERIAL,
      readOnly: key.readOnly ?? true,
      createdAt: key.createdAt ?? this.now(),
      lastUsed: key.lastUsed ?? null,
    };
    this.state.settings.deployKeys.of(ref).push(record);
    return record;
  }

  addCollaborator(
    ref: RepoRef,
    collaborator: { login: string; role: RepositoryRole; affiliation?: CollaboratorRecord['affiliation'] },
  ): CollaboratorRecord {
    const record: CollaboratorRecord = {
      ...ref,
      account: { login: collaborator.login, id: this.state.newId(), type: 'User' },
      role: collaborator.role,
      affiliation: collaborator.affiliation ?? 'direct',
    };
    this.state.settings.collaborators.of(ref).push(record);
    return record;
  }

  addDependabotAlert(
    ref: RepoRef,
    alert: Partial<Omit<DependabotAlertRecord, 'owner' | 'repo' | 'number'>> & {
      severity: DependabotAlertRecord['severity'];
    },
  ): DependabotAlertRecord {
    const number = this.nextNumber(ref, 'dependabot');
    const record: DependabotAlertRecord = {
      ...ref,
      number,
      state: 'open',
      ecosystem: 'npm',
      packageName: `package-${number}`,
      manifestPath: 'package-lock.json',
      ghsaId: `GHSA-fake-${String(number).padStart(4, '0')}-test`,
      cveId: null,
      summary: `Vulnerability ${number}`,
      createdAt: this.now(),
      ...alert,
    };
    this.state.settings.dependabotAlerts.of(ref).push(record);
    return record;
  }

  addCodeScanningAlert(
    ref: RepoRef,
    alert: Partial<Omit<CodeScanningAlertRecord, 'owner' | 'repo' | 'number'>>,
  ): CodeScanningAlertRecord {
    const number = this.nextNumber(ref, 'code-scanning');
    const record: CodeScanningAlertRecord = {
      ...ref,
      number,
      state: 'open',
      ruleId: 'js/sql-injection',
      description: 'Database query built from user-controlled sources',
      severity: 'error',
      securitySeverity: 'high',
      tool: 'CodeQL',
      path: 'src/db.ts',
      createdAt: this.now(),
      ...alert,
    };
    this.state.settings.codeScanningAlerts.of(ref).push(record);
    return record;
  }

  addSecretScanningAlert(
    ref: RepoRef,
    alert: Partial<Omit<SecretScanningAlertRecord, 'owner' | 'repo' | 'number'>>,
  ): SecretScanningAlertRecord {
    const number = this.nextNumber(ref, 'secret-scanning');
    const record: SecretScanningAlertRecord = {
      ...ref,
      number,
      state: 'open',
      secretType: 'github_personal_access_token',
      secretTypeDisplayName: 'GitHub Personal Access Token',
      secret: `ghp_fakeSecretForTests${String(number).padStart(18, '0')}`,
      createdAt: this.now(),
      ...alert,
    };
    this.state.settings.secretScanningAlerts.of(ref).push(record);
    return record;
  }

  /**
   * A commit; with `branch` the branch (`refs/heads/<branch>`) is moved to it. Without `sha` a
   * stable fake one is made from the content.
   */
  addCommit(
    ref: RepoRef,
    commit: {
      message: string;
      sha?: string;
      tree?: string;
      parents?: string[];
      author?: Partial<GitPerson>;
      verified?: boolean;
      branch?: string;
    },
  ): CommitRecord {
    const author: GitPerson = {
      name: commit.author?.name ?? 'Octo Cat',
      email: commit.author?.email ?? 'octocat@example.com',
      date: commit.author?.date ?? this.now(),
    };
    const parents = commit.parents ?? [];
    const tree = commit.tree ?? fakeSha(`tree:${commit.message}:${parents.join(',')}`);
    const record: CommitRecord = {
      ...ref,
      sha: (commit.sha ?? fakeSha(`commit:${commit.message}:${tree}:${parents.join(',')}`)).toLowerCase(),
      message: commit.message,
      tree,
      parents,
      author,
      committer: author,
      verified: commit.verified ?? false,
    };
    this.state.git.putCommit(record);
    if (commit.branch) this.setRef(ref, `refs/heads/${commit.branch}`, record.sha);
    return record;
  }

  /** Points a ref (`refs/heads/main`, `refs/tags/v1`) at a sha. */
  setRef(ref: RepoRef, name: string, sha: string): void {
    this.state.git.refsOf(ref).set(name, sha.toLowerCase());
  }
}
