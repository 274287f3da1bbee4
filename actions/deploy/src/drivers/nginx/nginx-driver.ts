import { readFile } from 'node:fs/promises';

import { writeFileAtomic } from '../../../../../shared/runtime/atomic-file.js';
import { UserError } from '../../../../../shared/runtime/errors.js';
import { execFileSafe, type ExecOptions, type ExecResult } from '../../../../../shared/runtime/exec.js';
import { ROLES, type Role, type RouteTable, type VersionSpec } from '../../model/roles.js';
import { DriverError, type DriverStatus, type TrafficDriver } from '../traffic-driver.js';
import type { InstanceLauncher, LaunchedInstance } from './instance-launcher.js';
import { DRIVER_ID, HEADER_NAME, checkAddress, checkRoute, checkVersion, isValidHost } from './nginx-values.js';
import { GENERATION_HEADER, generationOf, renderNginxInclude } from './render-nginx-config.js';
import { readNginxStatus } from './nginx-status.js';
import { AccessLogSampler } from './access-log-samples.js';
import type { RoleSample } from '../../metrics/role-sample.js';

export type ExecFn = (file: string, args: readonly string[], options?: ExecOptions) => Promise<ExecResult>;

export interface NginxDriverOptions {
  /** nginx binary; default `/usr/sbin/nginx`. */
  nginx?: string;
  /** `-p` prefix and `-c` main config of the running nginx; the main config includes `includeFile`. */
  prefix: string;
  configFile: string;
  /** The http-context file this driver owns and rewrites. */
  includeFile: string;
  /** Where the rendered server listens (what users reach). */
  listen: { host: string; port: number };
  /** Fixed upstream addresses per role (`host:port`); or give `launcher` to start processes. */
  upstreams?: Partial<Record<Role, string[]>>;
  launcher?: InstanceLauncher;
  /** argv run to reload; default `[nginx, -p, prefix, -c, configFile, -s, reload]`. */
  reloadCommand?: string[];
  /** Prefix of upstream and variable names, `[a-z][a-z0-9_]*`; default `elder`. */
  id?: string;
  /** Default `/elder-route`. */
  statusPath?: string;
  /** Response header naming the serving role; default `x-elder-role`. */
  roleHeader?: string;
  /** Path probed on each instance by status(); default `/healthz`. */
  healthPath?: string;
  /**
   * Absolute path of a JSON access log nginx writes for proxied requests; when set, the driver
   * offers takeSamples() (per-request latency and status per role) like the local proxy.
   */
  accessLog?: string;
  /** How long to wait for the reloaded nginx to serve the new generation; default 10000. */
  verifyTimeoutMs?: number;
  exec?: ExecFn;
}

interface RoleState {
  version: string;
  spec: VersionSpec;
  instances: LaunchedInstance[];
}

/**
 * Moves traffic with a real nginx: renders upstreams, `split_clients` and `map`s into an include
 * file (render-nginx-config.ts explains the choices), proves it with `nginx -t`, reloads, and
 * waits until nginx answers with the new generation number. A refused or failed change puts the
 * previous file back, and nginx keeps serving what it had, so traffic is never left half-moved.
 */
export class NginxDriver implements TrafficDriver {
  readonly name = 'nginx' as const;
  readonly entryUrl: string;
  readonly takeSamples?: () => Promise<Partial<Record<Role, RoleSample>>>;
  private readonly roles = new Map<Role, RoleState>();
  private readonly nginx: string;
  private readonly id: string;
  private readonly statusPath: string;
  private readonly roleHeader: string;
  private readonly exec: ExecFn;
  private route: RouteTable | undefined;
  private generation: number | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: NginxDriverOptions) {
    const where = 'deploy.nginx';
    if (!options.upstreams === !options.launcher)
      throw new UserError('give exactly one of upstreams or launcher', where);
    if (!isValidHost(options.listen.host.replace(/^\[|\]$/g, '')) && !isValidHost(options.listen.host)) {
      throw new UserError(`listen host ${JSON.stringify(options.listen.host)} is not an address`, where);
    }
    if (!Number.isInteger(options.listen.port) || options.listen.port < 1 || options.listen.port > 65535) {
      throw new UserError(`listen port must be 1-65535 (nginx cannot bind port 0), got ${options.listen.port}`, where);
    }
    this.id = options.id ?? 'elder';
    if (!DRIVER_ID.test(this.id)) throw new UserError(`id ${JSON.stringify(this.id)} must match ${DRIVER_ID}`, where);
    this.statusPath = options.statusPath ?? '/elder-route';
    if (!/^\/[A-Za-z0-9._/-]{0,100}$/.test(this.statusPath))
      throw new UserError('statusPath must be a plain path', where);
    this.roleHeader = options.roleHeader ?? 'x-elder-role';
    if (!HEADER_NAME.test(this.roleHeader)) throw new UserError('roleHeader must be a header name', where);
    for (const [role, list] of Object.entries(options.upstreams ?? {})) {
      for (const address of list ?? []) {
        try {
          checkAddress(address, role as Role);
        } catch (err) {
          throw new UserError((err as Error).message, `${where}.upstreams.${role}`);
        }
      }
    }
    this.nginx = options.nginx ?? '/usr/sbin/nginx';
    this.exec = options.exec ?? execFileSafe;
    this.entryUrl = `http://${options.listen.host}:${options.listen.port}`;
    if (options.accessLog !== undefined) {
      if (!/^\/[A-Za-z0-9._/-]{1,4000}$/.test(options.accessLog)) {
        throw new UserError('accessLog must be an absolute path of letters, digits and . _ / -', where);
      }
      const sampler = new AccessLogSampler(options.accessLog);
      this.takeSamples = () => sampler.take();
    }
  }

  startRole(role: Role, spec: VersionSpec, instances: number): Promise<void> {
    return this.serially(async () => {
      checkCount(role, instances);
      checkVersion(spec.version, role);
      const fresh = await this.obtain(role, spec, 0, instances);
      const old = this.roles.get(role);
      this.roles.set(role, { version: spec.version, spec, instances: fresh });
      try {
        if (this.route) await this.apply(this.route);
      } catch (err) {
        if (old) this.roles.set(role, old);
        else this.roles.delete(role);
        await stopAll(fresh);
        throw err;
      }
      if (old) await stopAll(old.instances);
    });
  }

  scaleRole(role: Role, instances: number): Promise<void> {
    return this.serially(async () => {
      checkCount(role, instances);
      const state = this.roles.get(role);
      if (!state) throw new DriverError(`cannot scale ${role}: it is not running`, 'nginx', role);
      const before = state.instances;
      const added = instances > before.length ? await this.obtain(role, state.spec, before.length, instances) : [];
      const kept = [...before.slice(0, instances), ...added];
      const removed = before.slice(instances);
      state.instances = kept;
      try {
        if (this.route) await this.apply(this.route);
      } catch (err) {
        state.instances = before;
        await stopAll(added);
        throw err;
      }
      await stopAll(removed);
    });
  }

  stopRole(role: Role): Promise<void> {
    return this.serially(async () => {
      if (this.route && sendsTraffic(this.route, role)) {
        throw new DriverError(`refusing to stop ${role}: the current route still sends it traffic`, 'nginx', role);
      }
      const state = this.roles.get(role);
      if (!state) return;
      this.roles.delete(role);
      try {
        if (this.route) await this.apply(this.route);
      } catch (err) {
        this.roles.set(role, state);
        throw err;
      }
      await stopAll(state.instances);
    });
  }

  setRoute(route: RouteTable): Promise<void> {
    return this.serially(async () => {
      await this.apply(structuredClone(route));
      this.route = structuredClone(route);
    });
  }

  async status(): Promise<DriverStatus> {
    return readNginxStatus(`${this.entryUrl}${this.statusPath}`, this.options.healthPath ?? '/healthz');
  }

  async close(): Promise<void> {
    const all = [...this.roles.values()].flatMap((s) => s.instances);
    this.roles.clear();
    await stopAll(all);
  }

  /** Writes, tests, reloads and verifies one configuration; restores the old file on any failure. */
  private async apply(route: RouteTable): Promise<void> {
    checkRoute(route);
    for (const role of ROLES) {
      if (sendsTraffic(route, role) && !this.roles.has(role)) {
        throw new DriverError(`route sends traffic to ${role}, which is not running`, 'nginx', role);
      }
    }
    const previous = await readFile(this.options.includeFile, 'utf8').catch(() => undefined);
    this.generation ??= previous === undefined ? 0 : generationOf(previous);
    const generation = this.generation + 1;
    const roles: Partial<Record<Role, { version: string; servers: string[] }>> = {};
    for (const [role, state] of this.roles) {
      roles[role] = { version: state.version, servers: state.instances.map((i) => checkAddress(i.address, role)) };
    }
    const text = renderNginxInclude({
      id: this.id,
      generation,
      listen: this.options.listen,
      roles,
      route,
      statusPath: this.statusPath,
      roleHeader: this.roleHeader,
      ...(this.options.accessLog ? { accessLog: this.options.accessLog } : {}),
    });
    await writeFileAtomic(this.options.includeFile, text);
    const restore = async () => {
      if (previous !== undefined) await writeFileAtomic(this.options.includeFile, previous);
    };
    const { prefix, configFile } = this.options;
    const test = await this.run(this.nginx, ['-t', '-q', '-p', prefix, '-c', configFile]);
    if (test.exitCode !== 0) {
      await restore();
      throw new DriverError(
        `nginx -t refused the new configuration (previous one kept): ${nginxMessage(test)}`,
        'nginx',
      );
    }
    const reload = this.options.reloadCommand ?? [this.nginx, '-p', prefix, '-c', configFile, '-s', 'reload'];
    const reloaded = await this.run(reload[0]!, reload.slice(1));
    if (reloaded.exitCode !== 0) {
      await restore();
      throw new DriverError(
        `reloading nginx failed (${reload.join(' ')} exited ${reloaded.exitCode ?? reloaded.signal}); ` +
          `it keeps serving the previous configuration: ${nginxMessage(reloaded)}`,
        'nginx',
      );
    }
    try {
      await this.waitForGeneration(generation);
    } catch (err) {
      await restore();
      await this.run(reload[0]!, reload.slice(1));
      throw err;
    }
    this.generation = generation;
  }

  private async waitForGeneration(generation: number): Promise<void> {
    const url = `${this.entryUrl}${this.statusPath}`;
    const timeoutMs = this.options.verifyTimeoutMs ?? 10_000;
    const deadline = Date.now() + timeoutMs;
    let seen = 'no answer';
    while (Date.now() < deadline) {
      try {
        const response = await fetch(url, { signal: AbortSignal.timeout(2_000), headers: { connection: 'close' } });
        await response.arrayBuffer();
        seen = `generation ${response.headers.get(GENERATION_HEADER) ?? '(none)'}`;
        if (response.headers.get(GENERATION_HEADER) === String(generation)) return;
      } catch (err) {
        seen = (err as Error).message;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new DriverError(
      `nginx did not serve generation ${generation} at ${url} within ${timeoutMs} ms (last: ${seen}); is the reload command right?`,
      'nginx',
    );
  }

  private async obtain(role: Role, spec: VersionSpec, from: number, to: number): Promise<LaunchedInstance[]> {
    if (this.options.upstreams) {
      const list = this.options.upstreams[role] ?? [];
      if (list.length < to) {
        throw new DriverError(
          `${to} instances of ${role} asked, but upstreams.${role} lists ${list.length}`,
          'nginx',
          role,
        );
      }
      return list.slice(from, to).map((address) => ({ address, stop: async () => {} }));
    }
    const started: LaunchedInstance[] = [];
    try {
      for (let i = from; i < to; i++) started.push(await this.options.launcher!.launch(role, spec, i));
    } catch (err) {
      await stopAll(started);
      throw err;
    }
    return started;
  }

  private async run(file: string, args: string[]): Promise<ExecResult> {
    try {
      return await this.exec(file, args, { timeoutMs: 30_000 });
    } catch (err) {
      throw new DriverError(`cannot run ${file}: ${(err as Error).message}`, 'nginx');
    }
  }

  /** One configuration change at a time: a reload must not interleave with another's rewrite. */
  private serially<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }
}

function nginxMessage(result: ExecResult): string {
  return (result.stderr.trim() || result.stdout.trim() || '(no output)').slice(-2000);
}

function checkCount(role: Role, instances: number): void {
  if (!Number.isInteger(instances) || instances < 1) {
    throw new DriverError(`instances for ${role} must be a whole number >= 1, got ${instances}`, 'nginx', role);
  }
}

function sendsTraffic(route: RouteTable, role: Role): boolean {
  return (route.weights[role] ?? 0) > 0 || (route.match ?? []).some((m) => m.role === role);
}

async function stopAll(instances: LaunchedInstance[]): Promise<void> {
  await Promise.allSettled(instances.map((i) => i.stop()));
}
