import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';

import { writeFileAtomic } from '../../../../../shared/runtime/atomic-file.js';
import { UserError } from '../../../../../shared/runtime/errors.js';
import { execFileSafe, type ExecOptions, type ExecResult } from '../../../../../shared/runtime/exec.js';
import { ROLES, type Role, type RouteTable, type VersionSpec } from '../../model/roles.js';
import { DriverError, type DriverStatus, type TrafficDriver } from '../traffic-driver.js';
import { LABEL_APP, LABEL_ROLE, renderManifests, replicasForWeights, roleObjectName } from './kubernetes-manifests.js';
import { parseDeploymentList, parseHttpRoute } from './kubernetes-status.js';
import { checkKubernetesRoute } from './kubernetes-route-check.js';

export type ExecFn = (file: string, args: readonly string[], options?: ExecOptions) => Promise<ExecResult>;

export interface KubernetesDriverOptions {
  /** DNS-1035 name of the app: label `app`, Service name, prefix of Deployment names. */
  app: string;
  namespace?: string;
  /** Image reference with `{version}`, e.g. `ghcr.io/acme/shop:{version}`. */
  image: string;
  containerPort: number;
  /** Default 80. */
  servicePort?: number;
  /** Readiness probe path; default `/healthz`. */
  healthPath?: string;
  /** Directory the YAML files are written to and applied from (owned by this driver). */
  manifestDir: string;
  /** `gateway-api` (default): HTTPRoute weights and header matches. `replicas`: replica ratios. */
  traffic?: 'gateway-api' | 'replicas';
  /** The Gateway the HTTPRoute attaches to; required for `gateway-api`. */
  gateway?: { name: string; namespace?: string; sectionName?: string };
  hostnames?: string[];
  /** Default `kubectl`. */
  kubectl?: string;
  /** Added to every kubectl call, e.g. `['--context', 'prod']`. */
  kubectlArgs?: string[];
  /** Default 300. */
  rolloutTimeoutSeconds?: number;
  exec?: ExecFn;
}

const DNS_LABEL = /^[a-z]([a-z0-9-]{0,40}[a-z0-9])?$/;
const LABEL_VALUE = /^[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?$/;

/**
 * Renders Deployments, Services and a Gateway API HTTPRoute (or replica ratios) as YAML into
 * `manifestDir` and runs `kubectl apply -f <dir>`; readiness is `kubectl rollout status`, the
 * truth is `kubectl get ... -o json`. kubectl is only ever run with an argv array.
 */
export class KubernetesDriver implements TrafficDriver {
  readonly name = 'kubernetes' as const;
  private readonly roles = new Map<Role, { version: string; instances: number }>();
  private readonly namespace: string;
  private readonly traffic: 'gateway-api' | 'replicas';
  private readonly exec: ExecFn;
  private route: RouteTable | undefined;

  constructor(private readonly options: KubernetesDriverOptions) {
    const where = 'deploy.kubernetes';
    if (!DNS_LABEL.test(options.app))
      throw new UserError(`app ${JSON.stringify(options.app)} must be a DNS-1035 label (max 42)`, where);
    this.namespace = options.namespace ?? 'default';
    if (!DNS_LABEL.test(this.namespace))
      throw new UserError(`namespace ${JSON.stringify(this.namespace)} is not a DNS label`, where);
    if (!options.image.includes('{version}')) throw new UserError('image must contain {version}', where);
    for (const port of [options.containerPort, options.servicePort ?? 80]) {
      if (!Number.isInteger(port) || port < 1 || port > 65535)
        throw new UserError(`port ${port} is not 1-65535`, where);
    }
    this.traffic = options.traffic ?? 'gateway-api';
    if (this.traffic === 'gateway-api' && !options.gateway) {
      throw new UserError('gateway-api traffic needs gateway.name (the Gateway the HTTPRoute attaches to)', where);
    }
    this.exec = options.exec ?? execFileSafe;
  }

  async startRole(role: Role, spec: VersionSpec, instances: number): Promise<void> {
    checkCount(role, instances);
    if (!LABEL_VALUE.test(spec.version)) {
      throw new DriverError(
        `version ${JSON.stringify(spec.version)} is not a valid Kubernetes label value`,
        'kubernetes',
        role,
      );
    }
    const previous = this.roles.get(role);
    this.roles.set(role, { version: spec.version, instances });
    try {
      await this.apply();
      await this.waitReady(role);
    } catch (err) {
      if (previous) this.roles.set(role, previous);
      else this.roles.delete(role);
      throw err;
    }
  }

  async scaleRole(role: Role, instances: number): Promise<void> {
    checkCount(role, instances);
    const state = this.roles.get(role);
    if (!state) throw new DriverError(`cannot scale ${role}: it is not running`, 'kubernetes', role);
    const before = state.instances;
    state.instances = instances;
    try {
      await this.apply();
      await this.waitReady(role);
    } catch (err) {
      state.instances = before;
      throw err;
    }
  }

  async stopRole(role: Role): Promise<void> {
    if (this.route && sendsTraffic(this.route, role)) {
      throw new DriverError(`refusing to stop ${role}: the current route still sends it traffic`, 'kubernetes', role);
    }
    this.roles.delete(role);
    await this.apply();
    const name = roleObjectName(this.options.app, role);
    await this.kubectl(
      ['delete', 'deployment', name, 'service', name, '-n', this.namespace, '--ignore-not-found'],
      role,
    );
  }

  async setRoute(route: RouteTable): Promise<void> {
    checkKubernetesRoute(route, this.traffic);
    for (const role of ROLES) {
      if (sendsTraffic(route, role) && !this.roles.has(role)) {
        throw new DriverError(`route sends traffic to ${role}, which is not running`, 'kubernetes', role);
      }
    }
    const previous = this.route;
    this.route = structuredClone(route);
    try {
      await this.apply();
      if (this.traffic === 'replicas') for (const role of this.roles.keys()) await this.waitReady(role);
    } catch (err) {
      this.route = previous;
      throw err;
    }
  }

  async status(): Promise<DriverStatus> {
    const selector = `${LABEL_APP}=${this.options.app},${LABEL_ROLE}`;
    const deploys = await this.kubectl(['get', 'deployments', '-n', this.namespace, '-l', selector, '-o', 'json']);
    const roles = parseDeploymentList(deploys.stdout);
    if (this.traffic === 'gateway-api') {
      const got = await this.kubectl([
        'get',
        'httproutes.gateway.networking.k8s.io',
        this.options.app,
        '-n',
        this.namespace,
        '-o',
        'json',
        '--ignore-not-found',
      ]);
      return got.stdout.trim() ? { roles, route: parseHttpRoute(got.stdout, this.options.app) } : { roles };
    }
    const total = Object.values(roles).reduce((sum, r) => sum + (r?.desired ?? 0), 0);
    const weights: RouteTable['weights'] = {};
    for (const role of ROLES) {
      const r = roles[role];
      if (r && r.desired > 0 && total > 0) weights[role] = Math.round((100 * r.desired) / total);
    }
    return { roles, route: { weights } };
  }

  async close(): Promise<void> {
    // The cluster owns what was applied; the manifests stay on disk as the record of it.
  }

  /** The manifests as they would be applied now (also what tests inspect). */
  render() {
    const replicas = this.traffic === 'replicas' && this.route ? this.replicaPlan(this.route) : undefined;
    const roles: Parameters<typeof renderManifests>[0]['roles'] = {};
    for (const [role, state] of this.roles) {
      roles[role] = {
        version: state.version,
        image: this.options.image.replaceAll('{version}', state.version),
        // A running role outside the route keeps its instances: replica ratios cannot hold it dark.
        replicas: replicas?.[role] ?? state.instances,
      };
    }
    return renderManifests({
      app: this.options.app,
      namespace: this.namespace,
      roles,
      containerPort: this.options.containerPort,
      servicePort: this.options.servicePort ?? 80,
      healthPath: this.options.healthPath ?? '/healthz',
      traffic: this.traffic,
      ...(this.options.gateway ? { gateway: this.options.gateway } : {}),
      ...(this.options.hostnames ? { hostnames: this.options.hostnames } : {}),
      ...(this.route && this.traffic === 'gateway-api' ? { route: this.route } : {}),
    });
  }

  /** Replicas mode: the route's shares of the instances the routed roles were started with. */
  private replicaPlan(route: RouteTable): Partial<Record<Role, number>> {
    const total = ROLES.filter((r) => (route.weights[r] ?? 0) > 0).reduce(
      (sum, r) => sum + (this.roles.get(r)?.instances ?? 0),
      0,
    );
    const plan = replicasForWeights(route.weights, total);
    const sum = Object.values(plan).reduce((a, b) => a + b, 0);
    for (const role of ROLES) {
      const want = route.weights[role] ?? 0;
      const got = sum > 0 ? (100 * (plan[role] ?? 0)) / sum : 0;
      if (Math.abs(got - want) > 10) {
        throw new DriverError(
          `${want} % for ${role} needs more replicas than ${total} (it would get ${got.toFixed(0)} %); ` +
            'start more instances or use traffic: gateway-api for exact weights',
          'kubernetes',
          role,
        );
      }
    }
    return plan;
  }

  private async apply(): Promise<void> {
    const manifests = this.render();
    const dir = this.options.manifestDir;
    const wanted = new Set<string>();
    for (const m of manifests) {
      const file = `${this.options.app}.${m.kind.toLowerCase()}.${m.metadata.name}.yaml`;
      wanted.add(file);
      await writeFileAtomic(join(dir, file), stringify(m, { lineWidth: 0 }));
    }
    // Files of stopped roles would be re-applied by `-f <dir>`: remove them.
    for (const file of await readdir(dir)) {
      if (file.startsWith(`${this.options.app}.`) && file.endsWith('.yaml') && !wanted.has(file)) {
        await rm(join(dir, file), { force: true });
      }
    }
    await this.kubectl(['apply', '-f', dir]);
  }

  private async waitReady(role: Role): Promise<void> {
    const seconds = this.options.rolloutTimeoutSeconds ?? 300;
    const name = roleObjectName(this.options.app, role);
    await this.kubectl(
      ['rollout', 'status', `deployment/${name}`, '-n', this.namespace, `--timeout=${seconds}s`],
      role,
      (seconds + 30) * 1000,
    );
  }

  private async kubectl(args: string[], role?: Role, timeoutMs = 120_000): Promise<ExecResult> {
    const file = this.options.kubectl ?? 'kubectl';
    const argv = [...(this.options.kubectlArgs ?? []), ...args];
    let result: ExecResult;
    try {
      result = await this.exec(file, argv, { timeoutMs });
    } catch (err) {
      throw new DriverError(`cannot run ${file}: ${(err as Error).message}`, 'kubernetes', role);
    }
    if (result.exitCode !== 0) {
      const why = result.timedOut ? `timed out after ${timeoutMs} ms` : `exited ${result.exitCode ?? result.signal}`;
      throw new DriverError(
        `kubectl ${args.join(' ')} ${why}: ${result.stderr.trim().slice(-2000)}`,
        'kubernetes',
        role,
      );
    }
    return result;
  }
}

function checkCount(role: Role, instances: number): void {
  if (!Number.isInteger(instances) || instances < 1) {
    throw new DriverError(`instances for ${role} must be a whole number >= 1, got ${instances}`, 'kubernetes', role);
  }
}

function sendsTraffic(route: RouteTable, role: Role): boolean {
  return (route.weights[role] ?? 0) > 0 || (route.match ?? []).some((m) => m.role === role);
}
