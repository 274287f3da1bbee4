/**
 * Recursive-descent parser for GitHub Actions expressions. Precedence, loosest first, as GitHub
 * documents it: `||`, `&&`, `== !=`, `< <= > >=`, `!`, then property access `.` / index `[]`,
 * then grouping `()`. Binary operators associate to the left. A call is a name followed by `(`
 * (there are no methods); any other name is a context (`github`, `env`, `matrix`, ...).
 * Keywords `true`, `false`, `null`, `NaN`, `Infinity` are literals.
 */
import { ExpressionError } from './ast.js';
import type { BinaryOperator, Expr } from './ast.js';
import { lexExpression } from './lexer.js';
import type { Token, TokenKind } from './lexer.js';

/** Deep enough for any real expression, shallow enough to keep hostile input off the stack limit. */
export const MAX_EXPRESSION_DEPTH = 100;

export interface ParsedExpression {
  ast: Expr;
  /** Offset after the expression (after `}}` in template mode). */
  end: number;
}

/** Parses a whole expression (no `${{ }}`), e.g. an `if:` condition. */
export function parseExpression(text: string): Expr {
  const { tokens } = lexExpression(text, 0, false);
  return new Parser(tokens).parseAll();
}

/** Parses the expression starting at `from` (just after `${{`) up to its closing `}}`. */
export function parseTemplateExpression(text: string, from: number): ParsedExpression {
  const { tokens, end } = lexExpression(text, from, true);
  return { ast: new Parser(tokens).parseAll(), end };
}

const COMPARISON: readonly TokenKind[] = ['<', '<=', '>', '>='];
const EQUALITY: readonly TokenKind[] = ['==', '!='];

class Parser {
  private position = 0;
  private depth = 0;

  constructor(private readonly tokens: Token[]) {}

  parseAll(): Expr {
    const first = this.peek();
    if (first.kind === 'end') throw new ExpressionError('empty expression', first.start);
    const expr = this.or();
    const rest = this.peek();
    if (rest.kind !== 'end') throw new ExpressionError(`unexpected ${describe(rest)}`, rest.start);
    return expr;
  }

  private peek(): Token {
    return this.tokens[this.position] ?? (this.tokens[this.tokens.length - 1] as Token);
  }

  private take(): Token {
    const token = this.peek();
    if (token.kind !== 'end') this.position++;
    return token;
  }

  private expect(kind: TokenKind): Token {
    const token = this.peek();
    if (token.kind !== kind) throw new ExpressionError(`expected '${kind}' but found ${describe(token)}`, token.start);
    return this.take();
  }

  private enter(at: number): void {
    if (++this.depth > MAX_EXPRESSION_DEPTH) {
      throw new ExpressionError(`expression nests more than ${MAX_EXPRESSION_DEPTH} levels deep`, at);
    }
  }

  private or(): Expr {
    return this.binaryLevel(['||'], () => this.and());
  }

  private and(): Expr {
    return this.binaryLevel(['&&'], () => this.equality());
  }

  private equality(): Expr {
    return this.binaryLevel(EQUALITY, () => this.comparison());
  }

  private comparison(): Expr {
    return this.binaryLevel(COMPARISON, () => this.unary());
  }

  private binaryLevel(operators: readonly TokenKind[], operand: () => Expr): Expr {
    let left = operand();
    while (operators.includes(this.peek().kind)) {
      const op = this.take();
      const right = operand();
      left = { kind: 'binary', operator: op.kind as BinaryOperator, left, right, start: left.start };
    }
    return left;
  }

  private unary(): Expr {
    const token = this.peek();
    if (token.kind === '!') {
      this.take();
      this.enter(token.start);
      const operand = this.unary();
      this.depth--;
      return { kind: 'not', operand, start: token.start };
    }
    return this.postfix();
  }

  private postfix(): Expr {
    let expr = this.primary();
    for (;;) {
      const token = this.peek();
      if (token.kind === '.') {
        this.take();
        const name = this.take();
        if (name.kind === '*') expr = { kind: 'star', object: expr, start: expr.start };
        else if (name.kind === 'identifier') {
          expr = { kind: 'property', object: expr, name: name.value as string, start: expr.start };
        } else throw new ExpressionError(`expected a property name after '.' but found ${describe(name)}`, name.start);
      } else if (token.kind === '[') {
        this.take();
        if (this.peek().kind === '*') {
          this.take();
          this.expect(']');
          expr = { kind: 'star', object: expr, start: expr.start };
        } else {
          this.enter(token.start);
          const index = this.or();
          this.depth--;
          this.expect(']');
          expr = { kind: 'index', object: expr, index, start: expr.start };
        }
      } else return expr;
    }
  }

  private primary(): Expr {
    const token = this.take();
    switch (token.kind) {
      case 'number':
      case 'string':
        return { kind: 'literal', value: token.value as string | number, start: token.start };
      case '(': {
        this.enter(token.start);
        const inner = this.or();
        this.depth--;
        this.expect(')');
        return inner;
      }
      case 'identifier': {
        const name = token.value as string;
        if (this.peek().kind === '(') return this.call(name, token.start);
        switch (name) {
          case 'true':
            return { kind: 'literal', value: true, start: token.start };
          case 'false':
            return { kind: 'literal', value: false, start: token.start };
          case 'null':
            return { kind: 'literal', value: null, start: token.start };
          case 'NaN':
            return { kind: 'literal', value: NaN, start: token.start };
          case 'Infinity':
            return { kind: 'literal', value: Infinity, start: token.start };
          default:
            return { kind: 'context', name, start: token.start };
        }
      }
      default:
        throw new ExpressionError(`unexpected ${describe(token)}`, token.start);
    }
  }

  private call(name: string, start: number): Expr {
    const open = this.expect('(');
    this.enter(open.start);
    const args: Expr[] = [];
    if (this.peek().kind !== ')') {
      for (;;) {
        args.push(this.or());
        if (this.peek().kind !== ',') break;
        this.take();
      }
    }
    this.expect(')');
    this.depth--;
    return { kind: 'call', name, args, start };
  }
}

function describe(token: Token): string {
  if (token.kind === 'end') return 'the end of the expression';
  if (token.kind === 'identifier') return `'${String(token.value)}'`;
  if (token.kind === 'string') return 'a string';
  if (token.kind === 'number') return `number ${String(token.value)}`;
  return `'${token.kind}'`;
}
