import { ROLES, type Role, type RouteTable } from '../../model/roles.js';
import type { DriverStatus } from '../traffic-driver.js';

/**
 * Parses what a user's `status` hook printed: `{"roles":{"stable":{"version":"v1","ready":3,
 * "desired":3}},"route":{"weights":{"stable":100}}}`. Returns the status or a list of problems
 * naming the JSON path of each, so a broken hook is fixed from one message.
 */
export function parseStatusJson(text: string): { status?: DriverStatus; problems: string[] } {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (err) {
    const snippet = text.length > 200 ? `${text.slice(0, 200)}...` : text;
    return { problems: [`stdout is not JSON (${(err as Error).message}): ${JSON.stringify(snippet)}`] };
  }
  const problems: string[] = [];
  if (!isRecord(body)) return { problems: ['stdout must be a JSON object with a "roles" object'] };
  const rolesRaw = body['roles'];
  if (!isRecord(rolesRaw)) return { problems: ['$.roles must be an object keyed by role'] };
  const roles: DriverStatus['roles'] = {};
  for (const [key, value] of Object.entries(rolesRaw)) {
    const at = `$.roles.${key}`;
    if (!isRole(key)) {
      problems.push(`${at}: unknown role (expected one of ${ROLES.join(', ')})`);
      continue;
    }
    if (!isRecord(value)) {
      problems.push(`${at} must be an object {version, ready, desired}`);
      continue;
    }
    const { version, ready, desired } = value;
    if (typeof version !== 'string' || version === '') problems.push(`${at}.version must be a non-empty string`);
    if (!isCount(ready)) problems.push(`${at}.ready must be a whole number >= 0`);
    if (!isCount(desired)) problems.push(`${at}.desired must be a whole number >= 0`);
    if (typeof version === 'string' && version !== '' && isCount(ready) && isCount(desired)) {
      roles[key] = { version, ready, desired };
    }
  }
  const status: DriverStatus = { roles };
  if (body['route'] !== undefined) {
    const route = parseRoute(body['route'], problems);
    if (route) status.route = route;
  }
  return problems.length > 0 ? { problems } : { status, problems };
}

function parseRoute(raw: unknown, problems: string[]): RouteTable | undefined {
  if (!isRecord(raw) || !isRecord(raw['weights'])) {
    problems.push('$.route must be an object with a "weights" object');
    return undefined;
  }
  const weights: RouteTable['weights'] = {};
  for (const [key, value] of Object.entries(raw['weights'])) {
    if (!isRole(key)) problems.push(`$.route.weights.${key}: unknown role`);
    else if (!isCount(value) || value > 100) problems.push(`$.route.weights.${key} must be a whole number 0..100`);
    else weights[key] = value;
  }
  // Match rules and stickiness are the platform's business; the weights are what we compare.
  return { weights };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}
