import type { Logger } from '../../runtime/logger.js';

export interface CommandContext {
  /** Positionals after the command name. */
  args: string[];
  options: {
    config?: string;
    env?: string;
    results?: string[];
    'fail-under'?: string;
    weights?: string;
    out?: string;
    dir?: string;
    /** elder run quality-gate */
    gate?: string;
    reports?: string[];
    'base-ref'?: string;
    'diff-source'?: string;
    baseline?: string;
    metric?: string[];
    leg?: string;
    merge?: string[];
    'expected-legs'?: string;
    /** elder run deploy */
    candidate?: string;
    stable?: string;
    strategy?: string;
    driver?: string;
    'state-dir'?: string;
    command?: string;
    json?: boolean;
    verbose?: boolean;
    quiet?: boolean;
  };
  logger: Logger;
  stdout: NodeJS.WritableStream;
  cwd: string;
}

export type Command = (context: CommandContext) => Promise<number>;
