import { execFileSafe, type ExecOptions, type ExecResult } from '../../../../../shared/runtime/exec.js';
import { UserError } from '../../../../../shared/runtime/errors.js';
import { ROLES, type Role, type RouteTable, type VersionSpec } from '../../model/roles.js';
import { DriverError, type DriverStatus, type TrafficDriver } from '../traffic-driver.js';
import { HOOK_NAMES, substituteArgv, validateHookArgv, type HookName, type PlaceholderValues } from './hook-argv.js';
import { parseStatusJson } from './status-json.js';

export type ExecFn = (file: string, args: readonly string[], options?: ExecOptions) => Promise<ExecResult>;

export interface CommandDriverOptions {
  /** argv per hook; `{role}`, `{version}`, `{weight}`, `{instances}` are replaced per element. */
  hooks: Partial<Record<HookName, string[]>>;
  /** Per hook timeout in ms; `default` applies to the others. Default 120000. */
  timeoutMs?: Partial<Record<HookName | 'default', number>>;
  cwd?: string;
  /** Extra environment for every hook (merged over process.env). */
  env?: Record<string, string>;
  /** Where the hooks came from, for messages (e.g. `.github/elder.yml:40:7`). */
  where?: string;
  /** Injected in tests; defaults to execFileSafe. */
  exec?: ExecFn;
}

interface RoleState {
  version: string;
  instances: number;
}

/**
 * Drives any platform through user hooks. The action never builds a command line: each hook is
 * an argv array whose placeholders are filled element by element, and the same values are in
 * ELDER_ROLE / ELDER_VERSION / ELDER_WEIGHT / ELDER_INSTANCES, plus the whole route as JSON in
 * ELDER_ROUTE for hooks that implement header matches or stickiness.
 *
 * `setRoute` runs `promote` when all traffic goes to the candidate, `rollback` when all traffic
 * returns to stable after the candidate had some (each only if configured), and otherwise
 * `set-weight` once per role in the route, lowering weights before raising them.
 */
export class CommandDriver implements TrafficDriver {
  readonly name = 'command' as const;
  private readonly hooks: Partial<Record<HookName, string[]>> = {};
  private readonly exec: ExecFn;
  private readonly roles = new Map<Role, RoleState>();
  private route: RouteTable | undefined;

  constructor(private readonly options: CommandDriverOptions) {
    const where = options.where ?? 'deploy.command.hooks';
    for (const [name, argv] of Object.entries(options.hooks)) {
      if (!(HOOK_NAMES as readonly string[]).includes(name)) {
        throw new UserError(`unknown hook '${name}' (expected ${HOOK_NAMES.join(', ')})`, where);
      }
      this.hooks[name as HookName] = validateHookArgv(name as HookName, argv, where);
    }
    for (const required of ['start', 'set-weight', 'stop'] as const) {
      if (!this.hooks[required]) throw new UserError(`hook '${required}' is required`, where);
    }
    for (const [name, ms] of Object.entries(options.timeoutMs ?? {})) {
      if (!(typeof ms === 'number' && Number.isFinite(ms) && ms > 0)) {
        throw new UserError(`timeout of '${name}' must be a positive number of ms`, where);
      }
    }
    this.exec = options.exec ?? execFileSafe;
  }

  async startRole(role: Role, spec: VersionSpec, instances: number): Promise<void> {
    checkInstances(role, instances);
    await this.run('start', { role, version: spec.version, instances: String(instances) });
    this.roles.set(role, { version: spec.version, instances });
  }

  async scaleRole(role: Role, instances: number): Promise<void> {
    checkInstances(role, instances);
    const state = this.roles.get(role);
    if (!state) throw new DriverError(`cannot scale ${role}: it is not running`, 'command', role);
    // Without a dedicated scale hook, start is asked for the new count (platforms treat it as desired state).
    const hook = this.hooks.scale ? 'scale' : 'start';
    await this.run(hook, { role, version: state.version, instances: String(instances) });
    state.instances = instances;
  }

  async stopRole(role: Role): Promise<void> {
    if (this.route && sendsTraffic(this.route, role)) {
      throw new DriverError(`refusing to stop ${role}: the current route still sends it traffic`, 'command', role);
    }
    const state = this.roles.get(role);
    await this.run('stop', { role, version: state?.version ?? '' });
    this.roles.delete(role);
  }

  async setRoute(route: RouteTable): Promise<void> {
    checkWeights(route);
    for (const role of routedRoles(route)) {
      if (!this.roles.has(role))
        throw new DriverError(`route sends traffic to ${role}, which is not running`, 'command', role);
    }
    const previous = this.route;
    const candidate = this.roles.get('candidate');
    const stable = this.roles.get('stable');
    const env = { ELDER_ROUTE: JSON.stringify(route) };
    if (route.weights.candidate === 100 && !route.match?.length && this.hooks.promote && candidate) {
      await this.run('promote', { role: 'candidate', version: candidate.version }, env);
    } else if (
      route.weights.stable === 100 &&
      (previous?.weights.candidate ?? 0) > 0 &&
      !route.match?.length &&
      this.hooks.rollback &&
      stable
    ) {
      await this.run('rollback', { role: 'stable', version: stable.version }, env);
    } else {
      // Lower first, so the sum never exceeds 100 % on platforms that check it at every call.
      const before = previous?.weights ?? {};
      const order = ROLES.filter((r) => route.weights[r] !== undefined || (before[r] ?? 0) > 0).sort(
        (a, b) => (route.weights[a] ?? 0) - (before[a] ?? 0) - ((route.weights[b] ?? 0) - (before[b] ?? 0)),
      );
      for (const role of order) {
        const weight = route.weights[role] ?? 0;
        await this.run(
          'set-weight',
          { role, version: this.roles.get(role)?.version ?? '', weight: String(weight) },
          env,
        );
      }
    }
    this.route = structuredClone(route);
  }

  async status(): Promise<DriverStatus> {
    if (!this.hooks.status) {
      // Nothing to ask: report our own bookkeeping (a rollback underneath cannot be seen).
      const roles: DriverStatus['roles'] = {};
      for (const [role, s] of this.roles)
        roles[role] = { version: s.version, ready: s.instances, desired: s.instances };
      return this.route ? { roles, route: structuredClone(this.route) } : { roles };
    }
    const result = await this.run('status', {});
    const { status, problems } = parseStatusJson(result.stdout);
    if (!status) {
      throw new DriverError(
        `status hook printed an invalid status:\n  - ${problems.join('\n  - ')}\n` +
          `expected {"roles":{"stable":{"version":"v1","ready":1,"desired":1}},"route":{"weights":{"stable":100}}}`,
        'command',
      );
    }
    return status;
  }

  async close(): Promise<void> {
    // Hooks own the platform's resources; nothing local to release.
  }

  private async run(
    hook: HookName,
    values: PlaceholderValues,
    extraEnv: Record<string, string> = {},
  ): Promise<ExecResult> {
    const argv = this.hooks[hook];
    if (!argv) throw new DriverError(`hook '${hook}' is not configured`, 'command');
    const [file, ...args] = substituteArgv(argv, values);
    const timeoutMs = this.options.timeoutMs?.[hook] ?? this.options.timeoutMs?.default ?? 120_000;
    const env: NodeJS.ProcessEnv = { ...process.env, ...this.options.env, ...extraEnv, ELDER_HOOK: hook };
    if (values.role !== undefined) env['ELDER_ROLE'] = values.role;
    if (values.version !== undefined) env['ELDER_VERSION'] = values.version;
    if (values.weight !== undefined) env['ELDER_WEIGHT'] = values.weight;
    if (values.instances !== undefined) env['ELDER_INSTANCES'] = values.instances;
    const role = values.role as Role | undefined;
    let result: ExecResult;
    try {
      result = await this.exec(file!, args, { env, timeoutMs, ...(this.options.cwd ? { cwd: this.options.cwd } : {}) });
    } catch (err) {
      throw new DriverError(`hook '${hook}' could not run ${file}: ${(err as Error).message}`, 'command', role);
    }
    if (result.timedOut) {
      throw new DriverError(`hook '${hook}' (${file}) timed out after ${timeoutMs} ms and was killed`, 'command', role);
    }
    if (result.exitCode !== 0) {
      const stderr = result.stderr.trim().slice(-2000);
      const how = result.exitCode === null ? `was killed by ${result.signal}` : `exited with ${result.exitCode}`;
      throw new DriverError(`hook '${hook}' (${file}) ${how}${stderr ? `: ${stderr}` : ''}`, 'command', role);
    }
    return result;
  }
}

function checkInstances(role: Role, instances: number): void {
  if (!Number.isInteger(instances) || instances < 1) {
    throw new DriverError(`instances for ${role} must be a whole number >= 1, got ${instances}`, 'command', role);
  }
}

function checkWeights(route: RouteTable): void {
  let sum = 0;
  for (const [role, weight] of Object.entries(route.weights)) {
    if (!(ROLES as readonly string[]).includes(role))
      throw new DriverError(`unknown role '${role}' in route`, 'command');
    if (!Number.isInteger(weight) || weight! < 0 || weight! > 100) {
      throw new DriverError(`weight of ${role} must be a whole percentage 0..100, got ${weight}`, 'command');
    }
    sum += weight!;
  }
  if (sum !== 100) throw new DriverError(`route weights add up to ${sum}, not 100`, 'command');
}

function routedRoles(route: RouteTable): Role[] {
  return ROLES.filter((r) => sendsTraffic(route, r));
}

function sendsTraffic(route: RouteTable, role: Role): boolean {
  return (route.weights[role] ?? 0) > 0 || (route.match ?? []).some((m) => m.role === role);
}
