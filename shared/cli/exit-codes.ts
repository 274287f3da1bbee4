/**
 * The CLI's exit codes (documented in the README). Bad input is 1, as everywhere in the suite;
 * a verdict that did not pass is told apart from a broken run so scripts can branch on it.
 */
export const EXIT = {
  /** The command ran and its verdict passed (or it has no verdict). */
  ok: 0,
  /** Bad input: usage, configuration, a result file that does not parse. Nothing was written. */
  userError: 1,
  /** The command ran and the verdict did not pass (gate failed, readiness under the bar). */
  verdictFailed: 2,
  /** Our bug or the environment broke (a crash, a missing tool). */
  internalError: 3,
} as const;
