import { describe, expect, it } from 'vitest';
import { DriverError } from '../../../../actions/deploy/src/drivers/traffic-driver.js';
import type { Role, RouteTable } from '../../../../actions/deploy/src/model/roles.js';
import { compileRoute, routedRoles } from '../../../../actions/deploy/src/proxy/route-plan.js';
import { fnv1a32, stickyBucket } from '../../../../actions/deploy/src/proxy/sticky-hash.js';

/** Deterministic [0,1) source (mulberry32) so split counts are reproducible. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('sticky hash', () => {
  it('is FNV-1a 32-bit (published test vectors)', () => {
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a32('foobar')).toBe(0xbf9cf968);
  });

  it('spreads user ids roughly evenly over 0..99', () => {
    const counts = new Array<number>(10).fill(0);
    for (let i = 0; i < 20_000; i += 1) {
      const bucket = stickyBucket(`user-${i}`);
      expect(bucket).toBeGreaterThanOrEqual(0);
      expect(bucket).toBeLessThan(100);
      counts[Math.floor(bucket / 10)]! += 1;
    }
    for (const count of counts) expect(Math.abs(count - 2_000)).toBeLessThan(200);
  });
});

describe('compileRoute', () => {
  it('refuses weights that do not add up to 100, negative or fractional weights, unknown roles', () => {
    expect(() => compileRoute({ weights: { stable: 90, candidate: 5 } })).toThrow(/add up to 100, got 95/);
    expect(() => compileRoute({ weights: {} })).toThrow(DriverError);
    expect(() => compileRoute({ weights: { stable: 110, candidate: -10 } })).toThrow(/integer from 0 to 100/);
    expect(() => compileRoute({ weights: { stable: 99.5, candidate: 0.5 } })).toThrow(/integer/);
    expect(() => compileRoute({ weights: { green: 100 } as unknown as RouteTable['weights'] })).toThrow(
      /unknown role 'green'/,
    );
    expect(() => compileRoute({ weights: { stable: 100 }, match: [{ role: 'candidate' }] })).toThrow(
      /header or a cookie/,
    );
  });

  it('splits by weight with the injected random source', () => {
    const plan = compileRoute({ weights: { stable: 70, baseline: 5, candidate: 25 } });
    const random = seeded(42);
    const counts: Record<string, number> = {};
    for (let i = 0; i < 100_000; i += 1) {
      const role = plan.choose({}, random)!;
      counts[role] = (counts[role] ?? 0) + 1;
    }
    expect(Math.abs(counts['candidate']! / 100_000 - 0.25)).toBeLessThan(0.01);
    expect(Math.abs(counts['baseline']! / 100_000 - 0.05)).toBeLessThan(0.005);
    expect(Math.abs(counts['stable']! / 100_000 - 0.7)).toBeLessThan(0.01);
  });

  it('routes a role with weight 0 nothing, and 100 everything', () => {
    const random = seeded(1);
    const all = compileRoute({ weights: { stable: 0, candidate: 100 } });
    const none = compileRoute({ weights: { stable: 100, candidate: 0 } });
    for (let i = 0; i < 1_000; i += 1) {
      expect(all.choose({}, random)).toBe('candidate');
      expect(none.choose({}, random)).toBe('stable');
    }
    // Edge of the random source: 0.999999... must not fall off the end.
    expect(none.choose({}, () => 0.9999999999)).toBe('stable');
    expect(all.choose({}, () => 0)).toBe('candidate');
  });

  it('applies match rules first, in order, on headers (name case-insensitive) and cookies', () => {
    const plan = compileRoute({
      weights: { stable: 100 },
      match: [
        { role: 'candidate', header: { name: 'X-Elder-Preview', value: 'candidate' } },
        { role: 'baseline', cookie: { name: 'variant', value: 'b' } },
      ],
    });
    const random = () => 0.5;
    expect(plan.choose({ 'x-elder-preview': 'candidate' }, random)).toBe('candidate');
    expect(plan.choose({ 'x-elder-preview': 'Candidate' }, random)).toBe('stable');
    expect(plan.choose({ cookie: 'a=1; variant=b; c=3' }, random)).toBe('baseline');
    expect(plan.choose({ cookie: 'variant=bb' }, random)).toBe('stable');
    expect(plan.choose({ cookie: 'variant=b', 'x-elder-preview': 'candidate' }, random)).toBe('candidate');
    expect(routedRoles(plan.route)).toEqual(new Set<Role>(['stable', 'candidate', 'baseline']));
  });

  it('keeps sticky users on their variant while the candidate share grows from 5 to 50', () => {
    const users = Array.from({ length: 5_000 }, (_, i) => `user-${i}`);
    const onCandidate = new Set<string>();
    const random = seeded(7);
    for (const percent of [5, 10, 25, 50]) {
      const plan = compileRoute({
        weights: { stable: 100 - percent, candidate: percent },
        sticky: { header: 'x-user-id' },
      });
      let candidates = 0;
      for (const user of users) {
        const role = plan.choose({ 'x-user-id': user }, random);
        // Same user, same answer on a second request.
        expect(plan.choose({ 'x-user-id': user }, random)).toBe(role);
        if (onCandidate.has(user)) expect(role).toBe('candidate');
        if (role === 'candidate') {
          onCandidate.add(user);
          candidates += 1;
        }
      }
      expect(Math.abs(candidates / users.length - percent / 100)).toBeLessThan(0.025);
    }
  });

  it('reads the sticky key from a cookie, and falls back to random without one', () => {
    const plan = compileRoute({ weights: { stable: 50, candidate: 50 }, sticky: { cookie: 'uid' } });
    const first = plan.choose({ cookie: 'uid=alice' }, () => 0);
    for (const r of [0, 0.3, 0.6, 0.99]) expect(plan.choose({ cookie: 'uid=alice' }, () => r)).toBe(first);
    expect(plan.choose({}, () => 0)).toBe('candidate');
    expect(plan.choose({}, () => 0.99)).toBe('stable');
  });

  it('is not changed by mutating the route object afterwards', () => {
    const route: RouteTable = { weights: { stable: 100, candidate: 0 } };
    const plan = compileRoute(route);
    route.weights.candidate = 100;
    route.weights.stable = 0;
    expect(plan.choose({}, () => 0)).toBe('stable');
  });
});
