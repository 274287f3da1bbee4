import { UserError } from '../../../../shared/runtime/errors.js';

/**
 * PromQL with `{{name}}` variables. Label values (`version`, `role`) can only be placed inside a
 * quoted string literal, and are escaped for the kind of literal they sit in: `"..."` and `'...'`
 * get backslash escapes, a regex matcher (`=~` / `!~`) also gets regex metacharacters escaped,
 * and backtick strings (which cannot escape anything) are refused. So no value, however odd,
 * can end the string and add PromQL of its own. Durations (`window`, `range`) are numbers we
 * format ourselves and may appear anywhere, e.g. `rate(x[{{window}}])`.
 */
export const LABEL_VARIABLES = ['version', 'role'] as const;
export const DURATION_VARIABLES = ['window', 'range'] as const;
type LabelVariable = (typeof LABEL_VARIABLES)[number];
type DurationVariable = (typeof DURATION_VARIABLES)[number];
export type TemplateValues = Record<LabelVariable, string> & Record<DurationVariable, number>;

type Part =
  | { kind: 'text'; text: string }
  | { kind: 'label'; name: LabelVariable; quote: '"' | "'"; regex: boolean }
  | { kind: 'duration'; name: DurationVariable };

export class PromqlTemplate {
  private constructor(
    readonly source: string,
    private readonly parts: readonly Part[],
  ) {}

  /** Parses once; `where` names the setting in errors (e.g. `deploy.prometheus.queries.latency`). */
  static parse(source: string, where: string): PromqlTemplate {
    const parts: Part[] = [];
    let text = '';
    let quote: '"' | "'" | '`' | undefined;
    let quoteStart = 0;
    let comment = false;
    for (let i = 0; i < source.length; i++) {
      const ch = source[i]!;
      if (source.startsWith('{{', i) && !comment) {
        const end = source.indexOf('}}', i + 2);
        const name = end < 0 ? '' : source.slice(i + 2, end).trim();
        if ((LABEL_VARIABLES as readonly string[]).includes(name)) {
          if (quote === undefined) {
            throw new UserError(`{{${name}}} must sit inside a quoted label value, e.g. ${name}="{{${name}}}"`, where);
          }
          if (quote === '`')
            throw new UserError(`{{${name}}} cannot be used in a backtick string (no escaping)`, where);
          parts.push(
            { kind: 'text', text },
            { kind: 'label', name: name as LabelVariable, quote, regex: isRegexMatcher(source, quoteStart) },
          );
        } else if ((DURATION_VARIABLES as readonly string[]).includes(name)) {
          parts.push({ kind: 'text', text }, { kind: 'duration', name: name as DurationVariable });
        } else {
          const known = [...LABEL_VARIABLES, ...DURATION_VARIABLES].map((n) => `{{${n}}}`).join(', ');
          throw new UserError(
            `unknown variable ${source.slice(i, end < 0 ? i + 20 : end + 2)} (known: ${known})`,
            where,
          );
        }
        text = '';
        i = end + 1;
        continue;
      }
      text += ch;
      if (comment) {
        if (ch === '\n') comment = false;
      } else if (quote === undefined) {
        if (ch === '"' || ch === "'" || ch === '`') {
          quote = ch;
          quoteStart = i;
        } else if (ch === '#') comment = true;
      } else if (ch === '\\' && quote !== '`') {
        text += source[++i] ?? '';
      } else if (ch === quote) {
        quote = undefined;
      }
    }
    if (quote !== undefined) throw new UserError(`unterminated ${quote} string`, where);
    parts.push({ kind: 'text', text });
    return new PromqlTemplate(
      source,
      parts.filter((p) => p.kind !== 'text' || p.text !== ''),
    );
  }

  render(values: TemplateValues): string {
    return this.parts
      .map((part) => {
        if (part.kind === 'text') return part.text;
        if (part.kind === 'duration') return formatDuration(values[part.name]);
        const raw = values[part.name];
        return escapeStringContent(part.regex ? escapeRegex(raw) : raw, part.quote);
      })
      .join('');
  }
}

/** True when the string opening at `quoteIndex` is the right side of `=~` or `!~`. */
function isRegexMatcher(source: string, quoteIndex: number): boolean {
  const before = source.slice(0, quoteIndex).trimEnd();
  return before.endsWith('=~') || before.endsWith('!~');
}

/** RE2 metacharacters; Prometheus anchors label regexes itself. */
export function escapeRegex(value: string): string {
  return value.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}

/** Escapes for the inside of a PromQL "..." or '...' literal (Go string escapes). */
export function escapeStringContent(value: string, quote: '"' | "'"): string {
  let out = '';
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === quote) out += `\\${quote}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out;
}

/** Whole seconds, at least 1: `90` -> `90s`. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds <= 0) throw new RangeError(`duration must be positive, got ${seconds}`);
  return `${Math.max(1, Math.round(seconds))}s`;
}
