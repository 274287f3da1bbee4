/**
 * Every context path an expression mentions, anywhere (as a value, a function argument or an
 * operand), lower-cased and dot-joined, `*` for the object filter or a computed index. Used where
 * the question is "does this expression depend on X" rather than "can it yield X".
 */
import type { Expr } from './ast.js';

export function contextPaths(expr: Expr): string[] {
  const out: string[] = [];
  collect(expr, out);
  return out;
}

function collect(expr: Expr, out: string[]): string[] | undefined {
  switch (expr.kind) {
    case 'literal':
      return undefined;
    case 'context': {
      const path = [expr.name.toLowerCase()];
      out.push(path.join('.'));
      return path;
    }
    case 'property':
    case 'star':
    case 'index': {
      const base = collect(expr.object, out);
      let segment = '*';
      if (expr.kind === 'property') segment = expr.name.toLowerCase();
      if (expr.kind === 'index') {
        if (expr.index.kind === 'literal' && typeof expr.index.value === 'string')
          segment = expr.index.value.toLowerCase();
        else collect(expr.index, out);
      }
      if (!base) return undefined;
      // Replace the parent's entry: only the longest path of a chain is reported.
      const path = [...base, segment];
      if (out[out.length - 1] === base.join('.')) out.pop();
      out.push(path.join('.'));
      return path;
    }
    case 'not':
      collect(expr.operand, out);
      return undefined;
    case 'binary':
      collect(expr.left, out);
      collect(expr.right, out);
      return undefined;
    case 'call':
      for (const arg of expr.args) collect(arg, out);
      return undefined;
  }
}
