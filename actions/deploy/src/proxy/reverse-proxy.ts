import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { DriverError } from '../drivers/traffic-driver.js';
import type { RoleSample } from '../metrics/role-sample.js';
import type { Role, RouteTable } from '../model/roles.js';
import { BackendPool, drained, type Backend, type BackendTarget } from './backend-pool.js';
import { forwardRequest } from './forward.js';
import { compileRoute, routedRoles, type RoutePlan } from './route-plan.js';
import { reply } from './proxy-reply.js';
import { SampleRecorder } from './sample-recorder.js';

export interface ReverseProxyOptions {
  /** Whole-request limit for a backend answer, ms; after it the client gets 504. Default 30 s. */
  requestTimeoutMs?: number;
  /** How long removing an instance waits for its in-flight requests, ms. Default 10 s. */
  drainTimeoutMs?: number;
  /** Latencies kept per role between takeSamples() calls before reservoir sampling. Default 200k. */
  maxSamplesPerRole?: number;
  /** Random source in [0, 1) for non-sticky splits and reservoir sampling (tests inject one). */
  random?: () => number;
  /** Concurrent sockets per backend. Default 256. */
  maxSocketsPerBackend?: number;
}

/**
 * The local driver's embedded reverse proxy: weighted, header/cookie and sticky routing between
 * roles, round-robin between a role's instances, per-role latency and status recording.
 *
 * A route change is one assignment of an immutable compiled plan, and a request holds the backend
 * it picked until it completes, so changing routes or instances never fails a request in flight.
 */
export class ReverseProxy {
  private readonly server: http.Server;
  private readonly agent: http.Agent;
  private readonly pool = new BackendPool();
  private readonly recorder: SampleRecorder;
  private readonly random: () => number;
  private readonly requestTimeoutMs: number;
  private readonly drainTimeoutMs: number;
  private plan: RoutePlan | undefined;
  private address: AddressInfo | undefined;
  private closing: Promise<void> | undefined;

  constructor(options: ReverseProxyOptions = {}) {
    this.random = options.random ?? Math.random;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
    this.drainTimeoutMs = options.drainTimeoutMs ?? 10_000;
    this.recorder = new SampleRecorder(options.maxSamplesPerRole ?? 200_000, this.random);
    const maxSockets = options.maxSocketsPerBackend ?? 256;
    // LIFO reuse keeps few sockets warm, so idle ones expire instead of racing a backend's close.
    this.agent = new http.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets, scheduling: 'lifo' });
    this.server = http.createServer((req, res) => this.handle(req, res));
  }

  /** Starts listening; port 0 picks a free port. Throws DriverError "port N is in use". */
  async listen(port = 0, host = '127.0.0.1'): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      const onError = (err: NodeJS.ErrnoException): void => {
        if (err.code === 'EADDRINUSE') reject(new DriverError(`port ${port} is in use on ${host}`, 'local'));
        else if (err.code === 'EACCES') reject(new DriverError(`no permission to listen on ${host}:${port}`, 'local'));
        else reject(new DriverError(`cannot listen on ${host}:${port}: ${err.message}`, 'local'));
      };
      this.server.once('error', onError);
      this.server.listen(port, host, () => {
        this.server.off('error', onError);
        resolve();
      });
    });
    this.address = this.server.address() as AddressInfo;
    return this.url!;
  }

  /** `http://host:port` once listening. */
  get url(): string | undefined {
    if (!this.address) return undefined;
    const host = this.address.family === 'IPv6' ? `[${this.address.address}]` : this.address.address;
    return `http://${host}:${this.address.port}`;
  }

  get route(): RouteTable | undefined {
    return this.plan?.route;
  }

  /** Roles the current route sends traffic to. */
  routedRoles(): Set<Role> {
    return this.plan ? routedRoles(this.plan.route) : new Set();
  }

  /** Swaps the routing table atomically; throws DriverError on invalid weights. */
  setRoute(route: RouteTable): void {
    this.plan = compileRoute(route);
  }

  /**
   * Sets the instances of `role`. Instances not in `targets` stop receiving new requests at once;
   * the promise resolves when their in-flight requests finished (or the drain timeout passed).
   */
  async setBackends(role: Role, targets: readonly BackendTarget[]): Promise<void> {
    const removed = this.pool.replace(role, targets);
    await Promise.all(removed.map((backend) => drained(backend, this.drainTimeoutMs)));
  }

  backends(role: Role): readonly Backend[] {
    return this.pool.backends(role);
  }

  /** Per-role request samples since the previous call (roles routed now appear even when idle). */
  takeSamples(): Partial<Record<Role, RoleSample>> {
    return this.recorder.take(this.routedRoles());
  }

  /** Stops listening and drops every connection. Idempotent. */
  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      if (!this.server.listening) {
        this.agent.destroy();
        resolve();
        return;
      }
      this.server.close(() => resolve());
      this.server.closeAllConnections();
      this.agent.destroy();
    });
    return this.closing;
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const started = process.hrtime.bigint();
    const elapsedMs = (): number => Number(process.hrtime.bigint() - started) / 1e6;
    const plan = this.plan;
    const role = plan?.choose(req.headers, this.random);
    if (!role) {
      reply(res, 503, 'no route is set on this proxy yet');
      return;
    }
    forwardRequest({
      req,
      res,
      role,
      pick: () => this.pool.pick(role),
      agent: this.agent,
      timeoutMs: this.requestTimeoutMs,
      done: (failed) => this.recorder.record(role, elapsedMs(), failed),
    });
  }
}
