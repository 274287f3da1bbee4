import { ROLES, type Role, type RouteTable } from '../../model/roles.js';

/** Everything the manifests are built from; values are validated by the driver first. */
export interface KubernetesRenderInput {
  app: string;
  namespace: string;
  /** Image per running role (already `{version}`-substituted), version and replica count. */
  roles: Partial<Record<Role, { version: string; image: string; replicas: number }>>;
  containerPort: number;
  servicePort: number;
  healthPath: string;
  traffic: 'gateway-api' | 'replicas';
  gateway?: { name: string; namespace?: string; sectionName?: string };
  hostnames?: string[];
  /** Gateway API mode only; absent until the first setRoute. */
  route?: RouteTable;
}

export type Manifest = Record<string, unknown> & {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string } & Record<string, unknown>;
};

export const LABEL_APP = 'app';
export const LABEL_ROLE = 'elder.dev/role';
export const LABEL_VERSION = 'elder.dev/version';
export const ANNOTATION_ROUTE = 'elder.dev/route';

export function roleObjectName(app: string, role: Role): string {
  return `${app}-${role}`;
}

/**
 * One Deployment per role (labels `app`, `elder.dev/role`, `elder.dev/version`), a Service for
 * the whole app, and for Gateway API a Service per role plus an HTTPRoute whose default rule
 * carries the weights as `backendRefs[].weight` (exact percentages, independent of replica
 * counts) and whose header rules come first for previews and A/B matches.
 */
export function renderManifests(input: KubernetesRenderInput): Manifest[] {
  const out: Manifest[] = [];
  for (const role of ROLES) {
    const r = input.roles[role];
    if (r) out.push(deployment(input, role, r));
  }
  out.push(service(input, input.app, { [LABEL_APP]: input.app }));
  if (input.traffic === 'gateway-api') {
    for (const role of ROLES) {
      if (input.roles[role]) {
        out.push(service(input, roleObjectName(input.app, role), { [LABEL_APP]: input.app, [LABEL_ROLE]: role }));
      }
    }
    if (input.route) out.push(httpRoute(input, input.route));
  }
  return out;
}

function deployment(
  input: KubernetesRenderInput,
  role: Role,
  r: { version: string; image: string; replicas: number },
): Manifest {
  const selector = { [LABEL_APP]: input.app, [LABEL_ROLE]: role };
  const labels = { ...selector, [LABEL_VERSION]: r.version };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: roleObjectName(input.app, role), namespace: input.namespace, labels },
    spec: {
      replicas: r.replicas,
      selector: { matchLabels: selector },
      // New pods must be ready before old ones go: a version change never dips capacity.
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } },
      template: {
        metadata: { labels },
        spec: {
          containers: [
            {
              name: input.app,
              image: r.image,
              ports: [{ name: 'http', containerPort: input.containerPort }],
              env: [
                { name: 'ELDER_ROLE', value: role },
                { name: 'ELDER_VERSION', value: r.version },
              ],
              readinessProbe: {
                httpGet: { path: input.healthPath, port: 'http' },
                periodSeconds: 2,
                failureThreshold: 3,
              },
            },
          ],
        },
      },
    },
  };
}

function service(input: KubernetesRenderInput, name: string, selector: Record<string, string>): Manifest {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: input.namespace, labels: { [LABEL_APP]: input.app } },
    spec: {
      selector,
      ports: [{ name: 'http', port: input.servicePort, targetPort: 'http', protocol: 'TCP' }],
    },
  };
}

function httpRoute(input: KubernetesRenderInput, route: RouteTable): Manifest {
  const backend = (role: Role, weight: number) => ({
    name: roleObjectName(input.app, role),
    port: input.servicePort,
    weight,
  });
  const path = { type: 'PathPrefix', value: '/' };
  const rules: Record<string, unknown>[] = (route.match ?? []).map((m) => ({
    matches: [
      {
        path,
        headers: m.header
          ? [{ type: 'Exact', name: m.header.name, value: m.header.value }]
          : // Gateway API has no cookie matcher; a regex on the Cookie header is the portable form.
            [{ type: 'RegularExpression', name: 'Cookie', value: cookieRegex(m.cookie!.name, m.cookie!.value) }],
      },
    ],
    backendRefs: [backend(m.role, 1)],
  }));
  rules.push({
    matches: [{ path }],
    backendRefs: ROLES.filter((role) => (route.weights[role] ?? 0) > 0).map((role) =>
      backend(role, route.weights[role]!),
    ),
  });
  const parentRef: Record<string, string> = { name: input.gateway!.name };
  if (input.gateway!.namespace) parentRef['namespace'] = input.gateway!.namespace;
  if (input.gateway!.sectionName) parentRef['sectionName'] = input.gateway!.sectionName;
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: {
      name: input.app,
      namespace: input.namespace,
      labels: { [LABEL_APP]: input.app },
      annotations: { [ANNOTATION_ROUTE]: JSON.stringify(route) },
    },
    spec: {
      parentRefs: [parentRef],
      ...(input.hostnames?.length ? { hostnames: input.hostnames } : {}),
      rules,
    },
  };
}

function escapeRegex(value: string): string {
  return value.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}

export function cookieRegex(name: string, value: string): string {
  return `(^|.*;\\s*)${escapeRegex(name)}=${escapeRegex(value)}(;.*|$)`;
}

/**
 * Replica counts that carry the weights when there is no Gateway (plain Service selecting every
 * role): shares of `total` by largest remainder, at least one replica for a role with traffic.
 */
export function replicasForWeights(weights: RouteTable['weights'], total: number): Partial<Record<Role, number>> {
  const roles = ROLES.filter((r) => (weights[r] ?? 0) > 0);
  const exact = roles.map((r) => ({ role: r, value: (total * weights[r]!) / 100 }));
  const out: Partial<Record<Role, number>> = {};
  let used = 0;
  for (const e of exact) {
    out[e.role] = Math.max(1, Math.floor(e.value));
    used += out[e.role]!;
  }
  const byRemainder = [...exact].sort((a, b) => (b.value % 1) - (a.value % 1));
  for (const e of byRemainder) {
    if (used >= total) break;
    if (e.value % 1 > 0 && out[e.role]! < Math.ceil(e.value)) {
      out[e.role]! += 1;
      used += 1;
    }
  }
  return out;
}
