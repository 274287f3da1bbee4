import { ROLES, type Role, type RouteTable, type VersionSpec } from '../../model/roles.js';
import type { RoleSample } from '../../metrics/role-sample.js';
import { ReverseProxy } from '../../proxy/reverse-proxy.js';
import { routedRoles, validateRouteTable } from '../../proxy/route-plan.js';
import { DriverError, type DriverStatus, type TrafficDriver } from '../traffic-driver.js';
import { launchInstance, type InstanceProcess } from './instance-process.js';
import { ProcessReaper } from './process-reaper.js';

export interface LocalDriverOptions {
  /** Port of the entry proxy; 0 (default) picks a free one. */
  port?: number;
  /** Address the proxy and the instances use. Default 127.0.0.1. */
  host?: string;
  /** Readiness check path on each instance. Default `/healthz`. */
  healthPath?: string;
  /** How long one instance may take to become healthy, ms. Default 30 s. */
  readyTimeoutMs?: number;
  /** SIGTERM-to-SIGKILL grace when stopping an instance, ms. Default 5 s. */
  stopGraceMs?: number;
  /** How long a removed instance may finish its in-flight requests, ms. Default 10 s. */
  drainTimeoutMs?: number;
  /** Per-request limit through the proxy, ms (then 504). Default 30 s. */
  requestTimeoutMs?: number;
  /** Working directory of the instances. Default: this process's. */
  cwd?: string;
  /** Base environment of the instances (VersionSpec.env is added). Default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Random source for weighted splits (tests inject a seeded one). */
  random?: () => number;
  /** Latencies kept per role per takeSamples() window before reservoir sampling. Default 200k. */
  maxSamplesPerRole?: number;
}

interface RoleState {
  spec: VersionSpec;
  desired: number;
  instances: InstanceProcess[];
}

/**
 * Runs each version as local processes behind the embedded reverse proxy. Used by the demo and
 * most tests. Mutating calls run one at a time, so a scale and a stop never interleave.
 */
export class LocalDriver implements TrafficDriver {
  readonly name = 'local' as const;
  private readonly proxy: ReverseProxy;
  private readonly roles = new Map<Role, RoleState>();
  private readonly reaper = new ProcessReaper();
  private queue: Promise<unknown> = Promise.resolve();
  private closing: Promise<void> | undefined;
  private readonly host: string;
  private readonly healthPath: string;
  private readonly readyTimeoutMs: number;
  private readonly stopGraceMs: number;

  constructor(private readonly options: LocalDriverOptions = {}) {
    this.host = options.host ?? '127.0.0.1';
    this.healthPath = options.healthPath ?? '/healthz';
    this.readyTimeoutMs = options.readyTimeoutMs ?? 30_000;
    this.stopGraceMs = options.stopGraceMs ?? 5_000;
    this.proxy = new ReverseProxy({
      requestTimeoutMs: options.requestTimeoutMs,
      drainTimeoutMs: options.drainTimeoutMs,
      maxSamplesPerRole: options.maxSamplesPerRole,
      random: options.random,
    });
  }

  /** Starts the entry proxy. Throws DriverError "port N is in use ..." when it cannot bind. */
  async start(): Promise<void> {
    await this.proxy.listen(this.options.port ?? 0, this.host);
  }

  get entryUrl(): string | undefined {
    return this.proxy.url;
  }

  startRole(role: Role, spec: VersionSpec, instances: number): Promise<void> {
    return this.serial(async () => {
      checkCount(role, instances, 1);
      const started = await this.launch(role, spec, instances, 1);
      const previous = this.roles.get(role);
      const state: RoleState = { spec, desired: instances, instances: started };
      this.roles.set(role, state);
      this.watch(role, state, started);
      // New instances take new requests now; the old ones finish theirs, then stop.
      await this.proxy.setBackends(role, targets(started));
      if (previous) await this.stopInstances(previous.instances);
    });
  }

  scaleRole(role: Role, instances: number): Promise<void> {
    return this.serial(async () => {
      const state = this.roles.get(role);
      if (!state) throw new DriverError(`cannot scale ${role}: it is not running`, 'local', role);
      checkCount(role, instances, 0);
      if (instances === 0 && this.proxy.routedRoles().has(role)) {
        throw new DriverError(
          `refusing to scale ${role} to 0: the current route still sends it traffic`,
          'local',
          role,
        );
      }
      const live = state.instances;
      if (instances > live.length) {
        const added = await this.launch(role, state.spec, instances - live.length, live.length + 1);
        state.instances = [...live, ...added];
        this.watch(role, state, added);
        await this.proxy.setBackends(role, targets(state.instances));
      } else if (instances < live.length) {
        const kept = live.slice(0, instances);
        const removed = live.slice(instances);
        state.instances = kept;
        await this.proxy.setBackends(role, targets(kept));
        await this.stopInstances(removed);
      }
      state.desired = instances;
    });
  }

  stopRole(role: Role): Promise<void> {
    return this.serial(async () => {
      if (this.proxy.routedRoles().has(role)) {
        throw new DriverError(
          `refusing to stop ${role}: the current route still sends it traffic (${JSON.stringify(this.proxy.route)})`,
          'local',
          role,
        );
      }
      const state = this.roles.get(role);
      if (!state) return;
      this.roles.delete(role);
      await this.proxy.setBackends(role, []);
      await this.stopInstances(state.instances);
    });
  }

  setRoute(route: RouteTable): Promise<void> {
    return this.serial(async () => {
      validateRouteTable(route);
      for (const role of routedRoles(route)) {
        if ((this.roles.get(role)?.instances.length ?? 0) === 0) {
          throw new DriverError(`route sends traffic to ${role}, which has no running instance`, 'local', role);
        }
      }
      this.proxy.setRoute(route);
    });
  }

  status(): Promise<DriverStatus> {
    const roles: DriverStatus['roles'] = {};
    for (const role of ROLES) {
      const state = this.roles.get(role);
      if (!state) continue;
      const ready = state.instances.filter((instance) => instance.alive()).length;
      roles[role] = { version: state.spec.version, ready, desired: state.desired };
    }
    const route = this.proxy.route;
    return Promise.resolve(route ? { roles, route: structuredClone(route) } : { roles });
  }

  takeSamples(): Promise<Partial<Record<Role, RoleSample>>> {
    return Promise.resolve(this.proxy.takeSamples());
  }

  /** Ports of a role's live instances (tests and diagnostics). */
  instancePorts(role: Role): number[] {
    return (this.roles.get(role)?.instances ?? []).map((instance) => instance.port);
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      // Do not wait for a running operation (a readiness wait can take long, and close() is what
      // cancellation calls): stop what runs gracefully, then SIGKILL every child we ever spawned,
      // including instances still starting, whose operation then fails.
      const all = [...this.roles.values()].flatMap((state) => state.instances);
      this.roles.clear();
      await this.proxy.close();
      await this.stopInstances(all);
      this.reaper.dispose();
      await this.queue.catch(() => undefined);
    })();
    return this.closing;
  }

  private serial<T>(operation: () => Promise<T>): Promise<T> {
    if (this.closing) return Promise.reject(new DriverError('the local driver is closed', 'local'));
    const run = this.queue.then(operation, operation);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Starts `count` instances in parallel; if one fails, kills the others and throws its error. */
  private async launch(role: Role, spec: VersionSpec, count: number, firstIndex: number): Promise<InstanceProcess[]> {
    const results = await Promise.allSettled(
      Array.from({ length: count }, (_, i) =>
        launchInstance({
          role,
          spec,
          index: firstIndex + i,
          host: this.host,
          healthPath: this.healthPath,
          readyTimeoutMs: this.readyTimeoutMs,
          cwd: this.options.cwd,
          baseEnv: this.options.env ?? process.env,
          onSpawn: (child) => this.reaper.add(child),
        }),
      ),
    );
    const ok = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (this.closing) {
      await this.stopInstances(ok);
      throw new DriverError(`${role} ${spec.version}: the local driver was closed while it started`, 'local', role);
    }
    if (failed) {
      await this.stopInstances(ok);
      throw failed.reason instanceof DriverError
        ? failed.reason
        : new DriverError(`${role} ${spec.version}: ${String(failed.reason)}`, 'local', role);
    }
    return ok;
  }

  /** An instance that dies on its own leaves the pool at once, so requests go to its siblings. */
  private watch(role: Role, state: RoleState, instances: InstanceProcess[]): void {
    for (const instance of instances) {
      void instance.exited.then(() => {
        if (this.roles.get(role) !== state || !state.instances.includes(instance)) return;
        state.instances = state.instances.filter((other) => other !== instance);
        void this.proxy.setBackends(role, targets(state.instances));
      });
    }
  }

  private async stopInstances(instances: readonly InstanceProcess[]): Promise<void> {
    await Promise.all(instances.map((instance) => instance.stop(this.stopGraceMs)));
  }
}

/** Creates a LocalDriver and starts its entry proxy. */
export async function createLocalDriver(options: LocalDriverOptions = {}): Promise<LocalDriver> {
  const driver = new LocalDriver(options);
  try {
    await driver.start();
  } catch (err) {
    await driver.close();
    throw err;
  }
  return driver;
}

function targets(instances: readonly InstanceProcess[]): { host: string; port: number; version: string }[] {
  return instances.map((instance) => ({ host: instance.host, port: instance.port, version: instance.version }));
}

function checkCount(role: Role, instances: number, min: number): void {
  if (!Number.isInteger(instances) || instances < min) {
    throw new DriverError(`${role}: instance count must be an integer >= ${min}, got ${instances}`, 'local', role);
  }
}
