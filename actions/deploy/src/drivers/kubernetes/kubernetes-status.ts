import { ROLES, type Role, type RouteTable } from '../../model/roles.js';
import { DriverError, type DriverStatus } from '../traffic-driver.js';
import { ANNOTATION_ROUTE, LABEL_ROLE, LABEL_VERSION } from './kubernetes-manifests.js';

type Json = Record<string, unknown>;

/**
 * Reads `kubectl get deploy -l app=<app>,elder.dev/role -o json`: per role, the version label,
 * `spec.replicas` (desired) and `status.readyReplicas` (absent while none is ready).
 */
export function parseDeploymentList(text: string): DriverStatus['roles'] {
  const list = parseJson(text, 'kubectl get deploy');
  const items = list['items'];
  if (!Array.isArray(items)) throw new DriverError('kubectl get deploy: answer has no "items" array', 'kubernetes');
  const roles: DriverStatus['roles'] = {};
  for (const item of items as Json[]) {
    const metadata = (item?.['metadata'] ?? {}) as Json;
    const labels = (metadata['labels'] ?? {}) as Record<string, string>;
    const role = labels[LABEL_ROLE];
    if (!isRole(role)) continue;
    const spec = (item['spec'] ?? {}) as Json;
    const status = (item['status'] ?? {}) as Json;
    const desired = typeof spec['replicas'] === 'number' ? spec['replicas'] : 1;
    const ready = typeof status['readyReplicas'] === 'number' ? status['readyReplicas'] : 0;
    roles[role] = { version: labels[LABEL_VERSION] ?? 'unknown', ready, desired };
  }
  return roles;
}

/**
 * Reads `kubectl get httproute <app> -o json`: the weights of the rule without header matches,
 * as the cluster holds them (normalised to percentages), and the match rules we annotated.
 */
export function parseHttpRoute(text: string, app: string): RouteTable {
  const route = parseJson(text, 'kubectl get httproute');
  const spec = (route['spec'] ?? {}) as Json;
  const rules = Array.isArray(spec['rules']) ? (spec['rules'] as Json[]) : [];
  const fallback = rules.find((rule) => {
    const matches = Array.isArray(rule['matches']) ? (rule['matches'] as Json[]) : [];
    return matches.every((m) => !Array.isArray(m['headers']) || (m['headers'] as unknown[]).length === 0);
  });
  if (!fallback || !Array.isArray(fallback['backendRefs'])) {
    throw new DriverError(`HTTPRoute ${app} has no rule without header matches; cannot tell its weights`, 'kubernetes');
  }
  const raw: Partial<Record<Role, number>> = {};
  for (const ref of fallback['backendRefs'] as Json[]) {
    const name = String(ref['name'] ?? '');
    const role = ROLES.find((r) => name === `${app}-${r}`);
    if (!role) continue;
    raw[role] = (raw[role] ?? 0) + (typeof ref['weight'] === 'number' ? ref['weight'] : 1);
  }
  const total = Object.values(raw).reduce((a, b) => a + b, 0);
  const weights: RouteTable['weights'] = {};
  for (const role of ROLES) {
    if (raw[role] !== undefined && total > 0) weights[role] = Math.round((100 * raw[role]) / total);
  }
  const result: RouteTable = { weights };
  const annotation = ((route['metadata'] as Json | undefined)?.['annotations'] as Record<string, string> | undefined)?.[
    ANNOTATION_ROUTE
  ];
  if (annotation) {
    try {
      const written = JSON.parse(annotation) as RouteTable;
      if (Array.isArray(written.match) && written.match.length > 0) result.match = written.match;
    } catch {
      // A hand-edited annotation only loses the match rules; the weights come from the spec.
    }
  }
  return result;
}

function parseJson(text: string, what: string): Json {
  try {
    const value = JSON.parse(text) as unknown;
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Json;
  } catch {
    // fall through
  }
  throw new DriverError(`${what} did not answer a JSON object: ${text.slice(0, 200)}`, 'kubernetes');
}

function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
