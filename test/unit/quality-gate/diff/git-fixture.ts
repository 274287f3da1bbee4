/** A real git repository in a temporary directory, for tests of the git-based change detection. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { ExecOptions, ExecResult } from '../../../../shared/runtime/exec.js';

const run = promisify(execFile);

/**
 * Runs a program like execFileSafe (an argument list, no shell, capped output) without writing
 * to its stdin: execFileSafe ends the stdin of processes that may already have exited, and the
 * resulting EPIPE surfaces as an unhandled error that fails test runs at random.
 */
export function execWithoutStdin(file: string, args: readonly string[], options: ExecOptions): Promise<ExecResult> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    execFile(
      file,
      [...args],
      {
        cwd: options.cwd,
        env: options.env,
        timeout: options.timeoutMs,
        maxBuffer: options.maxOutputBytes ?? 8 * 1024 * 1024,
        encoding: 'utf8',
        shell: false,
      },
      (error, stdout, stderr) => {
        const failure = error as
          (NodeJS.ErrnoException & { code?: string | number; killed?: boolean; signal?: NodeJS.Signals }) | null;
        if (failure !== null && failure.code === 'ENOENT') return reject(failure);
        resolve({
          exitCode: failure === null ? 0 : typeof failure.code === 'number' ? failure.code : null,
          signal: failure?.signal ?? null,
          stdout,
          stderr,
          truncated: failure?.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER',
          timedOut: failure?.killed === true && options.timeoutMs !== undefined,
          durationMs: performance.now() - started,
        });
      },
    );
  });
}

export class GitFixture {
  readonly dir: string;
  /** Isolated from the user's and the machine's git configuration. */
  readonly env: NodeJS.ProcessEnv;

  constructor(prefix = 'elder-git-') {
    this.dir = mkdtempSync(join(tmpdir(), prefix));
    this.env = {
      PATH: process.env['PATH'],
      HOME: this.dir,
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_AUTHOR_NAME: 'Elder Test',
      GIT_AUTHOR_EMAIL: 'elder@example.invalid',
      GIT_COMMITTER_NAME: 'Elder Test',
      GIT_COMMITTER_EMAIL: 'elder@example.invalid',
    };
  }

  /** Set-up commands; the code under test runs git its own way. */
  async git(...args: string[]): Promise<string> {
    const { stdout } = await run('git', ['-c', 'commit.gpgsign=false', ...args], { cwd: this.dir, env: this.env });
    return stdout.trim();
  }

  write(path: string, content: string | Buffer): void {
    const full = join(this.dir, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** `n` numbered lines, each ending in a newline. */
export function lines(n: number, label = 'line'): string {
  return Array.from({ length: n }, (_, i) => `${label} ${i + 1}\n`).join('');
}
