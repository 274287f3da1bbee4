import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { probe, probeRepeatedly } from '../../../shared/metrics/http-probe.js';
import { startLocalServer, type LocalServer } from './local-server.js';

describe('probe', () => {
  let server: LocalServer;
  let hits = 0;
  beforeAll(async () => {
    server = await startLocalServer((req, res) => {
      hits += 1;
      const url = new URL(req.url ?? '/', 'http://x');
      if (url.pathname === '/slow') {
        setTimeout(() => res.end('late'), Number(url.searchParams.get('ms')));
        return;
      }
      if (url.pathname === '/status') {
        res.statusCode = Number(url.searchParams.get('code'));
        res.end();
        return;
      }
      if (url.pathname === '/redirect') {
        res.writeHead(302, { location: '/ok' }).end();
        return;
      }
      if (url.pathname === '/big') {
        res.write('x'.repeat(64 * 1024));
        res.end('x'.repeat(64 * 1024));
        return;
      }
      res.end('hello');
    });
  });
  afterAll(async () => {
    await server.close();
  });

  it('reports status, latency and bytes of a healthy endpoint', async () => {
    const result = await probe(`${server.url}/ok`);
    expect(result).toMatchObject({ ok: true, status: 200, bytes: 5 });
    expect(result.error).toBeUndefined();
    expect(result.latencyMs).toBeGreaterThan(0);
  });

  it('measures at least the time the server took', async () => {
    const result = await probe(`${server.url}/slow?ms=120`);
    expect(result.ok).toBe(true);
    expect(result.latencyMs).toBeGreaterThanOrEqual(115);
  });

  it('fails on an unexpected status and says which', async () => {
    const result = await probe(`${server.url}/status?code=503`);
    expect(result).toMatchObject({ ok: false, status: 503, error: 'expected status 2xx, got 503' });
    expect((await probe(`${server.url}/status?code=503`, { expectStatus: [503, 504] })).ok).toBe(true);
    expect((await probe(`${server.url}/ok`, { expectStatus: 204 })).error).toBe('expected status 204, got 200');
  });

  it('does not follow redirects', async () => {
    expect(await probe(`${server.url}/redirect`, { expectStatus: 302 })).toMatchObject({ ok: true, status: 302 });
  });

  it('times out with a clear error and no status', async () => {
    const result = await probe(`${server.url}/slow?ms=2000`, { timeoutMs: 100 });
    expect(result).toMatchObject({ ok: false, status: null, error: 'timed out after 100 ms' });
    expect(result.latencyMs).toBeGreaterThanOrEqual(95);
    expect(result.latencyMs).toBeLessThan(1500);
  });

  it('reports a refused connection with its cause', async () => {
    const closed = await startLocalServer((_req, res) => res.end());
    await closed.close();
    const result = await probe(closed.url);
    expect(result.ok).toBe(false);
    expect(result.status).toBeNull();
    expect(result.error).toMatch(/ECONNREFUSED/);
  });

  it('caps how much of the body it reads', async () => {
    expect((await probe(`${server.url}/big`)).bytes).toBe(128 * 1024);
    expect((await probe(`${server.url}/big`, { maxBodyBytes: 1000 })).bytes).toBe(1000);
  });

  it('stops when the caller aborts', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const result = await probe(`${server.url}/slow?ms=2000`, { signal: controller.signal });
    expect(result).toMatchObject({ ok: false, error: 'aborted' });
  });

  it('refuses invalid options', async () => {
    await expect(probe(server.url, { timeoutMs: 0 })).rejects.toThrow(/timeoutMs must be a whole number/);
  });

  describe('probeRepeatedly', () => {
    it('runs exactly count probes and counts statuses', async () => {
      const before = hits;
      const summary = await probeRepeatedly(`${server.url}/status?code=500`, { count: 7, concurrency: 3 });
      expect(hits - before).toBe(7);
      expect(summary.results).toHaveLength(7);
      expect(summary.latenciesMs).toHaveLength(7);
      expect(summary.statusCounts).toEqual({ '500': 7 });
      expect(summary).toMatchObject({ okCount: 0, failedCount: 7, skipped: 0 });
    });

    it('counts probes without a response under "error"', async () => {
      const summary = await probeRepeatedly(`${server.url}/slow?ms=1000`, { count: 2, concurrency: 2, timeoutMs: 50 });
      expect(summary.statusCounts).toEqual({ error: 2 });
    });

    it('keeps starts intervalMs apart across workers', async () => {
      const summary = await probeRepeatedly(`${server.url}/ok`, { count: 5, concurrency: 5, intervalMs: 40 });
      expect(summary.okCount).toBe(5);
      expect(summary.durationMs).toBeGreaterThanOrEqual(4 * 40 - 5);
    });

    it('runs probes in parallel up to the concurrency', async () => {
      const summary = await probeRepeatedly(`${server.url}/slow?ms=300`, { count: 4, concurrency: 4 });
      expect(summary.okCount).toBe(4);
      // Run one after another they would take 1200 ms.
      expect(summary.durationMs).toBeLessThan(1100);
    });

    it('starts no more probes once aborted', async () => {
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 120);
      const summary = await probeRepeatedly(`${server.url}/ok`, {
        count: 100,
        intervalMs: 50,
        signal: controller.signal,
      });
      expect(summary.results.length).toBeGreaterThan(0);
      expect(summary.results.length).toBeLessThan(10);
      expect(summary.skipped).toBe(100 - summary.results.length);
    });

    it('refuses unbounded or nonsensical settings', async () => {
      await expect(probeRepeatedly(server.url, { count: 0 })).rejects.toThrow(/count/);
      await expect(probeRepeatedly(server.url, { count: 1e9 })).rejects.toThrow(
        /count must be a whole number from 1 to 100000/,
      );
      await expect(probeRepeatedly(server.url, { count: 1, concurrency: 1000 })).rejects.toThrow(/concurrency/);
      await expect(probeRepeatedly(server.url, { count: 1, intervalMs: -1 })).rejects.toThrow(/intervalMs/);
    });
  });
});
