/** The GitHub layer: one Octokit factory, the run's context, and the publishers. */
export { createOctokit, type CreateOctokitOptions, type GitHubClient } from './octokit.js';
export { readGitHubContext, DEFAULT_API_URL, type GitHubContext } from './context.js';
export {
  CheckRunPublisher,
  checkRunExternalId,
  checkRunName,
  sanitizeAnnotation,
  type CheckRunAnnotation,
  type CheckRunConclusion,
  type CheckRunPublisherOptions,
  type CheckRunRequest,
  type CheckRunStatus,
  type PublishedCheckRun,
} from './check-run.js';
export {
  StickyComment,
  stickyCommentMarker,
  type PublishedComment,
  type StickyCommentOptions,
} from './sticky-comment.js';
export { appendJobSummary, type AppendJobSummaryOptions, type JobSummaryWrite } from './job-summary.js';
export {
  DeploymentPublisher,
  type CreateDeploymentRequest,
  type CreatedDeployment,
  type DeploymentState,
  type DeploymentStatusRequest,
} from './deployments.js';
export { IssueReporter, issueMarker, type IssueRequest, type ReportedIssue } from './issues.js';
export {
  publishPhase,
  type CheckRunContent,
  type PublishOutcome,
  type PublishPorts,
  type PublishRequest,
  type PublishTarget,
} from './publish.js';
export {
  classifyPublishError,
  permissionToGrant,
  type PublishFailure,
  type PublishFailureKind,
} from './publish-errors.js';
export * from './limits.js';
