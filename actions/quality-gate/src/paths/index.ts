/** Producer paths made repository-relative (see normalize-report-path.ts for the rules). */
export {
  normalizeReportPath,
  type DropReason,
  type NormalizedReportPath,
  type ReportPathContext,
} from './normalize-report-path.js';
export { RepoFileIndex } from './repo-file-index.js';
export { ReportPathNormalizer } from './report-path-normalizer.js';
export { workspaceRoot } from './workspace-root.js';
