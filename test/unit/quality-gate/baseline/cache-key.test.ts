import { describe, expect, it } from 'vitest';
import {
  baselineCacheKey,
  baselineRestoreKeys,
  MAX_CACHE_KEY_LENGTH,
} from '../../../../actions/quality-gate/src/baseline/cache-key.js';

const SHA = '0123456789abcdef0123456789abcdef01234567';

describe('baseline cache keys', () => {
  it('names environment, gate, branch and commit', () => {
    expect(baselineCacheKey({ environment: 'production', gate: 'pre_deployment', branch: 'main', commit: SHA })).toBe(
      `elder-quality-gate-v1:production:pre_deployment:main:${SHA}`,
    );
    expect(
      baselineRestoreKeys({
        environment: 'production',
        gate: 'pre_deployment',
        branch: 'refs/heads/main',
        baseCommit: SHA,
      }),
    ).toEqual({
      key: `elder-quality-gate-v1:production:pre_deployment:main:${SHA}`,
      restoreKeys: ['elder-quality-gate-v1:production:pre_deployment:main:'],
    });
  });

  it('never lets one branch restore a result of a branch whose name merely starts the same', () => {
    const { restoreKeys } = baselineRestoreKeys({ environment: 'prod', gate: 'runtime', branch: 'main' });
    const other = baselineCacheKey({ environment: 'prod', gate: 'runtime', branch: 'main-old', commit: SHA });
    const nested = baselineCacheKey({ environment: 'prod', gate: 'runtime', branch: 'main/x', commit: SHA });
    expect(other.startsWith(restoreKeys[0] as string)).toBe(false);
    expect(nested.startsWith(restoreKeys[0] as string)).toBe(false);
  });

  it('encodes commas, which cache keys refuse, and hashes branch names too long for a key', () => {
    const key = baselineCacheKey({ environment: 'e', gate: 'runtime', branch: 'a,b%c', commit: SHA });
    expect(key).toBe(`elder-quality-gate-v1:e:runtime:a%2Cb%25c:${SHA}`);
    expect(key).not.toContain(',');
    const long = baselineCacheKey({
      environment: 'e',
      gate: 'runtime',
      branch: 'x'.repeat(600),
      commit: 'f'.repeat(64),
    });
    expect(long.length).toBeLessThanOrEqual(MAX_CACHE_KEY_LENGTH);
    expect(long).toMatch(/^elder-quality-gate-v1:e:runtime:sha256-[0-9a-f]{32}:f{64}$/);
  });
});
