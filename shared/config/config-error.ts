/**
 * One problem in a configuration file, with its place as separate fields so an Action can turn
 * it into an annotation on the right line, and as `where` (`file:line:column`) for people.
 */
import { UserError } from '../runtime/errors.js';
import type { ConfigPath } from './config-path.js';

export class ConfigError extends UserError {
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly column: number;
  /** The bare message, without the `file:line:column: ` prefix that `message` carries. */
  readonly detail: string;
  constructor(detail: string, file: string, line: number, column: number) {
    super(detail, `${file}:${line}:${column}`);
    this.name = 'ConfigError';
    this.file = file;
    this.line = line;
    this.column = column;
    this.detail = detail;
  }
}

/**
 * A problem found by a check, before it has a position. `at` says what to point at: the key
 * (unknown keys, missing children) or the value (wrong types, bad durations). When the path
 * does not exist in the file (a missing key, a default), the position falls back to the deepest
 * key that does.
 */
export interface ConfigProblem {
  path: ConfigPath;
  at: 'key' | 'value';
  message: string;
}
