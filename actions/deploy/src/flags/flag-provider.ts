/**
 * Where a feature flag's rollout percentage is set: a flagd JSON file rewritten atomically (flagd
 * watches it and reloads), or a user command for any other flag service.
 */
import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../../../../shared/runtime/atomic-file.js';
import { execFileSafe } from '../../../../shared/runtime/exec.js';
import { parseFlagdFile, withRollout } from './flagd-file.js';

export interface FlagProvider {
  readonly name: 'file' | 'command';
  /** Serve the feature to `percentage` % of users; 0 is the kill switch. */
  setRollout(flag: string, percentage: number): Promise<void>;
}

export class FlagdFileProvider implements FlagProvider {
  readonly name = 'file';
  constructor(readonly path: string) {}

  async setRollout(flag: string, percentage: number): Promise<void> {
    const document = parseFlagdFile(await readFile(this.path, 'utf8'), this.path);
    const next = `${JSON.stringify(withRollout(document, flag, percentage), null, 2)}\n`;
    // Validate what we write before it replaces the file flagd is watching.
    parseFlagdFile(next, this.path);
    await writeFileAtomic(this.path, next);
  }
}

/** argv with {flag}, {percentage} and {state} replaced; never run through a shell. */
export class CommandFlagProvider implements FlagProvider {
  readonly name = 'command';
  constructor(
    readonly argv: readonly string[],
    readonly timeoutMs = 60_000,
  ) {
    if (argv.length === 0) throw new Error('feature_flags.command must name a program');
  }

  async setRollout(flag: string, percentage: number): Promise<void> {
    const values: Record<string, string> = {
      flag,
      percentage: String(percentage),
      state: percentage > 0 ? 'ENABLED' : 'DISABLED',
    };
    const [file, ...args] = this.argv.map((arg) =>
      arg.replace(/\{(flag|percentage|state)\}/g, (_, k: string) => values[k] ?? ''),
    );
    const result = await execFileSafe(file as string, args, { timeoutMs: this.timeoutMs });
    if (result.exitCode !== 0) {
      const why = result.timedOut ? 'timed out' : `exited ${result.exitCode ?? result.signal}`;
      throw new Error(`flag command ${file} ${why}: ${result.stderr.trim().slice(0, 500)}`);
    }
  }
}
