/**
 * An in-memory TrafficDriver for unit tests: instance sets per role, the route, synthetic traffic
 * per version (latency and error rate), injected faults, and a way to make the "platform" change
 * things underneath the controller. It enforces the driver contract's safety rules, so a strategy
 * that would route to a stopped role fails its test.
 */
import type { DriverStatus, TrafficDriver } from '../../../../actions/deploy/src/drivers/traffic-driver.js';
import { DriverError } from '../../../../actions/deploy/src/drivers/traffic-driver.js';
import type { RoleSample } from '../../../../actions/deploy/src/metrics/role-sample.js';
import type { Role, RouteTable, VersionSpec } from '../../../../actions/deploy/src/model/roles.js';
import type { SeededRandom } from '../../../../actions/deploy/src/analysis/seeded-random.js';

export interface VersionBehaviour {
  latencyMs: number;
  errorRate: number;
}

export type Operation = 'startRole' | 'scaleRole' | 'stopRole' | 'setRoute' | 'status';

export interface Fault {
  op: Operation;
  /** Which call fails: a predicate on the role / route; default every call. */
  when?: (arg: { role?: Role; route?: RouteTable; spec?: VersionSpec }) => boolean;
  message?: string;
}

interface RoleState {
  version: string;
  ready: number;
  desired: number;
}

export class MemoryDriver implements TrafficDriver {
  readonly name = 'local' as const;
  readonly entryUrl = 'http://memory.invalid/';
  readonly roles: Partial<Record<Role, RoleState>> = {};
  route: RouteTable = { weights: {} };
  readonly log: string[] = [];
  readonly routes: RouteTable[] = [];
  faults: Fault[] = [];
  /** Requests the memory "users" send per takeSamples call, split by the route weights. */
  requestsPerLook = 2000;
  /** A feature flag's effect: this share (percent) of `version`'s requests behave like `on`. */
  flag?: { version: string; percentage: number; on: VersionBehaviour };
  /** Requests per look that match the route's first `match` rule (preview or forced variant). */
  matchedRequestsPerLook = 100;
  /** Instance counts never seen exceeding this, for surge checks. */
  maxTotalInstances = 0;
  minReadyServing = Number.POSITIVE_INFINITY;
  closed = false;
  /** When set, latencies are lognormal (sigma 0.5) around each version's median and errors Bernoulli. */
  random?: SeededRandom;
  private tick = 0;

  constructor(readonly behaviours: Record<string, VersionBehaviour> = {}) {}

  async startRole(role: Role, spec: VersionSpec, instances: number): Promise<void> {
    this.fail('startRole', { role, spec });
    this.log.push(`start ${role} ${spec.version} x${instances}`);
    this.roles[role] = { version: spec.version, ready: instances, desired: instances };
    this.track();
  }

  async scaleRole(role: Role, instances: number): Promise<void> {
    this.fail('scaleRole', { role });
    const state = this.roles[role];
    if (!state) throw new DriverError(`${role} is not running`, 'local', role);
    this.log.push(`scale ${role} x${instances}`);
    state.desired = instances;
    state.ready = instances;
    this.track();
  }

  async stopRole(role: Role): Promise<void> {
    this.fail('stopRole', { role });
    if ((this.route.weights[role] ?? 0) > 0 || this.route.match?.some((m) => m.role === role)) {
      throw new DriverError(`refusing to stop ${role}: the route still sends it traffic`, 'local', role);
    }
    this.log.push(`stop ${role}`);
    delete this.roles[role];
    this.track();
  }

  async setRoute(route: RouteTable): Promise<void> {
    this.fail('setRoute', { route });
    const total = Object.values(route.weights).reduce((a, b) => a + (b ?? 0), 0);
    if (total !== 100) throw new DriverError(`weights add up to ${total}`, 'local');
    for (const [role, weight] of Object.entries(route.weights)) {
      if ((weight ?? 0) > 0 && !((this.roles[role as Role]?.ready ?? 0) > 0)) {
        throw new DriverError(`route sends ${weight} % to ${role}, which has no ready instance`, 'local', role as Role);
      }
    }
    for (const match of route.match ?? []) {
      if (!this.roles[match.role]) throw new DriverError(`match rule targets ${match.role}, not running`, 'local');
    }
    this.log.push(
      `route ${JSON.stringify(route.weights)}${route.match ? ' +match' : ''}${route.sticky ? ' +sticky' : ''}`,
    );
    this.route = structuredClone(route);
    this.routes.push(this.route);
    this.track();
  }

  async status(): Promise<DriverStatus> {
    this.fail('status', {});
    const roles: DriverStatus['roles'] = {};
    for (const [role, state] of Object.entries(this.roles)) roles[role as Role] = { ...state };
    return { roles, route: structuredClone(this.route) };
  }

  async takeSamples(): Promise<Partial<Record<Role, RoleSample>>> {
    this.tick += 1;
    const out: Partial<Record<Role, RoleSample>> = {};
    const add = (role: Role, count: number): void => {
      const state = this.roles[role];
      if (!state || count <= 0) return;
      const behaviour = this.behaviours[state.version] ?? { latencyMs: 100, errorRate: 0.005 };
      const sample = out[role] ?? {
        role,
        granularity: 'request',
        latenciesMs: [],
        requests: 0,
        errors: 0,
        fromMs: this.tick,
        toMs: this.tick + 1,
      };
      const flagged = this.flag?.version === state.version ? Math.round((count * this.flag.percentage) / 100) : 0;
      const push = (n: number, b: VersionBehaviour): void => {
        const random = this.random;
        for (let i = 0; i < n; i++) {
          sample.latenciesMs.push(
            random ? random.lognormal(Math.log(b.latencyMs), 0.5) : b.latencyMs * (0.9 + ((i * 37) % 20) / 100),
          );
        }
        sample.requests += n;
        // Without a random source: the expected number of errors, rounded (deterministic).
        sample.errors += random ? random.binomial(n, b.errorRate) : Math.round(n * b.errorRate);
      };
      push(count - flagged, behaviour);
      if (this.flag && flagged > 0) push(flagged, this.flag.on);
      out[role] = sample;
    };
    for (const [role, weight] of Object.entries(this.route.weights))
      add(role as Role, Math.round((this.requestsPerLook * (weight ?? 0)) / 100));
    const matched = this.route.match?.[0];
    if (matched) add(matched.role, this.matchedRequestsPerLook);
    return out;
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  /** The platform changes a role on its own (e.g. its own rollback). */
  platformSets(role: Role, version: string): void {
    const state = this.roles[role];
    if (state) state.version = version;
  }

  /** Which version receives all traffic, or undefined when split. */
  serving(): string | undefined {
    const entries = Object.entries(this.route.weights).filter(([, w]) => (w ?? 0) > 0);
    if (entries.length !== 1 || entries[0]?.[1] !== 100) return undefined;
    return this.roles[entries[0][0] as Role]?.version;
  }

  private track(): void {
    const total = Object.values(this.roles).reduce((a, s) => a + (s?.desired ?? 0), 0);
    this.maxTotalInstances = Math.max(this.maxTotalInstances, total);
    const servingReady = Object.entries(this.route.weights)
      .filter(([, w]) => (w ?? 0) > 0)
      .reduce((a, [role]) => a + (this.roles[role as Role]?.ready ?? 0), 0);
    if (Object.keys(this.route.weights).length > 0) this.minReadyServing = Math.min(this.minReadyServing, servingReady);
  }

  private fail(op: Operation, arg: { role?: Role; route?: RouteTable; spec?: VersionSpec }): void {
    const fault = this.faults.find((f) => f.op === op && (!f.when || f.when(arg)));
    if (fault) throw new DriverError(fault.message ?? `injected ${op} failure`, 'local', arg.role);
  }
}
