import { describe, expect, it } from 'vitest';

import { CappedText } from '../../../../actions/quality-gate/src/tests/capped-text.js';
import { secondsToMs, secondsValueToMs } from '../../../../actions/quality-gate/src/tests/junit-time.js';

describe('CappedText', () => {
  it('keeps text up to the cap and notes the cut', () => {
    const text = new CappedText(5);
    expect(text.isEmpty).toBe(true);
    expect(text.append('abc')).toBe(true);
    expect(text.append('def')).toBe(false);
    expect(text.full).toBe(true);
    expect(text.append('g')).toBe(false);
    expect(text.toString()).toBe('abcde\n[truncated after 5 characters]');
  });

  it('adds no note when everything fit', () => {
    const text = new CappedText(5);
    text.append('abcde');
    text.append('');
    expect(text.toString()).toBe('abcde');
  });
});

describe('JUnit times', () => {
  it.each([
    ['0.004', 4],
    ['1.5', 1500],
    ['12', 12_000],
    [' 0.25 ', 250],
    ['1e-3', 1],
    ['1,234.567', 1_234_567],
    ['0.0000004', 0],
    ['0.0000005', 0.001],
  ])('%j seconds = %j ms', (text, ms) => {
    expect(secondsToMs(text)).toBe(ms);
  });

  it.each([[undefined], [''], ['  '], ['-1'], ['soon'], ['1,23'], ['Infinity']])('%j is not a duration', (text) => {
    expect(secondsToMs(text)).toBeUndefined();
  });

  it('reads numbers already parsed the same way', () => {
    expect(secondsValueToMs(0.004)).toBe(4);
    expect(secondsValueToMs(Number.NaN)).toBeUndefined();
    expect(secondsValueToMs(-0.5)).toBeUndefined();
  });
});
