/**
 * Parses one workflow or action file's YAML, once, keeping every node's source range so rules
 * can point at file:line:column. Hostile or broken input becomes a WorkflowSkip naming the file
 * and the place; the same safety limits as the configuration loader (shared/config/yaml-source.ts):
 * size cap, nesting cap (the yaml composer recurses), alias-expansion cap ("billion laughs").
 *
 * Unlike the configuration loader we keep YAML 1.2 core semantics but do not refuse tags or
 * merge keys: GitHub accepts workflows the config loader would reject, and the audit must read
 * what GitHub runs.
 */
import { isAlias, isMap, LineCounter, parseDocument, visit } from 'yaml';
import type { Document, Node, YAMLMap } from 'yaml';
import { MAX_NESTING_DEPTH, measureNesting } from '../../../../../shared/config/nesting-guard.js';
import { readWorkflowYamlFast } from './fast-workflow-yaml.js';
import { WorkflowSkip } from './skip-reason.js';

/** 1 MiB: GitHub itself refuses workflow files far smaller than this to be useful. */
export const MAX_WORKFLOW_BYTES = 1024 * 1024;
/** Same cap as the configuration loader and the yaml package's default. */
export const MAX_ALIAS_COUNT = 100;

export interface ParsedWorkflowYaml {
  file: string;
  text: string;
  /** Absent when the fast reader handled the text (it accepts no aliases, so none to resolve). */
  document?: Document.Parsed;
  root: YAMLMap;
  lineCounter: LineCounter;
}

export function parseWorkflowYaml(file: string, text: string): ParsedWorkflowYaml {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_WORKFLOW_BYTES) {
    throw new WorkflowSkip(file, `file is ${bytes} bytes; the limit is ${MAX_WORKFLOW_BYTES} bytes (1 MiB)`);
  }
  const lineCounter = new LineCounter();
  const fast = readWorkflowYamlFast(text);
  if (fast) {
    for (const start of fast.lineStarts) lineCounter.addNewLine(start);
    return { file, text, root: fast.root, lineCounter };
  }
  // Cheap pre-check: only texts with many openers can nest deep enough to hurt the composer.
  if (mayNestDeeply(text)) {
    const nesting = measureNesting(text);
    if (nesting.exceededAt !== undefined) {
      const { line, column } = positionOf(text, nesting.exceededAt);
      throw new WorkflowSkip(
        file,
        `YAML nests more than ${MAX_NESTING_DEPTH} levels deep at ${file}:${line}:${column}`,
      );
    }
  }
  const document = parseDocument(text, {
    lineCounter,
    prettyErrors: false,
    uniqueKeys: true,
    version: '1.2',
    schema: 'core',
    stringKeys: true,
  });
  const error = document.errors[0];
  if (error) {
    const { line, column } = positionOf(text, error.pos[0]);
    throw new WorkflowSkip(file, `invalid YAML at ${file}:${line}:${column}: ${firstLine(error.message)}`);
  }
  if (text.includes('*') && hasAlias(document)) {
    try {
      document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (err) {
      if (err instanceof ReferenceError || err instanceof RangeError) {
        throw new WorkflowSkip(
          file,
          `refused: YAML aliases would expand to more than ${MAX_ALIAS_COUNT} copies of anchored nodes ("billion laughs")`,
        );
      }
      throw err;
    }
  }
  const root = document.contents;
  if (!isMap(root)) {
    const kind = root === null ? 'empty' : isAlias(root) ? 'an alias' : (root as Node).constructor.name;
    throw new WorkflowSkip(
      file,
      `not a workflow: the document's root is ${describeRoot(kind)}, expected a mapping at ${file}:1:1`,
    );
  }
  return { file, text, document, root, lineCounter };
}

function describeRoot(kind: string): string {
  if (kind === 'YAMLSeq') return 'a sequence';
  if (kind === 'Scalar') return 'a scalar';
  return kind;
}

function hasAlias(document: Document.Parsed): boolean {
  let found = false;
  visit(document, {
    Alias() {
      found = true;
      return visit.BREAK;
    },
  });
  return found;
}

/**
 * Cheap pre-check so the token-level nesting measurement runs only on suspicious texts: more
 * than 64 flow openers (`[`, `{`), a line indented 128+ columns, or 16+ `- ` indicators opening
 * one line. Anything that can nest past the limit trips one of these.
 */
function mayNestDeeply(text: string): boolean {
  let openers = 0;
  let lineStart = true;
  let indent = 0;
  let dashes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) {
      lineStart = true;
      indent = 0;
      dashes = 0;
      continue;
    }
    if (c === 0x5b || c === 0x7b) {
      if (++openers > MAX_NESTING_DEPTH) return true;
    }
    if (!lineStart) continue;
    if (c === 0x20) {
      if (++indent >= 2 * MAX_NESTING_DEPTH) return true;
    } else if (c === 0x2d && text.charCodeAt(i + 1) === 0x20) {
      if (++dashes >= MAX_NESTING_DEPTH / 4) return true;
    } else lineStart = false;
  }
  return false;
}

export function positionOf(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '');
}
