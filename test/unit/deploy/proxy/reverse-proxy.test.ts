import net from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ReverseProxy } from '../../../../actions/deploy/src/proxy/reverse-proxy.js';
import {
  killLeftoverServices,
  startExampleService,
  waitForRequests,
  type RunningService,
} from '../../example/example-service-process.js';
import { delay, get, sendMany, startLoad } from './load-loop.js';

/** Deterministic [0,1) source (mulberry32). */
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

const target = (service: RunningService, version: string) => ({ host: '127.0.0.1', port: service.port, version });

describe('ReverseProxy on the real example service', () => {
  let v1a: RunningService;
  let v1b: RunningService;
  let v2: RunningService;
  let proxies: ReverseProxy[] = [];

  async function proxyFor(options: ConstructorParameters<typeof ReverseProxy>[0] = {}): Promise<ReverseProxy> {
    const proxy = new ReverseProxy(options);
    proxies.push(proxy);
    await proxy.listen(0);
    await proxy.setBackends('stable', [target(v1a, 'v1'), target(v1b, 'v1')]);
    await proxy.setBackends('candidate', [target(v2, 'v2')]);
    return proxy;
  }

  beforeAll(async () => {
    [v1a, v1b, v2] = await Promise.all([
      startExampleService(['--version', 'v1']),
      startExampleService(['--version', 'v1']),
      startExampleService(['--version', 'v2']),
    ]);
  });
  afterEach(async () => {
    await Promise.all(proxies.map((proxy) => proxy.close()));
    proxies = [];
  });
  afterAll(async () => {
    await killLeftoverServices();
  });

  it('answers 503 before a route is set, and listens on 127.0.0.1', async () => {
    const proxy = await proxyFor();
    expect(proxy.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const answer = await get(`${proxy.url}/`);
    expect(answer.status).toBe(503);
    expect(answer.body).toContain('no route');
  });

  it('honours a 25 % weight and round-robins a role over its instances', async () => {
    // A seeded random source makes the split reproducible (one draw per request, whatever the
    // arrival order); 10^5 draws of the same plan are checked in route-plan.test.ts.
    const TOTAL = 1_000;
    const proxy = await proxyFor({ random: seeded(2026) });
    proxy.setRoute({ weights: { stable: 75, candidate: 25 } });
    const answers = await sendMany(`${proxy.url}/`, TOTAL, 16);
    const candidate = answers.filter((a) => a.role === 'candidate');
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(Math.abs(candidate.length / TOTAL - 0.25)).toBeLessThan(0.03);
    // Versions and bodies come from the right backend.
    expect(candidate.every((a) => a.version === 'v2' && a.body.includes('"version":"v2"'))).toBe(true);
    expect(answers.filter((a) => a.role === 'stable').every((a) => a.body.includes('"version":"v1"'))).toBe(true);
    const samples = proxy.takeSamples();
    expect(samples.candidate?.requests).toBe(candidate.length);
    expect(samples.stable?.requests).toBe(TOTAL - candidate.length);
    expect(samples.stable?.granularity).toBe('request');
    expect(samples.stable?.latenciesMs).toHaveLength(TOTAL - candidate.length);
    expect(samples.stable?.latenciesMs.every((ms) => ms > 0 && ms < 5_000)).toBe(true);
    // Both stable instances served about half of the stable requests each.
    const perInstance = await Promise.all(
      [v1a, v1b].map(async (s) => (await (await fetch(`${s.url}/admin/fault`)).json()) as { requests: number }),
    );
    const [a, b] = perInstance.map((p) => p.requests) as [number, number];
    expect(Math.abs(a - b)).toBeLessThanOrEqual(2);
  });

  it('routes header and cookie matches before weights', async () => {
    const proxy = await proxyFor();
    proxy.setRoute({
      weights: { stable: 100 },
      match: [
        { role: 'candidate', header: { name: 'x-elder-preview', value: 'candidate' } },
        { role: 'candidate', cookie: { name: 'variant', value: 'b' } },
      ],
    });
    for (let i = 0; i < 10; i += 1) {
      expect((await get(`${proxy.url}/`, { 'x-elder-preview': 'candidate' })).version).toBe('v2');
      expect((await get(`${proxy.url}/`, { cookie: 'theme=dark; variant=b' })).version).toBe('v2');
      expect((await get(`${proxy.url}/`, { cookie: 'variant=a' })).version).toBe('v1');
      expect((await get(`${proxy.url}/`)).role).toBe('stable');
    }
  });

  it('keeps sticky users on their variant as the candidate grows 5 → 10 → 25 → 50 %', async () => {
    const proxy = await proxyFor();
    const users = Array.from({ length: 100 }, (_, i) => `u${i}@example.com`);
    const onCandidate = new Set<string>();
    for (const percent of [5, 10, 25, 50]) {
      proxy.setRoute({ weights: { stable: 100 - percent, candidate: percent }, sticky: { header: 'x-user-id' } });
      const answers = await sendMany(`${proxy.url}/`, users.length * 2, 16, (i) => ({
        'x-user-id': users[i % users.length]!,
      }));
      answers.forEach((answer, i) => {
        const user = users[i % users.length]!;
        if (onCandidate.has(user)) expect(answer.role, `${user} flipped at ${percent} %`).toBe('candidate');
      });
      for (const [i, answer] of answers.entries())
        if (answer.role === 'candidate') onCandidate.add(users[i % users.length]!);
      // Same user, both requests, same variant.
      for (let i = 0; i < users.length; i += 1) expect(answers[i]!.role).toBe(answers[i + users.length]!.role);
      expect(Math.abs(onCandidate.size / users.length - percent / 100)).toBeLessThan(0.07);
    }
  });

  it('counts errors per role when the candidate fails 10 % of requests', async () => {
    const faulty = await startExampleService(['--version', 'v2'], {
      FAULT_ERROR_RATE: '0.1',
      FAULT_ERROR_MODE: 'exact',
    });
    try {
      const proxy = await proxyFor();
      await proxy.setBackends('candidate', [target(faulty, 'v2')]);
      proxy.setRoute({ weights: { stable: 50, candidate: 50 } });
      proxy.takeSamples();
      const answers = await sendMany(`${proxy.url}/`, 600, 16);
      const samples = proxy.takeSamples();
      const candidate = answers.filter((a) => a.role === 'candidate');
      const failed = candidate.filter((a) => a.status === 500).length;
      expect(samples.candidate?.requests).toBe(candidate.length);
      expect(samples.candidate?.errors).toBe(failed);
      expect(Math.abs(failed - candidate.length * 0.1)).toBeLessThanOrEqual(2);
      expect(samples.stable?.errors).toBe(0);
      expect(samples.stable?.requests).toBe(600 - candidate.length);
    } finally {
      await faulty.stop();
    }
  });

  it('answers 502 when a backend is down and 504 after the request timeout, counting both as errors', async () => {
    const gone = await startExampleService(['--version', 'v2']);
    await gone.stop();
    const slow = await startExampleService(['--version', 'v2'], { FAULT_LATENCY_MS: '3000' });
    try {
      const proxy = await proxyFor({ requestTimeoutMs: 300 });
      await proxy.setBackends('candidate', [target(gone, 'v2')]);
      proxy.setRoute({ weights: { candidate: 100 } });
      const down = await get(`${proxy.url}/`);
      expect(down.status).toBe(502);
      expect(down.body).toMatch(/candidate backend failed: ECONNREFUSED/);
      await proxy.setBackends('candidate', [target(slow, 'v2')]);
      const started = Date.now();
      const late = await get(`${proxy.url}/`);
      expect(late.status).toBe(504);
      expect(Date.now() - started).toBeLessThan(2_000);
      await proxy.setBackends('candidate', []);
      expect((await get(`${proxy.url}/`)).status).toBe(502);
      expect(proxy.takeSamples().candidate).toMatchObject({ requests: 3, errors: 3 });
    } finally {
      await slow.stop('SIGKILL');
    }
  });

  it('lets an in-flight request finish on an instance that is being removed (drain)', async () => {
    const slow = await startExampleService(['--version', 'v2'], { FAULT_LATENCY_MS: '600' });
    try {
      const proxy = await proxyFor();
      await proxy.setBackends('candidate', [target(slow, 'v2')]);
      proxy.setRoute({ weights: { candidate: 100 } });
      const inFlight = get(`${proxy.url}/`);
      await waitForRequests(slow, 1);
      const removed = proxy.setBackends('candidate', [target(v2, 'v2')]);
      // New requests already go to the remaining instance while the old one drains.
      const fresh = await get(`${proxy.url}/`);
      expect(fresh.status).toBe(200);
      let drainedYet = false;
      void removed.then(() => (drainedYet = true));
      await delay(50);
      expect(drainedYet).toBe(false);
      expect((await inFlight).status).toBe(200);
      await removed;
    } finally {
      await slow.stop('SIGKILL');
    }
  });

  it('fails no request while weights move 0 → 100 → 0 under continuous load', async () => {
    const proxy = await proxyFor();
    proxy.setRoute({ weights: { stable: 100, candidate: 0 } });
    const load = startLoad(`${proxy.url}/`, 16);
    for (const percent of [0, 5, 25, 50, 100, 50, 25, 5, 0]) {
      proxy.setRoute({ weights: { stable: 100 - percent, candidate: percent } });
      await load.more(40);
    }
    const tally = await load.stop();
    expect(tally.failures, tally.failureNotes.join('\n')).toBe(0);
    expect(tally.requests).toBeGreaterThanOrEqual(360);
    expect(tally.byRole['candidate']).toBeGreaterThan(0);
  });

  it('reports a port in use as a DriverError naming the port', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const proxy = new ReverseProxy();
      proxies.push(proxy);
      await expect(proxy.listen(port)).rejects.toThrow(`port ${port} is in use`);
      await expect(proxy.listen(port)).rejects.toMatchObject({ name: 'DriverError', driver: 'local' });
    } finally {
      blocker.close();
    }
  });

  it('streams request bodies and strips hop-by-hop headers', async () => {
    const proxy = await proxyFor();
    proxy.setRoute({ weights: { stable: 100 } });
    // POST /admin/fault is refused through a proxy (x-forwarded-for); that proves the header is set
    // and the body went through (403 comes before body parsing only when forwarded).
    const answer = await fetch(`${proxy.url}/admin/fault`, { method: 'POST', body: '{"latencyMs":0}' });
    expect(answer.status).toBe(403);
    expect(answer.headers.get('x-elder-role')).toBe('stable');
    const home = await fetch(`${proxy.url}/`);
    expect(home.headers.get('x-service-version')).toBe('v1');
    expect(home.headers.get('content-type')).toMatch(/^application\/json/);
    expect(home.headers.get('x-elder-version')).toBe('v1');
  });
});
