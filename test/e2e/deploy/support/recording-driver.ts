/**
 * Wraps a real TrafficDriver and records, with timestamps, every route it applies and every
 * instance operation, plus what status() reported after each one. The tests use it to cut the
 * traffic record at the exact moments traffic moved (a switch, a rollback) and to check batch
 * sizes, without changing what the driver does.
 */
import type { DriverStatus, TrafficDriver } from '../../../../actions/deploy/src/drivers/traffic-driver.js';
import type { Role, RouteTable, VersionSpec } from '../../../../actions/deploy/src/model/roles.js';

export interface DriverEvent {
  /** When the call began and when it resolved (epoch ms). */
  startedMs: number;
  endedMs: number;
  op: 'setRoute' | 'startRole' | 'scaleRole' | 'stopRole';
  role?: Role;
  version?: string;
  instances?: number;
  route?: RouteTable;
  /** status() right after the call resolved (no roles when the platform could not say). */
  after: DriverStatus;
}

export interface RecordingDriver {
  driver: TrafficDriver;
  events: DriverEvent[];
}

export function recordingDriver(inner: TrafficDriver, onEvent?: (event: DriverEvent) => void): RecordingDriver {
  const events: DriverEvent[] = [];
  const record = async <T>(event: Omit<DriverEvent, 'startedMs' | 'endedMs' | 'after'>, run: () => Promise<T>) => {
    const startedMs = Date.now();
    const result = await run();
    const endedMs = Date.now();
    // nginx has nothing listening before its first route: record that as no role.
    const after = await inner.status().catch((): DriverStatus => ({ roles: {} }));
    const recorded: DriverEvent = { ...event, startedMs, endedMs, after };
    events.push(recorded);
    onEvent?.(recorded);
    return result;
  };
  const driver: TrafficDriver = {
    name: inner.name,
    get entryUrl() {
      return inner.entryUrl;
    },
    startRole: (role: Role, spec: VersionSpec, instances: number) =>
      record({ op: 'startRole', role, version: spec.version, instances }, () => inner.startRole(role, spec, instances)),
    scaleRole: (role: Role, instances: number) =>
      record({ op: 'scaleRole', role, instances }, () => inner.scaleRole(role, instances)),
    stopRole: (role: Role) => record({ op: 'stopRole', role }, () => inner.stopRole(role)),
    setRoute: (route: RouteTable) =>
      record({ op: 'setRoute', route: structuredClone(route) }, () => inner.setRoute(route)),
    status: () => inner.status(),
    close: () => inner.close(),
  };
  if (inner.takeSamples) driver.takeSamples = () => inner.takeSamples!();
  return { driver, events };
}

/** The last route change whose weights send everything to `role` (e.g. the final rollback). */
export function lastRouteTo(events: readonly DriverEvent[], role: Role): DriverEvent | undefined {
  return [...events].reverse().find((e) => e.op === 'setRoute' && e.route?.weights[role] === 100);
}
