/**
 * `fail-on`: which statuses fail the step. The default fails on `failure` and on `not_assessed`
 * (a gate that could not look is not a pass); `neutral` (a failed gate under a configured waiver,
 * or one not enforced for the environment) passes unless listed; `never` reports without failing.
 */
import type { Status } from '../../../../shared/result/phase-result.js';
import { UserError } from '../../../../shared/runtime/errors.js';

export const FAIL_ON_DEFAULT = ['failure', 'not_assessed'] as const;
const ALLOWED = ['failure', 'neutral', 'not_assessed', 'never'] as const;

export function failOnStatuses(values: readonly string[]): Set<Status> {
  const statuses = new Set<Status>();
  for (const value of values) {
    if (!(ALLOWED as readonly string[]).includes(value)) {
      throw new UserError(`must list ${ALLOWED.join(', ')}; got '${value.slice(0, 40)}'`, "input 'fail-on'");
    }
    if (value === 'never') {
      if (values.length > 1) throw new UserError('never cannot be combined with other values', "input 'fail-on'");
      return statuses;
    }
    statuses.add(value as Status);
  }
  return statuses;
}

export function shouldFail(status: Status, failOn: ReadonlySet<Status>): boolean {
  return failOn.has(status);
}
