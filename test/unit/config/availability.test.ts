import { describe, expect, it } from 'vitest';
import {
  AVAILABILITY_LEVEL_PERCENT,
  AVAILABILITY_LEVELS,
  availabilityLevelOf,
  formatAvailability,
  parseAvailability,
} from '../../../shared/config/availability.js';
import { UserError } from '../../../shared/runtime/errors.js';

describe('availability levels', () => {
  it('maps the specification levels to their targets', () => {
    expect(AVAILABILITY_LEVEL_PERCENT).toEqual({
      standard: 99.0,
      high: 99.9,
      very_high: 99.99,
      extreme: 99.999,
      ultimate: 99.9999,
    });
    expect(AVAILABILITY_LEVELS).toEqual(['standard', 'high', 'very_high', 'extreme', 'ultimate']);
  });

  it('names the level of an exact target only', () => {
    expect(availabilityLevelOf(99.99)).toBe('very_high');
    expect(availabilityLevelOf(99.95)).toBeUndefined();
  });
});

describe('parseAvailability', () => {
  it('reads a level name as its target and keeps the name', () => {
    expect(parseAvailability('very_high')).toEqual({ percent: 99.99, target: 0.9999, level: 'very_high' });
    expect(parseAvailability('ultimate')).toEqual({ percent: 99.9999, target: 0.999999, level: 'ultimate' });
  });

  it('reads numbers and percentage strings, naming the level when the number is one', () => {
    expect(parseAvailability(99.99)).toEqual({ percent: 99.99, target: 0.9999, level: 'very_high' });
    expect(parseAvailability('99.99%')).toEqual({ percent: 99.99, target: 0.9999, level: 'very_high' });
    expect(parseAvailability('99.95 %')).toEqual({ percent: 99.95, target: 0.9995 });
    expect(parseAvailability('99.5')).toEqual({ percent: 99.5, target: 0.995 });
  });

  it.each([[0.999], [100], ['100%'], [0], ['very-high'], ['high availability'], [true]])('rejects %j', (value) => {
    expect(() => parseAvailability(value)).toThrow(UserError);
    expect(() => parseAvailability(value)).toThrow(/expected an availability target/);
  });

  it('formats a target for people', () => {
    expect(formatAvailability(parseAvailability('extreme'))).toBe('99.999 % (extreme)');
    expect(formatAvailability(parseAvailability(99.95))).toBe('99.95 %');
  });
});
