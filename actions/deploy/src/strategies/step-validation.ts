/**
 * Checks on what the user (or an override) asks for that the schema cannot express: steps that
 * climb to 100, weights that add up to 100, strategy names that exist.
 */
import { DEPLOY_STRATEGIES, type DeployStrategy } from '../../../../shared/config/vocabulary.js';
import { UserError } from '../../../../shared/runtime/errors.js';
import { ROLES, type RouteTable } from '../model/roles.js';

const WHERE = 'phases.deploy';

export function assertStrategy(name: string): DeployStrategy {
  if ((DEPLOY_STRATEGIES as readonly string[]).includes(name)) return name as DeployStrategy;
  throw new UserError(
    `unknown deploy strategy '${name}'; expected one of ${DEPLOY_STRATEGIES.join(', ')}`,
    `${WHERE}.strategy`,
  );
}

export function assertSteps(steps: readonly number[]): void {
  if (steps.length === 0) throw new UserError('deploy steps must not be empty', `${WHERE}.steps`);
  steps.forEach((step, i) => {
    if (!Number.isInteger(step) || step < 1 || step > 100) {
      throw new UserError(
        `deploy step ${i + 1} must be a whole percentage from 1 to 100, got ${step}`,
        `${WHERE}.steps[${i}]`,
      );
    }
    const previous = steps[i - 1];
    if (previous !== undefined && step <= previous) {
      throw new UserError(`deploy steps must increase: ${step} follows ${previous}`, `${WHERE}.steps[${i}]`);
    }
  });
  const last = steps[steps.length - 1];
  if (last !== 100) throw new UserError(`the last deploy step must be 100, got ${last}`, `${WHERE}.steps`);
}

/** Refuses a route whose weights are not whole percentages adding up to 100. */
export function assertRoute(route: RouteTable): void {
  let total = 0;
  for (const [role, weight] of Object.entries(route.weights)) {
    if (!(ROLES as readonly string[]).includes(role)) throw new UserError(`unknown role '${role}' in a route`);
    if (weight === undefined) continue;
    if (!Number.isInteger(weight) || weight < 0 || weight > 100) {
      throw new UserError(`route weight for ${role} must be a whole percentage, got ${weight}`);
    }
    total += weight;
  }
  if (total !== 100) {
    throw new UserError(`route weights must add up to 100, got ${total} (${JSON.stringify(route.weights)})`);
  }
}

/** Weights without zero entries, so drivers never route to a role that is not running. */
export function weights(entries: Partial<Record<(typeof ROLES)[number], number>>): RouteTable['weights'] {
  const out: RouteTable['weights'] = {};
  for (const [role, weight] of Object.entries(entries)) {
    if (weight !== undefined && weight > 0) out[role as (typeof ROLES)[number]] = weight;
  }
  return out;
}
