/**
 * Reads a configuration file's YAML safely and remembers where every node came from, so any
 * problem found later, by the schema or by a policy, can name file:line:column.
 *
 * Safety, because elder.yml arrives in pull requests and may be hostile or merely broken:
 * - size is capped (MAX_CONFIG_BYTES) before anything is parsed;
 * - nesting is capped (see nesting-guard.ts) because the parser recurses;
 * - aliases are capped (MAX_ALIAS_COUNT) so a "billion laughs" document cannot expand into
 *   gigabytes when converted to plain data;
 * - duplicate keys are errors, not "last one wins";
 * - only the YAML 1.2 core schema is understood: custom tags (`!foo`) and the YAML 1.1 extras
 *   (`!!binary`, `!!timestamp`, merge keys) are refused, so a value is always what it looks like.
 */
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, visit } from 'yaml';
import type { Document, Node, YAMLError } from 'yaml';
import { UserError, UserErrors } from '../runtime/errors.js';
import { ConfigError, type ConfigProblem } from './config-error.js';
import type { ConfigPath } from './config-path.js';
import { MAX_NESTING_DEPTH, measureNesting } from './nesting-guard.js';

/** 1 MiB: a configuration with every phase for a dozen environments is a few kilobytes. */
export const MAX_CONFIG_BYTES = 1024 * 1024;
/** The yaml package's own default, stated here so it cannot change under us. */
export const MAX_ALIAS_COUNT = 100;

export interface Position {
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
}

export class YamlSource {
  readonly file: string;
  readonly text: string;
  /** Plain data (what the schema validates). */
  readonly data: unknown;
  /** Problems the YAML layer tolerates but users should hear about (e.g. a complex key). */
  readonly warnings: string[];
  private readonly document: Document.Parsed;
  private readonly lineCounter: LineCounter;

  private constructor(
    file: string,
    text: string,
    document: Document.Parsed,
    lineCounter: LineCounter,
    data: unknown,
    warnings: string[],
  ) {
    this.file = file;
    this.text = text;
    this.document = document;
    this.lineCounter = lineCounter;
    this.data = data;
    this.warnings = warnings;
  }

  /** Parses `text`; throws UserErrors listing every syntax problem, each with its position. */
  static parse(text: string, file: string): YamlSource {
    const bytes = Buffer.byteLength(text, 'utf8');
    if (bytes > MAX_CONFIG_BYTES) {
      throw new UserError(tooLargeMessage(bytes), file);
    }
    const nesting = measureNesting(text);
    if (nesting.exceededAt !== undefined) {
      const { line, column } = positionInText(text, nesting.exceededAt);
      throw new UserErrors(
        [
          new ConfigError(
            `the YAML nests more than ${MAX_NESTING_DEPTH} levels deep; a configuration never needs that many`,
            file,
            line,
            column,
          ),
        ],
        headingFor(file, 1),
      );
    }

    const lineCounter = new LineCounter();
    const document = parseDocument(text, {
      lineCounter,
      prettyErrors: true,
      uniqueKeys: true,
      strict: true,
      version: '1.2',
      schema: 'core',
      customTags: [],
      resolveKnownTags: false,
      merge: false,
      stringKeys: true,
    });

    const problems: ConfigError[] = [];
    const warnings: string[] = [];
    const at = (error: YAMLError): [number, number] => {
      const pos = error.linePos?.[0];
      return pos ? [pos.line, pos.col] : [1, 1];
    };
    for (const error of document.errors) {
      problems.push(new ConfigError(describeYamlError(error, text, document, lineCounter), file, ...at(error)));
    }
    for (const warning of document.warnings) {
      if (warning.code === 'TAG_RESOLVE_FAILED') {
        const tag = tagAt(text, warning.pos[0]);
        problems.push(
          new ConfigError(
            `custom YAML tag '${tag}' is not allowed; write the value without a tag`,
            file,
            ...at(warning),
          ),
        );
      } else {
        const [line, column] = at(warning);
        warnings.push(`${file}:${line}:${column}: ${firstLine(warning.message)}`);
      }
    }
    if (problems.length === 0 && document.contents === null) {
      problems.push(
        new ConfigError('the file is empty; it needs at least `version: 1` and `environments:`', file, 1, 1),
      );
    }
    if (problems.length > 0) throw new UserErrors(problems, headingFor(file, problems.length));

    let data: unknown;
    try {
      data = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (err) {
      if (err instanceof ReferenceError && /alias/i.test(err.message)) {
        throw new UserError(
          `refused: its aliases (*name) would expand to more than ${MAX_ALIAS_COUNT} copies of anchored nodes, ` +
            'which is how "billion laughs" attacks exhaust memory; repeat the values or use `defaults:` instead',
          file,
        );
      }
      if (err instanceof RangeError) {
        // Belt and braces: the nesting guard should have stopped anything this deep.
        throw new UserError('refused: the YAML nests too deeply to read', file);
      }
      throw err;
    }
    return new YamlSource(file, text, document, lineCounter, data, warnings);
  }

  /** Where `path` is in the file; see ConfigProblem for how missing paths fall back. */
  positionOf(path: ConfigPath, at: 'key' | 'value' = 'value'): Position {
    let node: unknown = this.document.contents;
    let keyOffset = rangeStart(node) ?? 0;
    let valueOffset = keyOffset;
    let found = true;
    for (const segment of path) {
      node = this.resolveAlias(node);
      if (isMap(node)) {
        const pair = node.items.find((item) => keyText(this.resolveAlias(item.key)) === String(segment));
        if (!pair) {
          found = false;
          break;
        }
        keyOffset = rangeStart(pair.key) ?? keyOffset;
        const value = pair.value;
        valueOffset = isEmptyNode(value) ? keyOffset : (rangeStart(value) ?? keyOffset);
        node = value;
      } else if (isSeq(node) && typeof segment === 'number') {
        const item: unknown = node.items[segment];
        const start = rangeStart(item);
        if (start === undefined) {
          found = false;
          break;
        }
        keyOffset = start;
        valueOffset = start;
        node = item;
      } else {
        found = false;
        break;
      }
    }
    const offset = found && at === 'value' ? valueOffset : keyOffset;
    const { line, col } = this.lineCounter.linePos(offset);
    return { line, column: col };
  }

  where(path: ConfigPath, at: 'key' | 'value' = 'value'): string {
    const { line, column } = this.positionOf(path, at);
    return `${this.file}:${line}:${column}`;
  }

  toError(problem: ConfigProblem): ConfigError {
    const { line, column } = this.positionOf(problem.path, problem.at);
    return new ConfigError(problem.message, this.file, line, column);
  }

  private resolveAlias(node: unknown): unknown {
    return isAlias(node) ? node.resolve(this.document) : node;
  }
}

export function headingFor(file: string, count: number): string {
  return `${file}: ${count} problem${count === 1 ? '' : 's'} in the configuration`;
}

function tooLargeMessage(bytes: number): string {
  return `is ${bytes} bytes; a configuration file may be at most ${MAX_CONFIG_BYTES} bytes (1 MiB)`;
}

export function assertConfigSize(bytes: number, file: string): void {
  if (bytes > MAX_CONFIG_BYTES) throw new UserError(tooLargeMessage(bytes), file);
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as Node | null | undefined)?.range;
  return range ? range[0] : undefined;
}

/** `rto:` with nothing after it parses as an empty null scalar; point at its key instead. */
function isEmptyNode(node: unknown): boolean {
  if (node === null || node === undefined) return true;
  const range = (node as Node).range;
  return isScalar(node) && node.value === null && (!range || range[0] === range[1]);
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return undefined;
}

function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '');
}

function tagAt(text: string, offset: number): string {
  return /^!\S*/.exec(text.slice(offset, offset + 200))?.[0] ?? '!';
}

function describeYamlError(
  error: YAMLError,
  text: string,
  document: Document.Parsed,
  lineCounter: LineCounter,
): string {
  switch (error.code) {
    case 'DUPLICATE_KEY': {
      const first = firstOccurrence(document, error.pos[0]);
      const key = first?.key ?? text.slice(error.pos[0], error.pos[1]);
      const earlier = first === undefined ? '' : ` (first defined on line ${lineCounter.linePos(first.offset).line})`;
      return `duplicate key '${key}'${earlier}; each key may appear once in a mapping`;
    }
    case 'MULTIPLE_DOCS':
      return 'the file holds more than one YAML document (a second `---`); put everything in one document';
    default:
      return `YAML syntax error: ${firstLine(error.message)}`;
  }
}

/** The earlier key that the duplicate at `offset` repeats, if it can be found. */
function firstOccurrence(document: Document.Parsed, offset: number): { key: string; offset: number } | undefined {
  let result: { key: string; offset: number } | undefined;
  visit(document, {
    Map(_, map) {
      const duplicate = map.items.find((pair) => rangeStart(pair.key) === offset);
      if (!duplicate) return undefined;
      const name = keyText(duplicate.key);
      const earlier = rangeStart(map.items.find((pair) => pair !== duplicate && keyText(pair.key) === name)?.key);
      if (name !== undefined && earlier !== undefined) result = { key: name, offset: earlier };
      return visit.BREAK;
    },
  });
  return result;
}

/** 1-based line and column of an offset, for positions found before the yaml library runs. */
function positionInText(text: string, offset: number): Position {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: offset - lineStart + 1 };
}
