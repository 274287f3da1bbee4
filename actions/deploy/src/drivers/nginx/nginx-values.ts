import { ROLES, type Role, type RouteTable } from '../../model/roles.js';
import { DriverError } from '../traffic-driver.js';

/**
 * Every value that ends up in the nginx configuration passes one of these strict patterns first.
 * None of them admits a quote, a semicolon, a brace, whitespace, `$` or a backslash, so a header
 * value from a route or a version string can never end a directive or add one.
 */
const HOSTNAME =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const IPV4 = /^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const IPV6 = /^\[[0-9A-Fa-f:.]{2,45}\]$/;
/** Header names as nginx exposes them in `$http_<name>`: letters, digits and dashes. */
export const HEADER_NAME = /^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/;
/** Cookie names as `$cookie_<name>` can read them: nginx variable names have no dashes. */
export const COOKIE_NAME = /^[A-Za-z0-9_]{1,64}$/;
/** Values compared in a `map`; cannot start with `~` (a regex in nginx) or contain quotes. */
export const MATCH_VALUE = /^[A-Za-z0-9._:@+=/-]{1,128}$/;
export const VERSION = /^[A-Za-z0-9][A-Za-z0-9._:+@/-]{0,127}$/;
export const DRIVER_ID = /^[a-z][a-z0-9_]{0,31}$/;

export function isValidHost(host: string): boolean {
  return IPV4.test(host) || IPV6.test(host) || (HOSTNAME.test(host) && !/^\d+(\.\d+)*$/.test(host));
}

/** `host:port` (IPv6 in brackets) -> the same string, or a DriverError naming the problem. */
export function checkAddress(address: string, role: Role): string {
  const match = /^(.+):(\d{1,5})$/.exec(address);
  const port = match ? Number(match[2]) : NaN;
  if (!match || !isValidHost(match[1]!) || !(port >= 1 && port <= 65535)) {
    throw new DriverError(
      `upstream address ${JSON.stringify(address)} for ${role} is not host:port (IPv4, [IPv6] or a DNS name, port 1-65535)`,
      'nginx',
      role,
    );
  }
  return address;
}

export function checkVersion(version: string, role: Role): string {
  if (!VERSION.test(version)) {
    throw new DriverError(
      `version ${JSON.stringify(version)} of ${role} may only contain letters, digits and . _ : + @ / - (max 128)`,
      'nginx',
      role,
    );
  }
  return version;
}

/** Weights are whole percentages adding up to 100; match and sticky values fit the patterns. */
export function checkRoute(route: RouteTable): void {
  let sum = 0;
  for (const [role, weight] of Object.entries(route.weights)) {
    if (!(ROLES as readonly string[]).includes(role)) throw new DriverError(`unknown role '${role}' in route`, 'nginx');
    if (!Number.isInteger(weight) || weight! < 0 || weight! > 100) {
      throw new DriverError(`weight of ${role} must be a whole percentage 0..100, got ${weight}`, 'nginx');
    }
    sum += weight!;
  }
  if (sum !== 100) throw new DriverError(`route weights add up to ${sum}, not 100`, 'nginx');
  for (const [index, rule] of (route.match ?? []).entries()) {
    const at = `route.match[${index}]`;
    if (!(ROLES as readonly string[]).includes(rule.role)) throw new DriverError(`${at}: unknown role`, 'nginx');
    if (!rule.header === !rule.cookie) throw new DriverError(`${at} needs exactly one of header or cookie`, 'nginx');
    if (rule.header) {
      expect(HEADER_NAME, rule.header.name, `${at}.header.name`, 'letters, digits and dashes');
      expect(MATCH_VALUE, rule.header.value, `${at}.header.value`, 'letters, digits and . _ : @ + = / -');
    }
    if (rule.cookie) {
      expect(COOKIE_NAME, rule.cookie.name, `${at}.cookie.name`, 'letters, digits and underscores');
      expect(MATCH_VALUE, rule.cookie.value, `${at}.cookie.value`, 'letters, digits and . _ : @ + = / -');
    }
  }
  if (route.sticky) {
    if (!route.sticky.header === !route.sticky.cookie) {
      throw new DriverError('route.sticky needs exactly one of header or cookie', 'nginx');
    }
    if (route.sticky.header)
      expect(HEADER_NAME, route.sticky.header, 'route.sticky.header', 'letters, digits and dashes');
    if (route.sticky.cookie) {
      expect(COOKIE_NAME, route.sticky.cookie, 'route.sticky.cookie', 'letters, digits and underscores');
    }
  }
}

function expect(pattern: RegExp, value: unknown, at: string, allowed: string): void {
  if (typeof value !== 'string' || !pattern.test(value)) {
    throw new DriverError(
      `${at} ${JSON.stringify(value)} is not allowed in an nginx config (only ${allowed})`,
      'nginx',
    );
  }
}

/** `X-Elder-Preview` -> `$http_x_elder_preview`, the variable nginx fills from that header. */
export function headerVariable(name: string): string {
  return `$http_${name.toLowerCase().replace(/-/g, '_')}`;
}
