import { UserError } from '../../../../shared/runtime/errors.js';

/**
 * A document that is not well-formed XML, or that the parser refuses (entity declarations, a
 * limit exceeded). A UserError: the fix is in the file, and `where` says which file and where in
 * it (`path:line:column`, columns counted in characters, both 1-based).
 */
export class XmlError extends UserError {
  readonly line: number;
  readonly column: number;
  /** The problem without the location prefix, for messages that add their own context. */
  readonly reason: string;
  constructor(reason: string, source: string, line: number, column: number) {
    super(reason, `${source}:${line}:${column}`);
    this.name = 'XmlError';
    this.reason = reason;
    this.line = line;
    this.column = column;
  }
}
