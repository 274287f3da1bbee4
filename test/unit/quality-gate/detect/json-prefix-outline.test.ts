import { describe, expect, it } from 'vitest';
import {
  hasPath,
  outlineJsonPrefix,
  valueAt,
} from '../../../../actions/quality-gate/src/detect/json-prefix-outline.js';

describe('outlineJsonPrefix', () => {
  it('records key paths with [] for array elements, and top-level values', () => {
    const outline = outlineJsonPrefix(
      '{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x"}}}],"n":-1.5e3,"ok":true,"z":null}',
    );
    expect(outline?.complete).toBe(true);
    expect(hasPath(outline!, ['runs', '[]', 'tool', 'driver'])).toBe(true);
    expect(valueAt(outline!, ['version'])).toBe('2.1.0');
    expect(valueAt(outline!, ['n'])).toBe(-1500);
    expect(valueAt(outline!, ['ok'])).toBe(true);
    expect(valueAt(outline!, ['z'])).toBe(null);
  });

  it('stops cleanly wherever the prefix is cut', () => {
    const full = '{"a": [1, 2.5, -3e2, true, false, null, "s\\"\\u00e9"], "b": {"c": "d"}}';
    for (let cut = 1; cut < full.length; cut++) {
      const outline = outlineJsonPrefix(full.slice(0, cut));
      expect(outline?.syntaxError, `cut at ${cut}: ${full.slice(0, cut)}`).toBeUndefined();
      expect(outline?.complete).toBe(false);
    }
    expect(outlineJsonPrefix(full)?.complete).toBe(true);
  });

  it('reports malformed JSON as a syntax error, not a cut', () => {
    for (const bad of [
      '{"a" 1}',
      '{"a": tru }',
      '[1,,2]',
      '{"a": 01}',
      '{a: 1}',
      '{"a": "\u0001"}',
      '{"a": 1} x',
      '{"a": "\\x"}',
    ]) {
      expect(outlineJsonPrefix(bad)?.syntaxError, bad).toBeDefined();
    }
  });

  it('survives deep nesting and huge numbers without recursion overflow', () => {
    expect(outlineJsonPrefix('['.repeat(60_000))?.syntaxError).toMatch(/nesting deeper/);
    expect(outlineJsonPrefix(`{"n": ${'9'.repeat(5000)}}`)?.complete).toBe(true);
    expect(valueAt(outlineJsonPrefix('{"n": 1e999}')!, ['n'])).toBe(Infinity);
  });

  it('is undefined for text that does not start an object or array', () => {
    expect(outlineJsonPrefix('"just a string"')).toBeUndefined();
    expect(outlineJsonPrefix('TN:')).toBeUndefined();
  });
});
