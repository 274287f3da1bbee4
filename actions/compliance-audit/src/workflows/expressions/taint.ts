/**
 * Which attacker-chosen values an expression can produce as its VALUE, i.e. what ends up in the
 * text when the expression is expanded. A use that only inspects untrusted data yields none:
 * `contains(github.event.issue.title, 'x')` is a boolean. Rules per construct:
 *
 * - context path: classified by untrusted-contexts.ts; an object that merely contains untrusted
 *   fields renders as `Object`/`Array` and is only dangerous once serialised (`toJSON`, `join`).
 * - `env.NAME`: whatever the env value (workflow, job or step `env:`) expands to, through the
 *   resolver the caller passes; a shell reading `$NAME` is NOT an expansion and is safe.
 * - `!`, comparisons, `==`/`!=`: booleans. `a && b` yields `b` (or a falsy `a`, which for an
 *   attacker string is the empty string). `a || b` yields either.
 * - `contains`, `startsWith`, `endsWith`, `hashFiles`, `success`, `always`, `failure`,
 *   `cancelled`: booleans or hashes. `format`, `join`, `toJSON` yield their arguments as text;
 *   `fromJSON` of a tainted string is tainted, and so is any property of it. `case(p, v, ..., d)`
 *   yields its values. An unknown function yields all its arguments (conservative).
 */
import type { Expr } from './ast.js';
import { classifyPath } from './untrusted-contexts.js';

export interface TaintSource {
  /** The context path as the expression names it, e.g. `github.event.issue.title`. */
  path: string;
}

/** Looks up what `${{ env.NAME }}` expands to at the place being analysed. */
export type EnvResolver = (name: string) => TaintSource[];

interface Abstract {
  /** Set when the value is exactly a context path (lower-case segments). */
  path?: string[];
  /** Display form of `path`, as written. */
  display?: string;
  /** Untrusted text the value can be. */
  taint: TaintSource[];
  /** Untrusted text held inside an object/array value (revealed by toJSON/join). */
  hidden: TaintSource[];
}

const NONE: Abstract = { taint: [], hidden: [] };
const BOOLEAN_FUNCTIONS = new Set([
  'contains',
  'startswith',
  'endswith',
  'hashfiles',
  'success',
  'always',
  'failure',
  'cancelled',
]);

/** Untrusted values `expr` can expand to; empty when the expansion is safe. */
export function taintOf(expr: Expr, env?: EnvResolver): TaintSource[] {
  return dedupe(materialise(evaluate(expr, env), env).taint);
}

function evaluate(expr: Expr, env: EnvResolver | undefined): Abstract {
  switch (expr.kind) {
    case 'literal':
      return NONE;
    case 'context':
      return { path: [expr.name.toLowerCase()], display: expr.name, taint: [], hidden: [] };
    case 'property':
      return member(evaluate(expr.object, env), expr.name.toLowerCase(), `.${expr.name}`);
    case 'star':
      return member(evaluate(expr.object, env), '*', '.*');
    case 'index': {
      const index = expr.index;
      if (index.kind === 'literal' && typeof index.value === 'string') {
        return member(evaluate(expr.object, env), index.value.toLowerCase(), `['${index.value}']`);
      }
      return member(evaluate(expr.object, env), '*', '[*]');
    }
    case 'not':
      return NONE;
    case 'binary':
      if (expr.operator === '||')
        return union(materialise(evaluate(expr.left, env), env), materialise(evaluate(expr.right, env), env));
      if (expr.operator === '&&') return materialise(evaluate(expr.right, env), env);
      return NONE;
    case 'call':
      return call(
        expr.name.toLowerCase(),
        expr.args.map((arg) => evaluate(arg, env)),
        env,
      );
  }
}

function member(object: Abstract, segment: string, suffix: string): Abstract {
  if (object.path) {
    return { path: [...object.path, segment], display: `${object.display ?? ''}${suffix}`, taint: [], hidden: [] };
  }
  // A member of a computed value (fromJSON(...).x): tainted if the computed value was.
  const all = [...object.taint, ...object.hidden];
  return { taint: all, hidden: [] };
}

/** Turns a context path into what it can hold. */
function materialise(value: Abstract, env?: EnvResolver): Abstract {
  if (!value.path) return value;
  const display = value.display ?? value.path.join('.');
  if (value.path[0] === 'env' && value.path.length === 2 && env) {
    return { taint: env(value.path[1] as string), hidden: [] };
  }
  switch (classifyPath(value.path)) {
    case 'untrusted':
      return { taint: [{ path: display }], hidden: [] };
    case 'contains-untrusted':
      return { taint: [], hidden: [{ path: display }] };
    default:
      return NONE;
  }
}

function call(name: string, args: Abstract[], env: EnvResolver | undefined): Abstract {
  const values = args.map((arg) => materialise(arg, env));
  if (BOOLEAN_FUNCTIONS.has(name)) return NONE;
  switch (name) {
    case 'tojson':
    case 'join':
    case 'fromjson':
      // Serialising reveals what an object holds; fromJSON of attacker text is attacker data.
      return { taint: values.flatMap((v) => [...v.taint, ...v.hidden]), hidden: [] };
    case 'format':
      return { taint: values.flatMap((v) => v.taint), hidden: [] };
    case 'case': {
      const picked = values.filter((_, i) => i % 2 === 1 || i === values.length - 1);
      return picked.reduce(union, NONE);
    }
    default:
      return values.reduce(union, NONE);
  }
}

function union(a: Abstract, b: Abstract): Abstract {
  return { taint: [...a.taint, ...b.taint], hidden: [...a.hidden, ...b.hidden] };
}

function dedupe(sources: TaintSource[]): TaintSource[] {
  const seen = new Set<string>();
  return sources.filter((s) => (seen.has(s.path) ? false : (seen.add(s.path), true)));
}
