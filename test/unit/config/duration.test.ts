import { describe, expect, it } from 'vitest';
import { DURATION_PATTERN, formatDuration, isDuration, parseDuration } from '../../../shared/config/duration.js';
import { UserError } from '../../../shared/runtime/errors.js';

describe('parseDuration', () => {
  it.each([
    ['15m', 900],
    ['1h30m', 5400],
    ['90s', 90],
    ['500ms', 0.5],
    ['2d', 172_800],
    ['1w', 604_800],
    ['1w2d3h4m5s6ms', 604_800 + 172_800 + 10_800 + 240 + 5 + 0.006],
    ['0s', 0],
  ])('reads %s as %d seconds', (text, seconds) => {
    expect(parseDuration(text)).toBeCloseTo(seconds, 9);
  });

  it.each(['15', '15 minutes', '', 'm', '1m1h', '1h1h', '1.5h', '-5m', ' 5m', '5M', '5min'])(
    'rejects %j with a message showing what it expected',
    (text) => {
      expect(() => parseDuration(text)).toThrow(UserError);
      expect(() => parseDuration(text)).toThrow(`expected a duration like 15m, 1h30m, 90s; got '${text}'`);
    },
  );

  it('rejects a bare number (we do not guess the unit)', () => {
    expect(() => parseDuration(15 as unknown as string)).toThrow('got 15');
    expect(isDuration('15')).toBe(false);
  });

  it('uses the same grammar as the exported pattern', () => {
    const re = new RegExp(DURATION_PATTERN);
    for (const text of ['15m', '1h30m', '15', '1m1h', '500ms']) expect(re.test(text)).toBe(isDuration(text));
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [0.5, '500ms'],
    [90, '1m30s'],
    [5400, '1h30m'],
    [86_400, '1d'],
    [31_536_000, '365d'],
    [3153.6, '52m33s600ms'],
  ])('formats %d seconds as %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });

  it('keeps only the most significant units when asked, rounding (and carrying) the rest', () => {
    expect(formatDuration(3153.6, { maxUnits: 2 })).toBe('52m34s');
    expect(formatDuration(31_536, { maxUnits: 2 })).toBe('8h46m');
    expect(formatDuration(3599.6, { maxUnits: 2 })).toBe('1h');
    expect(formatDuration(31.536, { maxUnits: 1 })).toBe('32s');
  });

  it('round-trips through parseDuration to the millisecond', () => {
    for (const seconds of [0.001, 1, 59.999, 61, 3599, 3601.25, 90_061, 1_209_600]) {
      expect(parseDuration(formatDuration(seconds))).toBeCloseTo(seconds, 9);
    }
  });

  it('refuses negative and infinite durations', () => {
    expect(() => formatDuration(-1)).toThrow(RangeError);
    expect(() => formatDuration(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});
