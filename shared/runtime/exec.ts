import { spawn } from 'node:child_process';

/**
 * Runs a program with an argument array and never through a shell, so nothing that came from a
 * PR title, branch name or report can become a command. Output is capped so a chatty tool cannot
 * exhaust memory; a timeout kills the whole process.
 */
export interface ExecOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  input?: string;
  /** Bytes kept of stdout and of stderr each (default 8 MiB); the rest is dropped and flagged. */
  maxOutputBytes?: number;
}

export interface ExecResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  truncated: boolean;
  timedOut: boolean;
  durationMs: number;
}

export function execFileSafe(file: string, args: readonly string[], options: ExecOptions = {}): Promise<ExecResult> {
  const max = options.maxOutputBytes ?? 8 * 1024 * 1024;
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(file, [...args], {
      cwd: options.cwd,
      env: options.env ?? process.env,
      shell: false,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let outBytes = 0;
    let errBytes = 0;
    let truncated = false;
    let timedOut = false;
    child.stdout.on('data', (chunk: Buffer) => {
      if (outBytes + chunk.length > max) truncated = true;
      else out.push(chunk);
      outBytes += chunk.length;
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (errBytes + chunk.length > max) truncated = true;
      else err.push(chunk);
      errBytes += chunk.length;
    });
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            child.kill('SIGKILL');
          }, options.timeoutMs);
    child.on('error', (error) => {
      if (timer) clearTimeout(timer);
      reject(error);
    });
    child.on('close', (exitCode, signal) => {
      if (timer) clearTimeout(timer);
      resolve({
        exitCode,
        signal,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        truncated,
        timedOut,
        durationMs: performance.now() - started,
      });
    });
    // A program that exits without reading its stdin (git, most tools) closes the pipe first;
    // the resulting EPIPE is not our failure and must not crash the caller.
    child.stdin.on('error', () => {});
    child.stdin.end(options.input ?? '');
  });
}
