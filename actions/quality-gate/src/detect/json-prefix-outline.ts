/**
 * The shape of a JSON document from its first bytes only. Detection reads 64 KiB of files that
 * may be hundreds of megabytes, so JSON.parse is not an option; a regular expression would be
 * fooled by the same words inside strings or nested objects. This scanner tokenises the prefix
 * properly and records which keys occur where (to a few levels deep), then stops cleanly where
 * the prefix is cut.
 *
 * Paths use `[]` for "an element of an array" and the key itself for object members, e.g. the
 * SARIF driver is `runs / [] / tool / driver`.
 */

export type JsonValueKind = 'object' | 'array' | 'string' | 'number' | 'boolean' | 'null';
export type JsonPrimitive = string | number | boolean | null;

export interface JsonOutline {
  root: 'object' | 'array';
  /** Every path seen up to `OUTLINE_DEPTH` levels, with the kind of value found there. */
  paths: { path: string[]; kind: JsonValueKind; value?: JsonPrimitive }[];
  /** True when the prefix held the whole document and it was well formed. */
  complete: boolean;
  /** Set when the prefix is malformed (not merely cut short). */
  syntaxError?: string;
}

/** Deep enough for `results/[]/packages/[]` (OSV) and `runs/[]/tool/driver` (SARIF). */
export const OUTLINE_DEPTH = 4;
/** Recursion guard: `[[[[...` 64 KiB deep must not overflow the stack. */
const MAX_NESTING = 512;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const NUMBER_CHAR = /[-+.eE\d]/;
const MAX_PATHS = 20_000;
const KEPT_STRING_CHARS = 512;

const LITERALS: readonly (readonly [string, boolean | null])[] = [
  ['true', true],
  ['false', false],
  ['null', null],
];

class EndOfInput extends Error {}
class JsonSyntaxError extends Error {}

/** Returns undefined when `text` (after leading whitespace) does not start a JSON object or array. */
export function outlineJsonPrefix(text: string): JsonOutline | undefined {
  const scanner = new PrefixScanner(text);
  scanner.skipWhitespace();
  const first = text[scanner.pos];
  if (first !== '{' && first !== '[') return undefined;
  const outline: JsonOutline = { root: first === '{' ? 'object' : 'array', paths: [], complete: false };
  scanner.outline = outline;
  try {
    scanner.value([], 0);
    scanner.skipWhitespace();
    if (scanner.pos < text.length)
      throw new JsonSyntaxError(`unexpected text after the document at offset ${scanner.pos}`);
    outline.complete = true;
  } catch (err) {
    if (err instanceof JsonSyntaxError) outline.syntaxError = err.message;
    else if (!(err instanceof EndOfInput)) throw err;
  }
  return outline;
}

/** Paths matching `pattern`, where `*` matches any one object key. */
export function findPaths(outline: JsonOutline, pattern: readonly string[]): JsonOutline['paths'] {
  return outline.paths.filter(
    (entry) =>
      entry.path.length === pattern.length &&
      pattern.every((segment, index) => segment === '*' || segment === entry.path[index]),
  );
}

export function hasPath(outline: JsonOutline, pattern: readonly string[]): boolean {
  return findPaths(outline, pattern).length > 0;
}

export function valueAt(outline: JsonOutline, path: readonly string[]): JsonPrimitive | undefined {
  return findPaths(outline, path)[0]?.value;
}

/** Paths stop growing one level past what is recorded, so deep nesting costs no copying. */
function childPath(path: string[], segment: string): string[] {
  return path.length > OUTLINE_DEPTH ? path : [...path, segment];
}

class PrefixScanner {
  pos = 0;
  outline!: JsonOutline;

  constructor(private readonly text: string) {}

  skipWhitespace(): void {
    while (this.pos < this.text.length) {
      const c = this.text.charCodeAt(this.pos);
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return;
      this.pos += 1;
    }
  }

  private peek(): string {
    if (this.pos >= this.text.length) throw new EndOfInput();
    return this.text[this.pos] as string;
  }

  private record(path: string[], kind: JsonValueKind, value?: JsonPrimitive): void {
    if (path.length === 0 || path.length > OUTLINE_DEPTH || this.outline.paths.length >= MAX_PATHS) return;
    this.outline.paths.push(value === undefined ? { path, kind } : { path, kind, value });
  }

  value(path: string[], depth: number): void {
    this.skipWhitespace();
    const c = this.peek();
    if (c === '{') return this.object(path, depth);
    if (c === '[') return this.array(path, depth);
    if (c === '"') {
      const text = this.string();
      return this.record(path, 'string', text.slice(0, KEPT_STRING_CHARS));
    }
    if (c === '-' || (c >= '0' && c <= '9')) return this.record(path, 'number', this.number());
    const literal = this.literal();
    if (literal !== undefined) return this.record(path, literal.value === null ? 'null' : 'boolean', literal.value);
    throw new JsonSyntaxError(`unexpected character ${JSON.stringify(c)} at offset ${this.pos}`);
  }

  /** true, false or null; a prefix of one at the very end is a cut, not an error. */
  private literal(): { value: boolean | null } | undefined {
    const rest = this.text.slice(this.pos, this.pos + 5);
    for (const [word, value] of LITERALS) {
      if (rest.startsWith(word)) {
        this.pos += word.length;
        return { value };
      }
      if (this.pos + rest.length === this.text.length && word.startsWith(rest)) throw new EndOfInput();
    }
    return undefined;
  }

  private enter(depth: number): void {
    if (depth >= MAX_NESTING) throw new JsonSyntaxError(`nesting deeper than ${MAX_NESTING} levels`);
  }

  private object(path: string[], depth: number): void {
    this.enter(depth);
    this.record(path, 'object');
    this.pos += 1;
    this.skipWhitespace();
    if (this.peek() === '}') {
      this.pos += 1;
      return;
    }
    for (;;) {
      this.skipWhitespace();
      if (this.peek() !== '"') throw new JsonSyntaxError(`expected a key at offset ${this.pos}`);
      const key = this.string();
      this.skipWhitespace();
      if (this.peek() !== ':') throw new JsonSyntaxError(`expected ':' at offset ${this.pos}`);
      this.pos += 1;
      this.value(childPath(path, key), depth + 1);
      this.skipWhitespace();
      const next = this.peek();
      this.pos += 1;
      if (next === '}') return;
      if (next !== ',') throw new JsonSyntaxError(`expected ',' or '}' at offset ${this.pos - 1}`);
    }
  }

  private array(path: string[], depth: number): void {
    this.enter(depth);
    this.record(path, 'array');
    this.pos += 1;
    this.skipWhitespace();
    if (this.peek() === ']') {
      this.pos += 1;
      return;
    }
    for (;;) {
      this.value(childPath(path, '[]'), depth + 1);
      this.skipWhitespace();
      const next = this.peek();
      this.pos += 1;
      if (next === ']') return;
      if (next !== ',') throw new JsonSyntaxError(`expected ',' or ']' at offset ${this.pos - 1}`);
    }
  }

  private string(): string {
    this.pos += 1; // opening quote
    let out = '';
    let start = this.pos;
    for (;;) {
      const c = this.peek();
      if (c === '"') {
        out += this.text.slice(start, this.pos);
        this.pos += 1;
        return out;
      }
      if (c === '\\') {
        out += this.text.slice(start, this.pos);
        this.pos += 1;
        const escape = this.peek();
        if (escape === 'u') {
          const hex = this.text.slice(this.pos + 1, this.pos + 5);
          if (hex.length < 4) throw new EndOfInput();
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new JsonSyntaxError(`bad \\u escape at offset ${this.pos}`);
          out += String.fromCharCode(parseInt(hex, 16));
          this.pos += 5;
        } else {
          const simple: Record<string, string> = {
            '"': '"',
            '\\': '\\',
            '/': '/',
            b: '\b',
            f: '\f',
            n: '\n',
            r: '\r',
            t: '\t',
          };
          const decoded = simple[escape];
          if (decoded === undefined) throw new JsonSyntaxError(`bad escape at offset ${this.pos}`);
          out += decoded;
          this.pos += 1;
        }
        start = this.pos;
        continue;
      }
      if (c.charCodeAt(0) < 0x20) throw new JsonSyntaxError(`control character in a string at offset ${this.pos}`);
      this.pos += 1;
    }
  }

  private number(): number {
    NUMBER.lastIndex = this.pos;
    const match = NUMBER.exec(this.text);
    const end = match ? this.pos + match[0].length : this.pos;
    if (match && end < this.text.length && !NUMBER_CHAR.test(this.text.charAt(end))) {
      this.pos = end;
      return Number(match[0]);
    }
    // A run of number characters reaching the end of the prefix is a number cut short ("12" of
    // "1234", "2." of "2.5"); one followed by anything else is malformed ("01", "1.", "--1").
    let runEnd = end;
    while (runEnd < this.text.length && NUMBER_CHAR.test(this.text.charAt(runEnd))) runEnd += 1;
    if (runEnd >= this.text.length) throw new EndOfInput();
    throw new JsonSyntaxError(`bad number at offset ${this.pos}`);
  }
}
