/**
 * The roles a rollout moves traffic between. `stable` is what serves today; `candidate` is the new
 * version; `baseline` is a fresh copy of the stable version started at the same moment as the
 * candidate, so the judge compares two equally young instance sets and warm-up or instance age
 * cannot masquerade as a regression (Kayenta's baseline/canary pairing).
 */
export const ROLES = ['stable', 'baseline', 'candidate'] as const;
export type Role = (typeof ROLES)[number];

/** One version of the service as a driver needs to start it. */
export interface VersionSpec {
  /** Free text shown to users, e.g. `v2`, a commit SHA or an image tag. */
  version: string;
  /**
   * argv for the local driver. `{port}` and `{version}` in any element are replaced; never run
   * through a shell. Other drivers ignore it and use their own settings (image, hooks).
   */
  command?: string[];
  /** Extra environment variables for the process (local driver). */
  env?: Record<string, string>;
}

/**
 * Where requests go. `weights` are integer percentages over the roles present; they must add up
 * to 100 (a driver refuses otherwise). `match` rules are evaluated first, in order: a request
 * that matches one goes to that rule's role regardless of weights (a_b_testing, previews).
 */
export interface RouteTable {
  weights: Partial<Record<Role, number>>;
  match?: RouteMatch[];
  /**
   * Sticky assignment: hash this request header or cookie (e.g. a user id) into 0..99 and send
   * hashes below `weights.candidate` to the candidate, so a user keeps their variant while the
   * percentage only grows. Without it, requests are split independently at random.
   */
  sticky?: { header?: string; cookie?: string };
}

export interface RouteMatch {
  role: Role;
  /** Exact header match (case-insensitive name), e.g. `x-elder-preview: candidate`. */
  header?: { name: string; value: string };
  /** Exact cookie match, e.g. `variant=b`. */
  cookie?: { name: string; value: string };
}
