/**
 * Parser for the Prometheus text exposition format 0.0.4 (what `/metrics` endpoints serve).
 * The phases scrape services they do not control, so the parser treats its input as hostile:
 * sizes are capped before work is done, every rejection names the line, and label sets are
 * null-prototype objects so a label called `__proto__` is just a label.
 */
import { UserError } from '../runtime/errors.js';

export type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';

/** Label name to value. Null-prototype: safe to index with any name. */
export type Labels = Readonly<Record<string, string>>;

export interface Sample {
  /** The series name as written, e.g. `http_request_duration_seconds_bucket`. */
  readonly name: string;
  /** The family it belongs to, e.g. `http_request_duration_seconds` for the bucket above. */
  readonly family: string;
  readonly labels: Labels;
  /** May be +/-Infinity or NaN, which the format allows. */
  readonly value: number;
  /** Milliseconds since the epoch, when the exposition gave one. */
  readonly timestampMs?: number;
  /** 1-based line number in the input, for error messages further on. */
  readonly line: number;
}

export interface MetricFamily {
  readonly name: string;
  readonly type: MetricType;
  readonly help?: string;
  readonly samples: readonly Sample[];
}

export interface Exposition {
  /** Families in order of first appearance. */
  readonly families: ReadonlyMap<string, MetricFamily>;
  /** Every sample in input order. */
  readonly samples: readonly Sample[];
}

export interface ParseOptions {
  /** Names the input in errors, e.g. the scraped URL; errors read `<source>:<line>: ...`. */
  readonly source?: string;
  /** Largest input accepted, in UTF-8 bytes. */
  readonly maxBytes?: number;
  readonly maxLines?: number;
  readonly maxLineLength?: number;
  readonly maxLabelsPerSample?: number;
}

/** Generous for real services (a large node_exporter is ~1 MiB), small enough to be safe. */
export const DEFAULT_PARSE_LIMITS = Object.freeze({
  maxBytes: 16 * 1024 * 1024,
  maxLines: 1_000_000,
  maxLineLength: 64 * 1024,
  maxLabelsPerSample: 64,
});

const METRIC_TYPES: readonly MetricType[] = ['counter', 'gauge', 'histogram', 'summary', 'untyped'];
const METRIC_NAME = /[a-zA-Z_:][a-zA-Z0-9_:]*/y;
const LABEL_NAME = /[a-zA-Z_][a-zA-Z0-9_]*/y;
const PLAIN_LABEL_TEXT = /[^"\\]+/y;
const WHOLE_METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const DECIMAL_FLOAT = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const INTEGER = /^-?\d+$/;

/** A rejected exposition; `line` is 1-based, 0 when the input as a whole was refused. */
export class PrometheusTextError extends UserError {
  readonly line: number;
  constructor(message: string, line: number, source?: string) {
    const place = source ? `${source}${line > 0 ? `:${line}` : ''}` : line > 0 ? `line ${line}` : undefined;
    super(message, place);
    this.name = 'PrometheusTextError';
    this.line = line;
  }
}

/** Parses a float the way Prometheus does for sample values: decimals, Inf and NaN. */
export function parseSampleValue(token: string): number | undefined {
  if (DECIMAL_FLOAT.test(token)) return Number(token);
  const lower = token.toLowerCase();
  if (lower === 'nan') return NaN;
  const unsigned = lower.replace(/^[+-]/, '');
  if (unsigned === 'inf' || unsigned === 'infinity') return lower.startsWith('-') ? -Infinity : Infinity;
  return undefined;
}

/** Shows a bounded, visible excerpt of a hostile line in an error message. */
function excerpt(text: string): string {
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}...` : text);
}

interface MutableFamily {
  name: string;
  type: MetricType;
  help?: string;
  samples: Sample[];
  /** TYPE may not follow samples of its family. */
  typeDeclared: boolean;
}

class LineParser {
  private pos = 0;
  constructor(
    private readonly text: string,
    private readonly fail: (message: string) => never,
  ) {}

  get done(): boolean {
    return this.pos >= this.text.length;
  }

  skipBlanks(): void {
    while (this.text[this.pos] === ' ' || this.text[this.pos] === '\t') this.pos += 1;
  }

  peek(): string | undefined {
    return this.text[this.pos];
  }

  expect(char: string, what: string): void {
    if (this.text[this.pos] !== char) {
      this.fail(
        `expected ${what} at column ${this.pos + 1}, found ${excerpt(this.text.slice(this.pos, this.pos + 10))}`,
      );
    }
    this.pos += 1;
  }

  match(pattern: RegExp): string | undefined {
    pattern.lastIndex = this.pos;
    const found = pattern.exec(this.text);
    if (!found) return undefined;
    this.pos += found[0].length;
    return found[0];
  }

  /** A token runs to the next blank. */
  token(): string {
    const start = this.pos;
    while (this.pos < this.text.length && this.text[this.pos] !== ' ' && this.text[this.pos] !== '\t') this.pos += 1;
    return this.text.slice(start, this.pos);
  }

  /** A double-quoted label value; only \\, \" and \n are valid escapes, as in Prometheus. */
  quoted(): string {
    this.expect('"', 'a quoted label value');
    let value = '';
    for (;;) {
      // Take runs of ordinary characters at once; most values have no escapes at all.
      value += this.match(PLAIN_LABEL_TEXT) ?? '';
      const char = this.text[this.pos];
      if (char === undefined) this.fail('label value is missing its closing quote');
      this.pos += 1;
      if (char === '"') return value;
      if (char !== '\\') {
        value += char;
        continue;
      }
      const escaped = this.text[this.pos];
      this.pos += 1;
      if (escaped === '\\') value += '\\';
      else if (escaped === '"') value += '"';
      else if (escaped === 'n') value += '\n';
      else this.fail(`invalid escape ${excerpt(`\\${escaped ?? ''}`)} in label value (only \\\\, \\" and \\n)`);
    }
  }

  rest(): string {
    return this.text.slice(this.pos);
  }
}

/** Which family a sample belongs to: its own declared name first, then the histogram and
 * summary suffixes of a declared base family, else an implicit untyped family. */
function familyNameFor(name: string, families: Map<string, MutableFamily>): string {
  if (families.get(name)?.typeDeclared) return name;
  const suffixes: Array<[string, MetricType[]]> = [
    ['_bucket', ['histogram']],
    ['_sum', ['histogram', 'summary']],
    ['_count', ['histogram', 'summary']],
  ];
  for (const [suffix, types] of suffixes) {
    if (!name.endsWith(suffix)) continue;
    const base = families.get(name.slice(0, -suffix.length));
    if (base && types.includes(base.type)) return base.name;
  }
  return name;
}

function familyOf(families: Map<string, MutableFamily>, name: string): MutableFamily {
  let family = families.get(name);
  if (!family) {
    family = { name, type: 'untyped', samples: [], typeDeclared: false };
    families.set(name, family);
  }
  return family;
}

/** HELP text escapes: \\ and \n; any other backslash is kept as written (as Prometheus does). */
function unescapeHelp(text: string): string {
  return text.replace(/\\(\\|n)/g, (_all, c: string) => (c === 'n' ? '\n' : '\\'));
}

function parseComment(text: string, families: Map<string, MutableFamily>, fail: (m: string) => never): void {
  const parser = new LineParser(text, fail);
  parser.expect('#', '#');
  parser.skipBlanks();
  const keyword = parser.token();
  if (keyword !== 'HELP' && keyword !== 'TYPE') return; // an ordinary comment
  parser.skipBlanks();
  const name = parser.token();
  if (!WHOLE_METRIC_NAME.test(name)) fail(`invalid metric name ${excerpt(name)} in # ${keyword}`);
  parser.skipBlanks();
  const family = familyOf(families, name);
  if (keyword === 'HELP') {
    if (family.help !== undefined) fail(`second HELP line for ${name}`);
    family.help = unescapeHelp(parser.rest());
    return;
  }
  const type = parser.token();
  parser.skipBlanks();
  if (!METRIC_TYPES.includes(type as MetricType)) {
    fail(`TYPE for ${name} must be one of ${METRIC_TYPES.join(', ')}, got ${excerpt(type || '(nothing)')}`);
  }
  if (!parser.done) fail(`unexpected text after TYPE ${name} ${type}: ${excerpt(parser.rest())}`);
  if (family.typeDeclared) fail(`second TYPE line for ${name}`);
  if (family.samples.length > 0) fail(`TYPE line for ${name} comes after its samples`);
  family.type = type as MetricType;
  family.typeDeclared = true;
}

function parseSample(
  text: string,
  line: number,
  families: Map<string, MutableFamily>,
  maxLabels: number,
  fail: (m: string) => never,
): Sample {
  const parser = new LineParser(text, fail);
  const name = parser.match(METRIC_NAME);
  if (name === undefined) fail(`expected a metric name, found ${excerpt(text)}`);
  parser.skipBlanks();
  const labels = Object.create(null) as Record<string, string>;
  let labelCount = 0;
  if (parser.peek() === '{') {
    parser.expect('{', '{');
    for (;;) {
      parser.skipBlanks();
      if (parser.peek() === '}') break;
      const labelName = parser.match(LABEL_NAME);
      if (labelName === undefined) fail(`expected a label name in ${name}{...}, found ${excerpt(parser.rest())}`);
      if (Object.hasOwn(labels, labelName)) fail(`label ${labelName} appears twice in ${name}`);
      labelCount += 1;
      if (labelCount > maxLabels) fail(`${name} has more than ${maxLabels} labels`);
      parser.skipBlanks();
      parser.expect('=', `"=" after label ${labelName}`);
      parser.skipBlanks();
      labels[labelName] = parser.quoted();
      parser.skipBlanks();
      if (parser.peek() === ',') {
        parser.expect(',', ',');
        continue;
      }
      if (parser.peek() !== '}') fail(`expected "," or "}" after label ${labelName}, found ${excerpt(parser.rest())}`);
    }
    parser.expect('}', '}');
    parser.skipBlanks();
  }
  const valueToken = parser.token();
  if (valueToken === '') fail(`${name} has no value`);
  const value = parseSampleValue(valueToken);
  if (value === undefined) fail(`${name} has an invalid value ${excerpt(valueToken)}`);
  parser.skipBlanks();
  let timestampMs: number | undefined;
  if (!parser.done) {
    const stamp = parser.token();
    if (!INTEGER.test(stamp)) fail(`${name} has an invalid timestamp ${excerpt(stamp)} (milliseconds expected)`);
    timestampMs = Number(stamp);
    if (!Number.isSafeInteger(timestampMs)) fail(`${name} has a timestamp out of range`);
    parser.skipBlanks();
    if (!parser.done) fail(`unexpected text after the timestamp of ${name}: ${excerpt(parser.rest())}`);
  }

  const family = familyOf(families, familyNameFor(name, families));
  if (family.type === 'histogram' && name === `${family.name}_bucket`) {
    const le = labels['le'];
    if (le === undefined || parseSampleValue(le) === undefined)
      fail(`histogram bucket ${name} needs a numeric "le" label`);
  }
  if (family.type === 'summary' && name === family.name) {
    const q = labels['quantile'];
    if (q === undefined || parseSampleValue(q) === undefined) fail(`summary ${name} needs a numeric "quantile" label`);
  }
  const sample: Sample = {
    name,
    family: family.name,
    labels: Object.freeze(labels),
    value,
    line,
    ...(timestampMs === undefined ? {} : { timestampMs }),
  };
  family.samples.push(sample);
  return sample;
}

export function parsePrometheusText(text: string, options: ParseOptions = {}): Exposition {
  const limits = { ...DEFAULT_PARSE_LIMITS, ...options };
  const { source } = options;
  // Cheap check first: no string is shorter in bytes than in UTF-16 units.
  if (text.length > limits.maxBytes || Buffer.byteLength(text, 'utf8') > limits.maxBytes) {
    throw new PrometheusTextError(`exposition is larger than ${limits.maxBytes} bytes`, 0, source);
  }
  const families = new Map<string, MutableFamily>();
  const samples: Sample[] = [];
  let start = 0;
  let line = 0;
  while (start <= text.length) {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline;
    line += 1;
    // A final newline ends the last line; it does not start an empty one.
    if (newline === -1 && start === text.length && line > 1) break;
    if (line > limits.maxLines) throw new PrometheusTextError(`more than ${limits.maxLines} lines`, line, source);
    if (end - start > limits.maxLineLength) {
      throw new PrometheusTextError(`line is longer than ${limits.maxLineLength} characters`, line, source);
    }
    const raw = text.slice(start, end).replace(/\r$/, '');
    start = end + 1;
    const fail = (message: string): never => {
      throw new PrometheusTextError(message, line, source);
    };
    const content = raw.replace(/^[ \t]+|[ \t]+$/g, '');
    if (content === '') continue;
    if (content.startsWith('#')) parseComment(content, families, fail);
    else samples.push(parseSample(content, line, families, limits.maxLabelsPerSample, fail));
  }
  const frozen = new Map<string, MetricFamily>();
  for (const family of families.values()) {
    frozen.set(family.name, {
      name: family.name,
      type: family.type,
      samples: family.samples,
      ...(family.help === undefined ? {} : { help: family.help }),
    });
  }
  return { families: frozen, samples };
}
