import * as core from '@actions/core';
import { errorMessage, isUserError, UserErrors } from './errors.js';

export type Stage = 'main' | 'post';

/**
 * The wrapper every action's entry goes through. It catches everything so the runner always sees
 * one clear line: `<action> failed: <message>`. A user error (bad input, bad config) is printed
 * without a stack; anything else is an internal failure and gets the stack in the debug log.
 * A post step never fails the job: cleanup problems become warnings.
 */
export async function runEntry(action: string, stage: Stage, body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (err) {
    if (stage === 'post') {
      core.warning(`${action} post step: ${errorMessage(err)}`);
      return;
    }
    if (err instanceof UserErrors) {
      for (const problem of err.problems) core.error(problem.message);
      core.setFailed(`${action} failed: ${err.problems.length} problem(s) in the configuration; see the errors above`);
    } else if (isUserError(err)) {
      core.setFailed(`${action} failed: ${err.message}`);
    } else {
      if (err instanceof Error && err.stack) core.debug(err.stack);
      core.setFailed(`${action} failed (internal error, please report it): ${errorMessage(err)}`);
    }
  }
}
