import { describe, expect, it } from 'vitest';
import type { ConfigError } from '../../../shared/config/config-error.js';
import { MAX_NESTING_DEPTH, measureNesting } from '../../../shared/config/nesting-guard.js';
import { MAX_CONFIG_BYTES, YamlSource } from '../../../shared/config/yaml-source.js';
import { UserError, type UserErrors } from '../../../shared/runtime/errors.js';
import { fixture } from './helpers.js';

function rejection(text: string, file = 'elder.yml'): UserError {
  try {
    YamlSource.parse(text, file);
  } catch (err) {
    expect(err).toBeInstanceOf(UserError);
    return err as UserError;
  }
  throw new Error('expected the YAML to be refused');
}

function problemWheres(err: UserError): string[] {
  return (err as UserErrors).problems.map((problem) => `${problem.where} ${(problem as ConfigError).detail}`);
}

describe('YamlSource positions', () => {
  const text = [
    'version: 1', // 1
    'environments:', // 2
    '  production:', // 3
    '    regions: &regions', // 4
    '      - us-east-1', // 5
    '      - eu-west-1', // 6
    '    dr:', // 7
    '      rto: 15m', // 8
    '    url:', // 9
    '  dr-site:', // 10
    '    regions: *regions', // 11
  ].join('\n');
  const source = YamlSource.parse(text, 'x.yml');

  it('maps a path to the key or to the value, 1-based', () => {
    expect(source.positionOf(['environments', 'production', 'dr', 'rto'], 'key')).toEqual({ line: 8, column: 7 });
    expect(source.positionOf(['environments', 'production', 'dr', 'rto'], 'value')).toEqual({ line: 8, column: 12 });
    expect(source.where(['version'])).toBe('x.yml:1:10');
  });

  it('maps list items by index', () => {
    expect(source.positionOf(['environments', 'production', 'regions', 1])).toEqual({ line: 6, column: 9 });
  });

  it('follows aliases into the anchored node', () => {
    expect(source.positionOf(['environments', 'dr-site', 'regions'])).toEqual({ line: 11, column: 14 });
    expect(source.positionOf(['environments', 'dr-site', 'regions', 0])).toEqual({ line: 5, column: 9 });
    expect(source.data).toMatchObject({ environments: { 'dr-site': { regions: ['us-east-1', 'eu-west-1'] } } });
  });

  it('points an empty value at its key', () => {
    expect(source.positionOf(['environments', 'production', 'url'], 'value')).toEqual({ line: 9, column: 5 });
  });

  it('falls back to the deepest key that exists for a missing path', () => {
    expect(source.positionOf(['environments', 'production', 'dr', 'rpo'], 'key')).toEqual({ line: 7, column: 5 });
    expect(source.positionOf(['environments', 'staging', 'tier'], 'key')).toEqual({ line: 2, column: 1 });
  });
});

describe('YamlSource safety', () => {
  it('refuses an alias bomb instead of expanding it', () => {
    const err = rejection(fixture('alias-bomb.yml'), 'alias-bomb.yml');
    expect(err.message).toMatch(/^alias-bomb\.yml: refused: its aliases/);
    expect(err.message).toContain('billion laughs');
  });

  it('still allows ordinary anchors and aliases', () => {
    const source = YamlSource.parse('a: &r [us-east-1]\nb: *r\nc: *r\n', 'ok.yml');
    expect(source.data).toEqual({ a: ['us-east-1'], b: ['us-east-1'], c: ['us-east-1'] });
  });

  it('refuses text over 1 MiB, naming the file', () => {
    const err = rejection(`# ${'x'.repeat(MAX_CONFIG_BYTES)}\n`, 'huge.yml');
    expect(err.message).toBe(
      `huge.yml: is ${MAX_CONFIG_BYTES + 3} bytes; a configuration file may be at most 1048576 bytes (1 MiB)`,
    );
  });

  it('counts bytes, not characters', () => {
    const multiByte = `# ${'é'.repeat(MAX_CONFIG_BYTES / 2)}\n`; // 2 bytes each
    expect(multiByte.length).toBeLessThan(MAX_CONFIG_BYTES);
    expect(rejection(multiByte).message).toContain('a configuration file may be at most');
  });

  it('refuses deep nesting before the parser recurses, quickly', () => {
    const started = Date.now();
    const err = rejection('- '.repeat(200_000) + 'x', 'deep.yml');
    expect(Date.now() - started).toBeLessThan(2000);
    expect(problemWheres(err)).toEqual([
      `deep.yml:1:${2 * MAX_NESTING_DEPTH + 1} the YAML nests more than 64 levels deep; a configuration never needs that many`,
    ]);
    expect(rejection('['.repeat(500_000)).message).toContain('nests more than 64 levels');
  });

  it('reports duplicate keys with their position and the first one', () => {
    const err = rejection(fixture('duplicate-key.yml'), 'dup.yml');
    expect(problemWheres(err)).toEqual([
      "dup.yml:7:5 duplicate key 'tier' (first defined on line 4); each key may appear once in a mapping",
    ]);
  });

  it('refuses custom tags and YAML 1.1 extras', () => {
    expect(problemWheres(rejection(fixture('custom-tag.yml'), 'tag.yml'))).toEqual([
      "tag.yml:5:10 custom YAML tag '!env' is not allowed; write the value without a tag",
    ]);
    expect(problemWheres(rejection('a: !!binary aGk=\nb: !!timestamp 2020-01-01\n'))).toHaveLength(2);
  });

  it('reports syntax errors with file:line:column', () => {
    const problems = problemWheres(rejection(fixture('syntax-error.yml'), 'syntax.yml'));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^syntax\.yml:6:\d+ YAML syntax error: /);
  });

  it('reports an empty file and a second document', () => {
    expect(problemWheres(rejection('# only a comment\n', 'e.yml'))).toEqual([
      'e.yml:1:1 the file is empty; it needs at least `version: 1` and `environments:`',
    ]);
    expect(problemWheres(rejection('version: 1\n---\nversion: 1\n', 'm.yml'))[0]).toMatch(
      /^m\.yml:2:1 the file holds more than one YAML document/,
    );
  });
});

describe('measureNesting', () => {
  it.each([
    ['a: 1\nb: 2\n', 1],
    ['a:\n  b:\n    c: 1\n', 3],
    ['- - - x\n', 4],
    ['a: [1, {b: [2]}]\n', 4],
    ['a: |\n        looks deep\n            but is text\nb: 1\n', 1],
  ])('estimates %j as %d levels', (text, depth) => {
    expect(measureNesting(text)).toEqual({ depth });
  });
});
