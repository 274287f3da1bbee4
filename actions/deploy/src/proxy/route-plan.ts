import type { IncomingHttpHeaders } from 'node:http';
import { DriverError } from '../drivers/traffic-driver.js';
import { ROLES, type Role, type RouteTable } from '../model/roles.js';
import { readCookie } from './cookies.js';
import { stickyBucket } from './sticky-hash.js';

/**
 * A RouteTable compiled once into an immutable decision function, so swapping routes is a single
 * reference assignment and a request decides against exactly one table.
 *
 * Buckets 0..99 are laid out as candidate from the bottom, baseline from the top, stable in the
 * middle. When a rollout raises the candidate's share, the candidate range only grows upwards
 * from 0, so a sticky user who was on the candidate stays there (and likewise for baseline).
 */
export interface RoutePlan {
  readonly route: RouteTable;
  /** The role for a request, or undefined when the table routes nothing (no weights). */
  choose(headers: IncomingHttpHeaders, random: () => number): Role | undefined;
}

/** Checks weights: known roles, integers 0..100, summing to exactly 100. Throws DriverError. */
export function validateRouteTable(route: RouteTable): void {
  let sum = 0;
  for (const [role, weight] of Object.entries(route.weights)) {
    if (!(ROLES as readonly string[]).includes(role)) {
      throw new DriverError(`route names unknown role '${role}' (known: ${ROLES.join(', ')})`, 'local');
    }
    if (typeof weight !== 'number' || !Number.isInteger(weight) || weight < 0 || weight > 100) {
      throw new DriverError(`weight of ${role} must be an integer from 0 to 100, got ${String(weight)}`, 'local');
    }
    sum += weight;
  }
  if (sum !== 100) {
    const listed = Object.entries(route.weights)
      .map(([role, weight]) => `${role}=${String(weight)}`)
      .join(', ');
    throw new DriverError(`route weights must add up to 100, got ${sum} (${listed || 'none'})`, 'local');
  }
  for (const rule of route.match ?? []) {
    if (!(ROLES as readonly string[]).includes(rule.role)) {
      throw new DriverError(`match rule names unknown role '${rule.role}'`, 'local');
    }
    if (!rule.header && !rule.cookie) {
      throw new DriverError(`match rule for ${rule.role} needs a header or a cookie`, 'local');
    }
  }
}

/** Roles that receive traffic under `route`: positive weight or named by a match rule. */
export function routedRoles(route: RouteTable): Set<Role> {
  const roles = new Set<Role>();
  for (const role of ROLES) if ((route.weights[role] ?? 0) > 0) roles.add(role);
  for (const rule of route.match ?? []) roles.add(rule.role);
  return roles;
}

export function compileRoute(route: RouteTable): RoutePlan {
  validateRouteTable(route);
  // Deep-copy so a caller mutating its object cannot change routing behind our back.
  const frozen: RouteTable = structuredClone(route);
  const candidate = frozen.weights.candidate ?? 0;
  const baseline = frozen.weights.baseline ?? 0;
  const stable = frozen.weights.stable ?? 0;
  const rules = (frozen.match ?? []).map((rule) => ({
    role: rule.role,
    header: rule.header ? { name: rule.header.name.toLowerCase(), value: rule.header.value } : undefined,
    cookie: rule.cookie,
  }));
  const stickyHeader = frozen.sticky?.header?.toLowerCase();
  const stickyCookie = frozen.sticky?.cookie;

  function byBucket(bucket: number): Role | undefined {
    if (bucket < candidate) return 'candidate';
    if (bucket >= 100 - baseline) return 'baseline';
    if (stable > 0) return 'stable';
    // Only reachable when weights were all zero, which validation refuses; kept for safety.
    return undefined;
  }

  return {
    route: frozen,
    choose(headers, random) {
      for (const rule of rules) {
        const headerOk = !rule.header || firstValue(headers[rule.header.name]) === rule.header.value;
        const cookieOk = !rule.cookie || readCookie(headers['cookie'], rule.cookie.name) === rule.cookie.value;
        if (headerOk && cookieOk) return rule.role;
      }
      const key =
        (stickyHeader ? firstValue(headers[stickyHeader]) : undefined) ??
        (stickyCookie ? readCookie(headers['cookie'], stickyCookie) : undefined);
      if (key !== undefined && key !== '') return byBucket(stickyBucket(key));
      return byBucket(Math.min(99, Math.floor(random() * 100)));
    },
  };
}

function firstValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
