import type { DeployDriver } from '../../../../shared/config/index.js';
import type { Role, RouteTable, VersionSpec } from '../model/roles.js';
import type { RoleSample } from '../metrics/role-sample.js';

/**
 * What a strategy needs from a platform: start and stop instance sets per role, move traffic,
 * and tell what is really serving. Strategies never talk to nginx, kubectl or processes directly,
 * so every strategy runs on every driver, and unit tests use an in-memory driver.
 *
 * Every method either completes or throws a DriverError naming what failed; a driver never
 * leaves traffic pointing at a role it has stopped.
 */
export interface TrafficDriver {
  readonly name: DeployDriver;
  /**
   * Start `instances` instances of `spec` for `role` and resolve when all are ready (health
   * check passes), or throw when one crashes, its port is taken or readiness times out.
   * Starting a role that already runs replaces it only after the new instances are ready.
   */
  startRole(role: Role, spec: VersionSpec, instances: number): Promise<void>;
  /** Change the instance count of a running role (rolling batches); resolves when ready. */
  scaleRole(role: Role, instances: number): Promise<void>;
  /** Stop a role's instances. Refuses while the current route still sends it traffic. */
  stopRole(role: Role): Promise<void>;
  /** Apply a route atomically: no request is dropped while it changes. */
  setRoute(route: RouteTable): Promise<void>;
  /** What the platform itself reports; used to catch a rollback underneath us. */
  status(): Promise<DriverStatus>;
  /**
   * Request samples per role since the last call (proxy-observed latency and status codes).
   * Drivers that cannot observe traffic return undefined and analysis uses Prometheus.
   */
  takeSamples?(): Promise<Partial<Record<Role, RoleSample>>>;
  /** The URL users reach, shown as the deployment's environment URL. */
  readonly entryUrl?: string;
  /** Release everything this driver started (processes, temp files). Idempotent. */
  close(): Promise<void>;
}

export interface DriverStatus {
  /** Versions the platform says are running, per role, with ready instance counts. */
  roles: Partial<Record<Role, { version: string; ready: number; desired: number }>>;
  /** The route the platform is applying now, as it reports it. */
  route?: RouteTable;
}

export class DriverError extends Error {
  constructor(
    message: string,
    readonly driver: DeployDriver,
    readonly role?: Role,
  ) {
    super(message);
    this.name = 'DriverError';
  }
}
