import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isMap, isScalar, isSeq, parseDocument } from 'yaml';
import { readWorkflowYamlFast } from '../../../../actions/compliance-audit/src/workflows/load/fast-workflow-yaml.js';

/** First difference between the fast reader's tree and the yaml package's, or undefined. */
function difference(fast: unknown, reference: unknown, where = '$'): string | undefined {
  if (isScalar(fast) && isScalar(reference)) {
    const same =
      Object.is(fast.value, reference.value) ||
      (typeof fast.value === typeof reference.value && String(fast.value) === String(reference.value));
    if (!same) return `${where}: ${JSON.stringify(fast.value)} != ${JSON.stringify(reference.value)}`;
    if (reference.value !== null && fast.range?.[0] !== reference.range?.[0])
      return `${where}: starts at ${fast.range?.[0]} != ${reference.range?.[0]}`;
    if (reference.value !== null && fast.type !== reference.type)
      return `${where}: type ${fast.type} != ${reference.type}`;
    return undefined;
  }
  if (isMap(fast) && isMap(reference)) {
    if (fast.items.length !== reference.items.length)
      return `${where}: ${fast.items.length} entries != ${reference.items.length}`;
    for (let i = 0; i < fast.items.length; i++) {
      const a = fast.items[i];
      const b = reference.items[i];
      const d =
        difference(a?.key, b?.key, `${where}.<key ${i}>`) ??
        difference(a?.value, b?.value, `${where}.${String(b?.key)}`);
      if (d) return d;
    }
    return undefined;
  }
  if (isSeq(fast) && isSeq(reference)) {
    if (fast.items.length !== reference.items.length)
      return `${where}: ${fast.items.length} items != ${reference.items.length}`;
    for (let i = 0; i < fast.items.length; i++) {
      const d = difference(fast.items[i], reference.items[i], `${where}[${i}]`);
      if (d) return d;
    }
    return undefined;
  }
  return `${where}: ${String((fast as object | null)?.constructor?.name)} != ${String((reference as object | null)?.constructor?.name)}`;
}

/** Runs both readers; returns 'fallback' or the first difference ('same' when none). */
function compare(text: string): string {
  const fast = readWorkflowYamlFast(text);
  if (!fast) return 'fallback';
  const reference = parseDocument(text, { uniqueKeys: true, version: '1.2', schema: 'core', stringKeys: true });
  if (reference.errors.length > 0) return `fast reader accepted invalid YAML: ${reference.errors[0]?.message ?? ''}`;
  return difference(fast.root, reference.contents) ?? 'same';
}

const ACCEPTED: Record<string, string> = {
  'block scalars': [
    'run: |',
    '  echo a',
    '',
    '    indented',
    '  echo b',
    '',
    '',
    'strip: |-',
    '  x',
    '',
    'folded: >',
    '  one',
    '  two',
    '',
    '  three',
    'folded-strip: >- # comment',
    '  a',
    '  b',
    'empty: |',
    'next: 1',
    '',
  ].join('\n'),
  'scalars and comments': [
    '# leading comment',
    '---',
    'on: push # trailing',
    "single: 'it''s # not a comment'",
    'double: "tab\\t\\"q\\" \\u00e9 \\x41 \\\\"',
    'plain: a#b c:d http://x/y ${{ github.sha }}',
    'ints: [0, -1, +2, 0o17, 0x1F, 010]',
    'floats: [1.5, .5, 1e3, -2.5E-2, .inf, -.Inf, .nan, 20.10]',
    'nulls: [~, null, Null, NULL]',
    'bools: [true, True, TRUE, false, FALSE]',
    'strings: [yes, no, on, off, 1_000, 0b1, 1.2.3]',
    '"quoted key": 1',
    "'single key': 2",
    'dash-value: -x',
    'empty:',
    'also-empty: # nothing',
    '',
  ].join('\n'),
  'workflow structure': [
    'on:',
    '  push:',
    '    branches: [main, "release/**"]',
    '    tags:',
    "    - 'v*'",
    'jobs:',
    '  build:',
    '    runs-on: [self-hosted, linux]',
    '    strategy: { matrix: { node: [18, 20], os: [ubuntu-latest] } }',
    '    steps:',
    '    - uses: actions/checkout@v4',
    '      with:',
    '        fetch-depth: 0',
    '    -   name: spaced',
    '        run: echo hi',
    '    -',
    '      run: make',
    '    - run: >-',
    '        echo ${{ github.head_ref }}',
    '    - []',
    '    - {}',
    '    - plain item',
    '',
  ].join('\n'),
};

const FALLBACK: Record<string, string> = {
  anchors: 'a: &x 1\nb: *x\n',
  tags: 'a: !!str 1\n',
  'multi-line plain': 'run: echo one\n  two\n',
  'multi-line quoted': 'run: "echo\n  two"\n',
  'multi-line flow': 'a: [1,\n  2]\n',
  'keep chomping': 'a: |+\n  x\n\n',
  'indentation indicator': 'a: |2\n   x\n',
  'more-indented folded line': 'a: >\n  x\n    y\n',
  'complex key': '? a\n: b\n',
  'two documents': 'a: 1\n---\nb: 2\n',
  'duplicate key': 'a: 1\na: 2\n',
  tabs: 'a:\n\tb: 1\n',
  'CRLF line ends': 'a: 1\r\nb: 2\r\n',
  BOM: '\ufeffa: 1\n',
  'no final newline': 'a: 1',
  'root sequence': '- a\n',
  'nested compact mapping': 'a: b: c\n',
  'nested sequence on one line': 'a:\n  - - x\n',
  'unknown escape': 'a: "\\q"\n',
};

const CORPUS = path.resolve(__dirname, '../../../corpus/compliance/workflows');

function corpusFiles(): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.ya?ml$/.test(name)) files.push(full);
    }
  };
  walk(CORPUS);
  return files.sort();
}

/** Deterministic pseudo-random numbers, so a failure reproduces. */
function random(seed: number): (n: number) => number {
  let state = seed;
  return (n) => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state % n;
  };
}

describe('fast workflow YAML reader', () => {
  for (const [name, text] of Object.entries(ACCEPTED)) {
    it(`reads ${name} exactly as the yaml package does`, () => {
      expect(compare(text)).toBe('same');
    });
  }

  for (const [name, text] of Object.entries(FALLBACK)) {
    it(`leaves ${name} to the yaml package`, () => {
      expect(readWorkflowYamlFast(text)).toBeUndefined();
    });
  }

  it('agrees with the yaml package on every corpus file it accepts, and accepts most of them', () => {
    const files = corpusFiles();
    expect(files.length).toBeGreaterThan(100);
    const results = files.map((file) => [path.relative(CORPUS, file), compare(readFileSync(file, 'utf8'))] as const);
    const wrong = results.filter(([, result]) => result !== 'same' && result !== 'fallback');
    expect(wrong).toEqual([]);
    const accepted = results.filter(([, result]) => result === 'same').length;
    expect(accepted / files.length).toBeGreaterThan(0.9);
  });

  it('agrees with the yaml package on randomly mutated workflows it accepts', () => {
    const texts = corpusFiles().map((file) => readFileSync(file, 'utf8'));
    const pieces = [
      ' ',
      '\n',
      ':',
      '- ',
      '|',
      '>',
      '"',
      "'",
      '${{',
      '}}',
      '#',
      ' #',
      '[',
      ']',
      '{',
      '}',
      ',',
      '&a',
      '*a',
      '!',
      '  ',
      '?',
      '\\',
      '---',
      '|-',
      '>-',
      ': ',
      '\n  ',
      '~',
      '0x1',
      '1.0',
      'true',
      "''",
    ];
    const rnd = random(2026);
    let accepted = 0;
    const wrong: string[] = [];
    for (let iteration = 0; iteration < 1500; iteration++) {
      let text = texts[rnd(texts.length)] as string;
      for (let edit = 0, edits = 1 + rnd(3); edit < edits; edit++) {
        const at = rnd(text.length + 1);
        const op = rnd(3);
        if (op === 0) text = text.slice(0, at) + (pieces[rnd(pieces.length)] as string) + text.slice(at);
        else if (op === 1) text = text.slice(0, at) + text.slice(at + 1 + rnd(5));
        else {
          const from = rnd(text.length + 1);
          text = text.slice(0, at) + text.slice(from, from + 10) + text.slice(at);
        }
      }
      const result = compare(text);
      if (result === 'fallback') continue;
      accepted++;
      if (result !== 'same') wrong.push(`${result} in ${JSON.stringify(text.slice(0, 200))}`);
    }
    expect(wrong).toEqual([]);
    expect(accepted).toBeGreaterThan(300);
  });
});
