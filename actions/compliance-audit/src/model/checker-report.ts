import type { RuleOutcome } from './audit-rule.js';

/**
 * What each checker (workflows, repository files, repository settings through the API) returns
 * to the audit engine. Checkers never throw for one bad file or one failed API call: they record
 * it in `skipped` and go on, so the rest of the audit still runs and the report says what was
 * not looked at.
 */
export interface CheckerReport {
  /** One outcome per rule the checker owns, including rules that passed or were not assessed. */
  outcomes: RuleOutcome[];
  /** Files or settings not examined, each with a reason naming the file/endpoint and the cause. */
  skipped: SkippedItem[];
  /** What was examined, for the evidence bundle: each with the sha256 of the bytes examined. */
  evidence: EvidenceItem[];
}

export interface SkippedItem {
  /** Repository-relative path, or the API endpoint, e.g. `GET /repos/{owner}/{repo}/rulesets`. */
  subject: string;
  /** e.g. "invalid YAML at 3:5: ...", "symlink points outside the repository", "token lacks administration: read". */
  reason: string;
}

export interface EvidenceItem {
  /** What it is: `workflow file`, `branch protection (API response)`, ... */
  name: string;
  /** Repository-relative path, or a synthetic path for API responses (`api/branch-protection.json`). */
  path: string;
  /** Lower-case hex sha256 of `content` (or of the file's bytes). */
  sha256: string;
  bytes: number;
  /** For API responses: the JSON text as received (redacted), stored in the bundle. */
  content?: string;
}
