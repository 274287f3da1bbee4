import { startServiceProcess, type ServiceProcess } from '../../../../../shared/runtime/service-process.js';
import type { Role, VersionSpec } from '../../model/roles.js';
import { DriverError } from '../traffic-driver.js';

/** One running instance nginx can proxy to. */
export interface LaunchedInstance {
  /** `host:port` as it goes into an upstream block. */
  readonly address: string;
  stop(): Promise<void>;
}

/**
 * Starts instances for drivers that front processes something else would normally run (nginx):
 * the demo and the tests start example-service processes; production configs give addresses.
 */
export interface InstanceLauncher {
  launch(role: Role, spec: VersionSpec, index: number): Promise<LaunchedInstance>;
}

export interface ServiceProcessLauncherOptions {
  /** Address the processes listen on; default 127.0.0.1. */
  host?: string;
  readyTimeoutMs?: number;
  /** Polled until it answers 2xx before the instance counts as ready; default `/healthz`. */
  healthPath?: string;
  /** Base environment (default process.env); `spec.env` is added on top. */
  env?: NodeJS.ProcessEnv;
}

/**
 * Runs `spec.command` (argv, `{port}` -> `0`, `{version}` substituted per element, no shell)
 * through startServiceProcess, which reads the port the process announces.
 */
export class ServiceProcessLauncher implements InstanceLauncher {
  constructor(private readonly options: ServiceProcessLauncherOptions = {}) {}

  async launch(role: Role, spec: VersionSpec, index: number): Promise<LaunchedInstance> {
    if (!spec.command || spec.command.length === 0) {
      throw new DriverError(`no command to start ${role} (${spec.version})`, 'nginx', role);
    }
    const argv = spec.command.map((arg) =>
      arg.replace(/\{(port|version)\}/g, (_, name: string) => (name === 'port' ? '0' : spec.version)),
    );
    const host = this.options.host ?? '127.0.0.1';
    const readyTimeoutMs = this.options.readyTimeoutMs ?? 15_000;
    let service: ServiceProcess;
    try {
      service = await startServiceProcess(argv[0]!, argv.slice(1), {
        env: { ...(this.options.env ?? process.env), ...spec.env },
        readyTimeoutMs,
        host,
      });
    } catch (err) {
      throw new DriverError(
        `${role} instance ${index} (${spec.version}) did not start: ${(err as Error).message}`,
        'nginx',
        role,
      );
    }
    try {
      await waitHealthy(`${service.url}${this.options.healthPath ?? '/healthz'}`, readyTimeoutMs);
    } catch (err) {
      await service.stop(1_000);
      throw new DriverError(
        `${role} instance ${index} (${spec.version}) never became healthy: ${(err as Error).message}`,
        'nginx',
        role,
      );
    }
    const address = host.includes(':') ? `[${host}]:${service.port}` : `${host}:${service.port}`;
    return {
      address,
      async stop() {
        await service.stop();
      },
    };
  }
}

async function waitHealthy(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await response.arrayBuffer();
      if (response.ok) return;
      last = `HTTP ${response.status}`;
    } catch (err) {
      last = (err as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} did not answer 2xx within ${timeoutMs} ms (last: ${last})`);
}
