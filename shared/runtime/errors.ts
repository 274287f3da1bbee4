/**
 * Two kinds of failure, told apart because users act on them differently:
 * a UserError is something the user can fix (bad input, bad config, a file that is not what
 * it claims to be) and is printed without a stack; anything else is our bug or an outage.
 */
export class UserError extends Error {
  /** Where the problem is, e.g. `.github/elder.yml:12:5` or `input 'fail-under'`. */
  readonly where?: string;
  constructor(message: string, where?: string) {
    super(where ? `${where}: ${message}` : message);
    this.name = 'UserError';
    this.where = where;
  }
}

/** Several user errors found in one pass (e.g. every problem in a config file). */
export class UserErrors extends UserError {
  readonly problems: UserError[];
  constructor(problems: UserError[], heading: string) {
    super(`${heading}\n${problems.map((p) => `  - ${p.message}`).join('\n')}`);
    this.name = 'UserErrors';
    this.problems = problems;
  }
}

export function isUserError(err: unknown): err is UserError {
  return err instanceof UserError;
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
