/**
 * Starts the example service (examples/service/server.mjs) as a real child process and reads
 * the port from its first stdout line, as the demo and the deploy driver do. Every process
 * started here is remembered so a test file can kill leftovers even after a failed test.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const EXAMPLE_SERVICE_DIR = fileURLToPath(new URL('../../../examples/service/', import.meta.url));
const SERVER = `${EXAMPLE_SERVICE_DIR}server.mjs`;
const STARTUP_TIMEOUT_MS = 10_000;

export interface RunningService {
  readonly child: ChildProcess;
  readonly port: number;
  readonly url: string;
  /** stdout lines after the listening line, as they arrive. */
  readonly events: string[];
  /** Sends the signal and resolves with the exit code (null if killed by a signal). */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

const running = new Set<ChildProcess>();

export async function startExampleService(
  args: readonly string[] = [],
  env: Readonly<Record<string, string>> = {},
): Promise<RunningService> {
  const child = spawn(process.execPath, [SERVER, '--port', '0', ...args], {
    // Start from a clean slate: the parent's FAULT_* or PORT must not leak into the service.
    env: { PATH: process.env['PATH'] ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  const exited = once(child, 'exit').then(([code]) => {
    running.delete(child);
    return code as number | null;
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));

  const events: string[] = [];
  const lines = createInterface({ input: child.stdout! });
  const firstLine = new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    void exited.then((code) => reject(new Error(`example service exited (${code}) before listening: ${stderr}`)));
    setTimeout(
      () => reject(new Error(`example service did not report a port within ${STARTUP_TIMEOUT_MS} ms`)),
      STARTUP_TIMEOUT_MS,
    ).unref();
  });
  let listening: { event?: string; port?: number };
  try {
    listening = JSON.parse(await firstLine) as typeof listening;
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  if (listening.event !== 'listening' || typeof listening.port !== 'number') {
    child.kill('SIGKILL');
    throw new Error(`unexpected first line from the example service: ${JSON.stringify(listening)}`);
  }
  lines.on('line', (line) => events.push(line));
  const port = listening.port;
  return {
    child,
    port,
    url: `http://127.0.0.1:${port}`,
    events,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Kills whatever a test left running; for afterEach/afterAll. */
export async function killLeftoverServices(): Promise<void> {
  const alive = [...running].filter((child) => child.exitCode === null && child.signalCode === null);
  const waits = alive.map((child) => {
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    return exited;
  });
  await Promise.all(waits);
}

/** Waits until the service has begun handling `count` requests to / (its fault switch counts
 * them), so a test that acts "during a request" does not race the request's arrival. */
export async function waitForRequests(service: RunningService, count: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const state = (await (await fetch(`${service.url}/admin/fault`)).json()) as { requests: number };
    if (state.requests >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`the example service did not receive ${count} request(s) within ${timeoutMs} ms`);
}
