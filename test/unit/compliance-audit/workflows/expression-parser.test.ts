import { describe, expect, it } from 'vitest';
import { ExpressionError } from '../../../../actions/compliance-audit/src/workflows/expressions/ast.js';
import type { Expr } from '../../../../actions/compliance-audit/src/workflows/expressions/ast.js';
import { parseExpression } from '../../../../actions/compliance-audit/src/workflows/expressions/parser.js';
import { scanTemplates } from '../../../../actions/compliance-audit/src/workflows/expressions/template.js';

/** Compact, fully parenthesised rendering of an AST, to assert structure and precedence. */
function show(e: Expr): string {
  switch (e.kind) {
    case 'literal':
      return typeof e.value === 'string' ? `'${e.value}'` : String(e.value);
    case 'context':
      return e.name;
    case 'property':
      return `${show(e.object)}.${e.name}`;
    case 'star':
      return `${show(e.object)}.*`;
    case 'index':
      return `${show(e.object)}[${show(e.index)}]`;
    case 'call':
      return `${e.name}(${e.args.map(show).join(', ')})`;
    case 'not':
      return `(!${show(e.operand)})`;
    case 'binary':
      return `(${show(e.left)} ${e.operator} ${show(e.right)})`;
  }
}

function errorAt(text: string): { message: string; offset: number } {
  try {
    parseExpression(text);
  } catch (err) {
    if (err instanceof ExpressionError) return { message: err.message, offset: err.offset };
    throw err;
  }
  throw new Error(`expected ${text} to fail`);
}

describe('expression parser', () => {
  it('applies GitHub precedence: || < && < == != < comparisons < ! < property access', () => {
    expect(show(parseExpression('a || b && c == d < e'))).toBe('(a || (b && (c == (d < e))))');
    expect(show(parseExpression('!a.b == c'))).toBe('((!a.b) == c)');
    expect(show(parseExpression('(a || b) && c'))).toBe('((a || b) && c)');
    expect(show(parseExpression('a != b != c'))).toBe('((a != b) != c)');
    expect(show(parseExpression('a <= b >= c'))).toBe('((a <= b) >= c)');
    expect(show(parseExpression('!!a'))).toBe('(!(!a))');
  });

  it('parses literals: null, booleans, numbers in every form, strings with doubled quotes', () => {
    expect(show(parseExpression("'it''s'"))).toBe("'it's'");
    expect(show(parseExpression("''"))).toBe("''");
    expect(show(parseExpression('null'))).toBe('null');
    expect(show(parseExpression('true && false'))).toBe('(true && false)');
    expect(show(parseExpression('-2.99e-2'))).toBe('-0.0299');
    expect(show(parseExpression('0xff'))).toBe('255');
    expect(show(parseExpression('.5'))).toBe('0.5');
    expect(show(parseExpression('NaN'))).toBe('NaN');
    expect(show(parseExpression('Infinity'))).toBe('Infinity');
  });

  it('parses every property dereference form', () => {
    expect(show(parseExpression('github.event.issue.title'))).toBe('github.event.issue.title');
    expect(show(parseExpression("github['event']['issue'].title"))).toBe("github['event']['issue'].title");
    expect(show(parseExpression('github.event.commits.*.message'))).toBe('github.event.commits.*.message');
    expect(show(parseExpression('a[*].b'))).toBe('a.*.b');
    expect(show(parseExpression('steps.my-step.outputs.out_1'))).toBe('steps.my-step.outputs.out_1');
    expect(show(parseExpression('fromJSON(x).a[0]'))).toBe('fromJSON(x).a[0]');
  });

  it('parses function calls with zero or many arguments', () => {
    expect(show(parseExpression('success()'))).toBe('success()');
    expect(show(parseExpression("format('{0}-{1}', a.b, 'c')"))).toBe("format('{0}-{1}', a.b, 'c')");
    expect(show(parseExpression("contains(fromJSON('[1,2]'), 1) || startsWith(a, 'b')"))).toBe(
      "(contains(fromJSON('[1,2]'), 1) || startsWith(a, 'b'))",
    );
  });

  it('reports errors with the offset of the problem', () => {
    expect(errorAt("a == 'open")).toEqual({ message: 'unterminated string literal', offset: 5 });
    expect(errorAt('a ==')).toMatchObject({ offset: 4 });
    expect(errorAt('a = b')).toEqual({ message: "unexpected character '='", offset: 2 });
    expect(errorAt('a b')).toMatchObject({ message: "unexpected 'b'", offset: 2 });
    expect(errorAt('f(a,')).toMatchObject({ offset: 4 });
    expect(errorAt('a.')).toMatchObject({ offset: 2 });
    expect(errorAt('')).toMatchObject({ message: 'empty expression', offset: 0 });
    expect(errorAt('0xZZ')).toMatchObject({ message: "invalid number '0xZZ'", offset: 0 });
  });

  it('refuses absurd nesting instead of overflowing the stack', () => {
    expect(errorAt(`${'('.repeat(5000)}a${')'.repeat(5000)}`).message).toMatch(/nests more than/);
    expect(errorAt(`${'!'.repeat(5000)}a`).message).toMatch(/nests more than/);
  });
});

describe('template scanning', () => {
  it('finds every ${{ }} and keeps }} inside string literals', () => {
    const value = "echo ${{ a }} and ${{ format('}}{0}', b) }} end";
    const parts = scanTemplates(value);
    expect(parts.map((p) => value.slice(p.start, p.end))).toEqual(['${{ a }}', "${{ format('}}{0}', b) }}"]);
    expect(parts.map((p) => p.ordinal)).toEqual([0, 1]);
    expect(parts[1]?.ast && show(parts[1].ast)).toBe("format('}}{0}', b)");
  });

  it('counts ${{ inside a string literal when numbering occurrences', () => {
    const value = "${{ format('${{') }} ${{ c }}";
    const parts = scanTemplates(value);
    expect(parts.map((p) => p.ordinal)).toEqual([0, 2]);
  });

  it('reports a malformed template and carries on with the next', () => {
    const parts = scanTemplates('${{ a == }} ${{ b }} ${{ c');
    expect(parts[0]?.error?.message).toMatch(/unexpected/);
    expect(parts[1]?.ast && show(parts[1].ast)).toBe('b');
    expect(parts[2]?.error?.message).toMatch(/unclosed expression/);
  });

  it('ignores text without templates and lone braces', () => {
    expect(scanTemplates('echo ${HOME} {{ x }} $ {{')).toEqual([]);
  });
});
