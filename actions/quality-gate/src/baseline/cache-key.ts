/**
 * The actions/cache keys under which a branch's quality-gate results are kept, so a pull
 * request's run can restore its base branch's last result (BASELINE.md shows the workflow).
 *
 *   elder-quality-gate-v1:<environment>:<gate>:<branch>:<commit>
 *
 * `:` separates the parts because neither environment names nor git branch names may contain
 * one: the restore prefix `...:main:` can therefore never match a branch `main-old` (with `-`
 * as separator it would, and actions/cache restores the newest partial match). Cache keys may
 * not contain commas (branch names may), so `%` and `,` are percent-encoded; a key over the
 * 512-character limit names the branch by a hash instead.
 */
import { createHash } from 'node:crypto';

export const BASELINE_KEY_PREFIX = 'elder-quality-gate-v1';
/** actions/cache refuses longer keys. */
export const MAX_CACHE_KEY_LENGTH = 512;

export interface BaselineKeyParts {
  environment: string;
  gate: string;
  branch: string;
}

/** The key a run on `branch` saves its result under. */
export function baselineCacheKey(parts: BaselineKeyParts & { commit: string }): string {
  return `${branchPrefix(parts)}${parts.commit}`;
}

/**
 * For a pull request: the exact key of the base commit first, then any result of the base
 * branch (actions/cache restores the newest partial match).
 */
export function baselineRestoreKeys(parts: BaselineKeyParts & { baseCommit?: string }): {
  key: string;
  restoreKeys: string[];
} {
  const prefix = branchPrefix(parts);
  return { key: `${prefix}${parts.baseCommit ?? 'latest'}`, restoreKeys: [prefix] };
}

function branchPrefix(parts: BaselineKeyParts): string {
  const branch = parts.branch.replace(/^refs\/heads\//, '').replace(/[%,]/g, (char) => (char === '%' ? '%25' : '%2C'));
  const prefix = `${BASELINE_KEY_PREFIX}:${parts.environment}:${parts.gate}:${branch}:`;
  // Room for a 64-character commit id (SHA-256 repositories).
  if (prefix.length + 64 <= MAX_CACHE_KEY_LENGTH) return prefix;
  const digest = createHash('sha256').update(parts.branch, 'utf8').digest('hex').slice(0, 32);
  return `${BASELINE_KEY_PREFIX}:${parts.environment}:${parts.gate}:sha256-${digest}:`;
}
