/**
 * The logging port. Engines log through this so the same code prints workflow commands in
 * Actions (`::group::`, `::warning::`) and plain lines in the CLI or tests.
 */
export interface Logger {
  info(message: string): void;
  debug(message: string): void;
  warning(message: string, where?: { file?: string; line?: number; column?: number }): void;
  error(message: string, where?: { file?: string; line?: number; column?: number }): void;
  /** Runs fn inside a collapsible group. */
  group<T>(name: string, fn: () => Promise<T>): Promise<T>;
}

/** Collects lines in memory; for tests and for --json CLI runs that must keep stdout clean. */
export class MemoryLogger implements Logger {
  readonly lines: string[] = [];
  info(message: string): void {
    this.lines.push(`info: ${message}`);
  }
  debug(message: string): void {
    this.lines.push(`debug: ${message}`);
  }
  warning(message: string): void {
    this.lines.push(`warning: ${message}`);
  }
  error(message: string): void {
    this.lines.push(`error: ${message}`);
  }
  async group<T>(name: string, fn: () => Promise<T>): Promise<T> {
    this.lines.push(`group: ${name}`);
    return fn();
  }
}
