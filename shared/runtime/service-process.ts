import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

/**
 * A long-running service started as a child process (argument array, no shell) that announces
 * readiness with one JSON line on stdout: `{"event":"listening","port":N}`. Used by the demo and
 * by drivers that run versions locally. `stop()` sends SIGTERM, waits for a graceful exit, then
 * SIGKILLs; it never leaves an orphan behind.
 */
export interface ServiceProcess {
  readonly child: ChildProcess;
  readonly port: number;
  readonly url: string;
  /** Resolves with the exit code (null when it had to be killed). */
  stop(graceMs?: number): Promise<number | null>;
}

export async function startServiceProcess(
  file: string,
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; readyTimeoutMs?: number; host?: string } = {},
): Promise<ServiceProcess> {
  const readyTimeoutMs = options.readyTimeoutMs ?? 15_000;
  const child = spawn(file, [...args], {
    cwd: options.cwd,
    env: options.env ?? process.env,
    shell: false,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    if (stderr.length < 16_384) stderr += chunk.toString();
  });
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  const lines = createInterface({ input: child.stdout! });
  let timer: NodeJS.Timeout | undefined;
  try {
    const port = await new Promise<number>((resolve, reject) => {
      lines.on('line', (line) => {
        try {
          const event = JSON.parse(line) as { event?: string; port?: unknown };
          if (event.event === 'listening' && typeof event.port === 'number') resolve(event.port);
        } catch {
          // Not every line is an event; keep waiting for the listening line.
        }
      });
      void exited.then((code) => reject(new Error(`${file} exited (${code}) before it was ready: ${stderr.trim()}`)));
      child.on('error', reject);
      timer = setTimeout(() => reject(new Error(`${file} was not ready within ${readyTimeoutMs} ms`)), readyTimeoutMs);
    });
    const host = options.host ?? '127.0.0.1';
    return {
      child,
      port,
      url: `http://${host}:${port}`,
      async stop(graceMs = 5_000) {
        if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
        child.kill('SIGTERM');
        const killer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        const code = await exited;
        clearTimeout(killer);
        return code;
      },
    };
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  } finally {
    if (timer) clearTimeout(timer);
  }
}
