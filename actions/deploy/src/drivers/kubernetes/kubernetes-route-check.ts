import { ROLES, type RouteTable } from '../../model/roles.js';
import { DriverError } from '../traffic-driver.js';

/** Gateway API's own limits for header match names (RFC 7230 tokens) and values. */
const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,256}$/;
const HEADER_VALUE = /^[\x21-\x7e]{1,4096}$/;

/**
 * What a route must satisfy before it becomes manifests: whole percentages adding up to 100, no
 * stickiness (neither Services nor HTTPRoute can hash a user id), matches only with Gateway API.
 */
export function checkKubernetesRoute(route: RouteTable, traffic: 'gateway-api' | 'replicas'): void {
  let sum = 0;
  for (const [role, weight] of Object.entries(route.weights)) {
    if (!(ROLES as readonly string[]).includes(role))
      throw new DriverError(`unknown role '${role}' in route`, 'kubernetes');
    if (!Number.isInteger(weight) || weight! < 0 || weight! > 100) {
      throw new DriverError(`weight of ${role} must be a whole percentage 0..100, got ${weight}`, 'kubernetes');
    }
    sum += weight!;
  }
  if (sum !== 100) throw new DriverError(`route weights add up to ${sum}, not 100`, 'kubernetes');
  if (route.sticky) {
    throw new DriverError(
      'sticky hashing of a header or cookie is not expressible in Kubernetes Services or Gateway API HTTPRoute; ' +
        'use match rules, or the nginx or local driver',
      'kubernetes',
    );
  }
  if (traffic === 'replicas' && route.match?.length) {
    throw new DriverError(
      'header and cookie matches need traffic: gateway-api (replica ratios cannot match requests)',
      'kubernetes',
    );
  }
  for (const m of route.match ?? []) {
    const pair = m.header ?? m.cookie;
    if (!pair || (m.header && m.cookie))
      throw new DriverError('each match needs exactly one of header or cookie', 'kubernetes');
    const nameOk = m.header ? HEADER_NAME.test(pair.name) : /^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,128}$/.test(pair.name);
    if (!nameOk || !HEADER_VALUE.test(pair.value)) {
      throw new DriverError(
        `match ${JSON.stringify(pair)} has a name or value Gateway API does not accept`,
        'kubernetes',
      );
    }
  }
}
