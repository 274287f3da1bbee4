import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { startServiceProcess } from '../../../../../shared/runtime/service-process.js';
import type { Role, VersionSpec } from '../../model/roles.js';
import { DriverError } from '../traffic-driver.js';
import { findFreePort } from './free-port.js';

export interface LaunchOptions {
  role: Role;
  spec: VersionSpec;
  /** 1-based, for messages ("instance 2"). */
  index: number;
  host: string;
  healthPath: string;
  readyTimeoutMs: number;
  cwd?: string;
  baseEnv: NodeJS.ProcessEnv;
  /** Told about the child as soon as it exists, so an exit hook can kill it even mid-start. */
  onSpawn?: (child: ChildProcess) => void;
}

/** One running instance of a version, started and health-checked. */
export interface InstanceProcess {
  readonly child: ChildProcess;
  readonly host: string;
  readonly port: number;
  readonly version: string;
  readonly exited: Promise<number | null>;
  alive(): boolean;
  /** Last stderr lines, for error messages. */
  stderrTail(): string;
  /** SIGTERM, then SIGKILL after graceMs; resolves when the process is gone. */
  stop(graceMs: number): Promise<void>;
}

const TAIL_LINES = 10;
const TAIL_BYTES = 8_192;

/**
 * Starts one instance from `spec.command`. When an argument holds `{port}`, a free port is chosen
 * and substituted; otherwise the process must announce `{"event":"listening","port":N}` on stdout
 * (startServiceProcess). Either way it is ready only once GET healthPath answers 2xx. A crash or a
 * timeout throws DriverError with the exit code and the last stderr lines, and kills the process.
 */
export async function launchInstance(options: LaunchOptions): Promise<InstanceProcess> {
  const { role, spec } = options;
  const command = spec.command;
  if (!command || command.length === 0 || command[0] === '') {
    throw new DriverError(
      `${role} ${spec.version}: the local driver needs a command (argv) to start it`,
      'local',
      role,
    );
  }
  const label = `${role} ${spec.version} instance ${options.index} (${command.join(' ')})`;
  const deadline = Date.now() + options.readyTimeoutMs;
  const env = { ...options.baseEnv, ...spec.env };
  const usesPort = command.some((arg) => arg.includes('{port}'));
  const port = usesPort ? await findFreePort(options.host) : 0;
  const argv = command.map((arg) => arg.replaceAll('{port}', String(port)).replaceAll('{version}', spec.version));
  const [file, ...args] = argv as [string, ...string[]];

  let child: ChildProcess;
  let boundPort = port;
  if (usesPort) {
    child = spawn(file, args, { cwd: options.cwd, env, shell: false, stdio: ['ignore', 'pipe', 'pipe'] });
    options.onSpawn?.(child);
    // Drain stdout so a chatty service cannot block on a full pipe.
    child.stdout?.resume();
  } else {
    try {
      const service = await startServiceProcess(file, args, {
        env,
        cwd: options.cwd,
        readyTimeoutMs: options.readyTimeoutMs,
      });
      child = service.child;
      boundPort = service.port;
      options.onSpawn?.(child);
    } catch (err) {
      throw new DriverError(`${label} ${describeStartFailure((err as Error).message)}`, 'local', role);
    }
  }

  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-TAIL_BYTES);
  });
  const exited = exitOf(child);
  const instance: InstanceProcess = {
    child,
    host: options.host,
    port: boundPort,
    version: spec.version,
    exited,
    alive: () => child.exitCode === null && child.signalCode === null,
    stderrTail: () => lastLines(stderr),
    async stop(graceMs) {
      if (!instance.alive()) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(killer);
    },
  };

  try {
    await waitUntilHealthy(instance, options.healthPath, deadline, label, role, options.readyTimeoutMs);
  } catch (err) {
    if (instance.alive()) {
      child.kill('SIGKILL');
      await exited;
    }
    throw err;
  }
  return instance;
}

function exitOf(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    // A missing executable emits 'error' and never 'exit' with a code.
    child.once('error', () => resolve(child.exitCode ?? 127));
  });
}

async function waitUntilHealthy(
  instance: InstanceProcess,
  path: string,
  deadline: number,
  label: string,
  role: Role,
  readyTimeoutMs: number,
): Promise<void> {
  let spawnError: Error | undefined;
  instance.child.once('error', (err) => (spawnError = err));
  let lastProblem = 'no answer yet';
  for (;;) {
    if (!instance.alive() || spawnError) {
      // Give the exit event and the last stderr bytes a moment to arrive.
      await Promise.race([instance.exited, delay(200)]);
      await delay(20);
      const how = spawnError
        ? `could not be run: ${spawnError.message}`
        : `exited with ${describeExit(instance.child)} during start`;
      const tail = instance.stderrTail();
      throw new DriverError(`${label} ${how}${tail ? `; last stderr lines:\n${tail}` : ''}`, 'local', role);
    }
    const answer = await probe(
      instance.host,
      instance.port,
      path,
      Math.max(50, Math.min(2_000, deadline - Date.now())),
    );
    if (answer.status !== undefined && answer.status >= 200 && answer.status < 300) return;
    lastProblem =
      answer.status !== undefined ? `GET ${path} answered ${answer.status}` : `GET ${path}: ${answer.error}`;
    if (Date.now() >= deadline) {
      const tail = instance.stderrTail();
      throw new DriverError(
        `${label} was not ready within ${readyTimeoutMs} ms (${lastProblem})${tail ? `; last stderr lines:\n${tail}` : ''}`,
        'local',
        role,
      );
    }
    await Promise.race([instance.exited, delay(100)]);
  }
}

function probe(
  host: string,
  port: number,
  path: string,
  timeoutMs: number,
): Promise<{ status?: number; error?: string }> {
  return new Promise((resolve) => {
    const req = http.get({ host, port, path, agent: false, timeout: timeoutMs }, (res) => {
      res.resume();
      resolve({ status: res.statusCode });
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (err: NodeJS.ErrnoException) => resolve({ error: err.code ?? err.message }));
  });
}

function describeExit(child: ChildProcess): string {
  if (child.signalCode) return `signal ${child.signalCode}`;
  return `code ${child.exitCode ?? 'unknown'}`;
}

/** The first lines (usually the error) and the last ones (usually where it stopped) of stderr. */
function lastLines(text: string): string {
  const lines = text.trimEnd().split('\n');
  if (lines.length <= TAIL_LINES + 2) return lines.join('\n');
  return [...lines.slice(0, 2), '…', ...lines.slice(-TAIL_LINES)].join('\n');
}

/** Rewords startServiceProcess's errors ("<file> exited (N) before it was ready: <stderr>"). */
function describeStartFailure(message: string): string {
  const exited = /^.*? exited \((.*?)\) before it was ready: ?([\s\S]*)$/.exec(message);
  if (exited) {
    const tail = lastLines(exited[2] ?? '');
    return `exited with code ${exited[1]} during start${tail ? `; last stderr lines:\n${tail}` : ''}`;
  }
  return `did not start: ${message}`;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
