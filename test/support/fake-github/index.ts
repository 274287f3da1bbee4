/** The fake GitHub REST API for tests; see fake-github.ts. */
export { FakeGitHub, startFakeGitHub } from './fake-github.js';
export type { FakeGitHubOptions, NewPullRequest, RecordedCall, Violation, ViolationKind } from './fake-github.js';
export type { Fault, FaultRule, InjectedFault } from './faults.js';
export { GITHUB_ACTIONS_BOT } from './state.js';
export type {
  Account,
  AnnotationRecord,
  CheckRunRecord,
  CommentRecord,
  DeploymentRecord,
  DeploymentStatusRecord,
  IssueRecord,
  PullRequestRecord,
  RepoRef,
} from './state.js';
export { loadOpenApiSubset } from './openapi-subset.js';
export { OpenApiValidator } from './openapi-validator.js';
export { TOKENS, effectivePermissions, tokenAllows } from './token-access.js';
export type { Access, RepositoryRole, TokenPermissions, TokenProfile } from './token-access.js';
export type { FakeGitHubSeeder } from './seeding.js';
export type {
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
export type { CommitRecord, GitPerson } from './git-state.js';
