import type { Logger } from './logger.js';

/**
 * Logger for the CLI: human lines on stderr so that stdout stays clean for `--json`.
 * Groups print a heading and indent nothing, which keeps output greppable.
 */
export class ConsoleLogger implements Logger {
  constructor(private readonly options: { verbose?: boolean; quiet?: boolean; stream?: NodeJS.WritableStream } = {}) {}
  private write(line: string): void {
    (this.options.stream ?? process.stderr).write(`${line}\n`);
  }
  info(message: string): void {
    if (!this.options.quiet) this.write(message);
  }
  debug(message: string): void {
    if (this.options.verbose) this.write(`debug: ${message}`);
  }
  warning(message: string, where?: { file?: string; line?: number; column?: number }): void {
    this.write(`warning: ${place(where)}${message}`);
  }
  error(message: string, where?: { file?: string; line?: number; column?: number }): void {
    this.write(`error: ${place(where)}${message}`);
  }
  async group<T>(name: string, fn: () => Promise<T>): Promise<T> {
    if (!this.options.quiet) this.write(`▸ ${name}`);
    return fn();
  }
}

function place(where?: { file?: string; line?: number; column?: number }): string {
  if (!where?.file) return '';
  return `${where.file}${where.line ? `:${where.line}` : ''}${where.column ? `:${where.column}` : ''}: `;
}
