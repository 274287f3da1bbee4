/**
 * The syntax tree of one GitHub Actions expression (the text between `${{` and `}}`).
 * Offsets are 0-based positions in the text handed to the lexer, so a caller that knows where
 * that text sits in a file can turn them into file:line:column.
 */
export type Expr = LiteralExpr | ContextExpr | PropertyExpr | IndexExpr | StarExpr | CallExpr | NotExpr | BinaryExpr;

export type LiteralValue = string | number | boolean | null;

export interface LiteralExpr {
  kind: 'literal';
  value: LiteralValue;
  start: number;
}

/** A bare name such as `github`, `env`, `matrix`: the root of a context path. */
export interface ContextExpr {
  kind: 'context';
  name: string;
  start: number;
}

/** `object.name` */
export interface PropertyExpr {
  kind: 'property';
  object: Expr;
  name: string;
  start: number;
}

/** `object[index]` */
export interface IndexExpr {
  kind: 'index';
  object: Expr;
  index: Expr;
  start: number;
}

/** `object.*` or `object[*]`: the object filter, an array of every member's value. */
export interface StarExpr {
  kind: 'star';
  object: Expr;
  start: number;
}

export interface CallExpr {
  kind: 'call';
  /** As written; GitHub matches function names case-insensitively. */
  name: string;
  args: Expr[];
  start: number;
}

export interface NotExpr {
  kind: 'not';
  operand: Expr;
  start: number;
}

export const BINARY_OPERATORS = ['||', '&&', '==', '!=', '<', '<=', '>', '>='] as const;
export type BinaryOperator = (typeof BINARY_OPERATORS)[number];

export interface BinaryExpr {
  kind: 'binary';
  operator: BinaryOperator;
  left: Expr;
  right: Expr;
  start: number;
}

/** A syntax error at `offset` (0-based, in the lexed text). */
export class ExpressionError extends Error {
  readonly offset: number;
  constructor(message: string, offset: number) {
    super(message);
    this.name = 'ExpressionError';
    this.offset = offset;
  }
}
