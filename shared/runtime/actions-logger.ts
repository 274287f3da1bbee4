import * as core from '@actions/core';
import type { Logger } from './logger.js';

/** Logger that speaks the runner's workflow-command protocol through @actions/core. */
export class ActionsLogger implements Logger {
  info(message: string): void {
    core.info(message);
  }
  debug(message: string): void {
    core.debug(message);
  }
  warning(message: string, where?: { file?: string; line?: number; column?: number }): void {
    core.warning(message, where ? { file: where.file, startLine: where.line, startColumn: where.column } : undefined);
  }
  error(message: string, where?: { file?: string; line?: number; column?: number }): void {
    core.error(message, where ? { file: where.file, startLine: where.line, startColumn: where.column } : undefined);
  }
  group<T>(name: string, fn: () => Promise<T>): Promise<T> {
    return core.group(name, fn);
  }
}
