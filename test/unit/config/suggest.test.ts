import { describe, expect, it } from 'vitest';
import { didYouMean, editDistance, nearest } from '../../../shared/config/suggest.js';

const ENVIRONMENT_KEYS = ['tier', 'availability', 'regions', 'expected_load', 'compliance', 'security_level', 'dr'];

describe('editDistance', () => {
  it('counts insertions, deletions, substitutions and adjacent transpositions', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('teir', 'tier')).toBe(1);
    expect(editDistance('availabilty', 'availability')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
  });
});

describe('nearest', () => {
  it('suggests near misses', () => {
    expect(nearest('availabilty', ENVIRONMENT_KEYS)).toBe('availability');
    expect(nearest('teir', ENVIRONMENT_KEYS)).toBe('tier');
    expect(nearest('regoins', ENVIRONMENT_KEYS)).toBe('regions');
  });

  it('treats case and separators as the same word', () => {
    expect(nearest('securityLevel', ENVIRONMENT_KEYS)).toBe('security_level');
    expect(nearest('expected-load', ENVIRONMENT_KEYS)).toBe('expected_load');
  });

  it('expands an unambiguous abbreviation', () => {
    expect(nearest('prod', ['production', 'staging'])).toBe('production');
    expect(nearest('pre', ['pre_production', 'preview'])).toBeUndefined();
  });

  it('stays quiet when nothing is close', () => {
    expect(nearest('colour', ENVIRONMENT_KEYS)).toBeUndefined();
    expect(nearest('x', ['tier'])).toBeUndefined();
    expect(didYouMean('colour', ENVIRONMENT_KEYS)).toBe('');
    expect(didYouMean('teir', ENVIRONMENT_KEYS)).toBe(" (did you mean 'tier'?)");
  });
});
