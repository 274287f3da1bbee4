import { describe, expect, it } from 'vitest';
import { envInputSource, Inputs, mapInputSource } from '../../../shared/runtime/inputs.js';

describe('Inputs', () => {
  it('reads INPUT_ variables the way the runner sets them', () => {
    const inputs = new Inputs(envInputSource({ 'INPUT_FAIL-UNDER': ' 0.9 ', INPUT_RESULTS: 'a\n b, c\n\n' }));
    expect(inputs.number('fail-under', 0.95, { min: 0, max: 1 })).toBe(0.9);
    expect(inputs.list('results')).toEqual(['a', 'b', 'c']);
  });

  it('falls back to defaults for empty inputs', () => {
    const inputs = new Inputs(mapInputSource({ token: '' }));
    expect(inputs.string('token', 'x')).toBe('x');
    expect(inputs.boolean('comment', true)).toBe(true);
  });

  it('names the input in every error', () => {
    const inputs = new Inputs(mapInputSource({ n: 'abc', b: 'yes', e: 'blue', big: '2' }));
    expect(() => inputs.number('n', 1)).toThrow("input 'n': must be a number, got 'abc'");
    expect(() => inputs.boolean('b', true)).toThrow("input 'b': must be true or false");
    expect(() => inputs.oneOf('e', ['red', 'green'] as const, 'red')).toThrow("input 'e': must be one of red, green");
    expect(() => inputs.number('big', 0, { max: 1 })).toThrow("input 'big': must be at most 1, got 2");
    expect(() => inputs.required('missing')).toThrow("input 'missing': is required");
  });

  it('rejects numbers with trailing garbage that Number() would accept', () => {
    const inputs = new Inputs(mapInputSource({ n: '0x10', m: 'Infinity' }));
    expect(() => inputs.number('n', 1)).toThrow(/must be a number/);
    expect(() => inputs.number('m', 1)).toThrow(/must be a number/);
  });
});
