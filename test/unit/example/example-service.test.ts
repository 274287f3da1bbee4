import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { sumSamples } from '../../../shared/metrics/exposition-samples.js';
import { probe, probeRepeatedly } from '../../../shared/metrics/http-probe.js';
import { parsePrometheusText, type Exposition } from '../../../shared/metrics/prometheus-text.js';
import {
  killLeftoverServices,
  startExampleService,
  waitForRequests,
  type RunningService,
} from './example-service-process.js';

async function scrape(service: RunningService): Promise<Exposition> {
  const res = await fetch(`${service.url}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
  return parsePrometheusText(await res.text(), { source: `${service.url}/metrics` });
}

async function setFault(service: RunningService, settings: Record<string, unknown>): Promise<Record<string, unknown>> {
  const res = await fetch(`${service.url}/admin/fault`, { method: 'POST', body: JSON.stringify(settings) });
  expect(res.status).toBe(200);
  return (await res.json()) as Record<string, unknown>;
}

afterAll(killLeftoverServices);

describe('example service as a child process (v1)', () => {
  let service: RunningService;
  beforeAll(async () => {
    service = await startExampleService();
  });
  afterAll(async () => {
    await service.stop();
  });

  it('answers / with its version', async () => {
    const res = await fetch(`${service.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-service-version')).toBe('v1');
    expect(await res.json()).toEqual({
      service: 'elder-example',
      version: 'v1',
      greeting: 'Hello from v1',
      item: { id: 'tea-001', name: 'Green tea', priceCents: 450 },
    });
  });

  it('reports health, and 503 while the unhealthy flag is set', async () => {
    expect(await probe(`${service.url}/healthz`)).toMatchObject({ ok: true, status: 200 });
    await setFault(service, { unhealthy: true });
    const sick = await fetch(`${service.url}/healthz`);
    expect(sick.status).toBe(503);
    expect(await sick.json()).toEqual({ status: 'unhealthy', version: 'v1' });
    await setFault(service, { unhealthy: false });
    expect((await probe(`${service.url}/healthz`)).status).toBe(200);
  });

  it('exposes metrics our parser reads, and the request counter moves', async () => {
    const before = await scrape(service);
    for (const family of ['http_requests_total', 'http_request_duration_seconds', 'process_resident_memory_bytes']) {
      expect(before.families.has(family), family).toBe(true);
    }
    expect(before.families.get('http_requests_total')?.type).toBe('counter');
    expect(before.families.get('http_request_duration_seconds')?.type).toBe('histogram');
    expect(before.families.get('process_resident_memory_bytes')?.type).toBe('gauge');
    expect(sumSamples(before, 'process_resident_memory_bytes')).toBeGreaterThan(1_000_000);
    expect(sumSamples(before, 'app_info', { version: 'v1' })).toBe(1);

    const ok = { version: 'v1', code: '200', route: '/' };
    await probeRepeatedly(`${service.url}/`, { count: 5, concurrency: 2 });
    const after = await scrape(service);
    expect(sumSamples(after, 'http_requests_total', ok) - sumSamples(before, 'http_requests_total', ok)).toBe(5);
    const count = { version: 'v1', route: '/' };
    expect(
      sumSamples(after, 'http_request_duration_seconds_count', count) -
        sumSamples(before, 'http_request_duration_seconds_count', count),
    ).toBe(5);
    // The +Inf bucket always equals _count.
    expect(sumSamples(after, 'http_request_duration_seconds_bucket', { ...count, le: '+Inf' })).toBe(
      sumSamples(after, 'http_request_duration_seconds_count', count),
    );
  });

  it('adds at least the configured latency', async () => {
    await setFault(service, { latencyMs: 150 });
    try {
      const before = await scrape(service);
      const result = await probe(`${service.url}/`);
      expect(result.ok).toBe(true);
      expect(result.latencyMs).toBeGreaterThanOrEqual(150);
      const after = await scrape(service);
      const sum = (e: Exposition) => sumSamples(e, 'http_request_duration_seconds_sum', { route: '/' });
      expect(sum(after) - sum(before)).toBeGreaterThanOrEqual(0.15);
    } finally {
      await setFault(service, { latencyMs: 0 });
    }
  });

  it('injects exactly floor(n x rate) errors in exact mode', async () => {
    const state = await setFault(service, { errorRate: 0.2, errorMode: 'exact' });
    expect(state).toMatchObject({ errorRate: 0.2, errorMode: 'exact', requests: 0, injectedErrors: 0 });
    try {
      const summary = await probeRepeatedly(`${service.url}/`, { count: 50, concurrency: 4 });
      expect(summary.statusCounts).toEqual({ '200': 40, '500': 10 });
      const after = await fetch(`${service.url}/admin/fault`);
      expect(await after.json()).toMatchObject({ requests: 50, injectedErrors: 10 });
    } finally {
      await setFault(service, { errorRate: 0, errorMode: 'random' });
    }
  });

  it('injects a seeded random rate within binomial bounds, the same on every run', async () => {
    const n = 200;
    const rate = 0.3;
    const counts: number[] = [];
    try {
      for (let run = 0; run < 2; run += 1) {
        await setFault(service, { errorRate: rate, errorMode: 'random', seed: 12345 });
        const summary = await probeRepeatedly(`${service.url}/`, { count: n, concurrency: 1 });
        counts.push(summary.statusCounts['500'] ?? 0);
      }
    } finally {
      await setFault(service, { errorRate: 0 });
    }
    const sd = Math.sqrt(n * rate * (1 - rate));
    expect(counts[0]).toBeGreaterThan(n * rate - 4 * sd);
    expect(counts[0]).toBeLessThan(n * rate + 4 * sd);
    expect(counts[1]).toBe(counts[0]);
  });

  it('takes faults from the environment at start', async () => {
    const faulty = await startExampleService([], { FAULT_ERROR_RATE: '1', FAULT_LATENCY_MS: '80' });
    try {
      const result = await probe(`${faulty.url}/`);
      expect(result).toMatchObject({ ok: false, status: 500 });
      expect(result.latencyMs).toBeGreaterThanOrEqual(80);
    } finally {
      expect(await faulty.stop()).toBe(0);
    }
  });
});

describe('example service lifecycle', () => {
  afterEach(killLeftoverServices);

  it('switches version by flag and by environment', async () => {
    const byFlag = await startExampleService(['--version', 'v2']);
    const byEnv = await startExampleService([], { SERVICE_VERSION: 'v2' });
    for (const service of [byFlag, byEnv]) {
      const body = (await (await fetch(`${service.url}/`)).json()) as { version: string; item: { currency?: string } };
      expect(body.version).toBe('v2');
      expect(body.item.currency).toBe('EUR');
      expect(sumSamples(await scrape(service), 'app_info', { version: 'v2' })).toBe(1);
      expect(await service.stop()).toBe(0);
    }
  });

  it('finishes an in-flight request on SIGTERM, then exits 0', async () => {
    const service = await startExampleService([], { FAULT_LATENCY_MS: '400' });
    const inFlight = probe(`${service.url}/`);
    await waitForRequests(service, 1);
    const exitCode = service.stop('SIGTERM');
    const result = await inFlight;
    expect(result).toMatchObject({ ok: true, status: 200 });
    expect(await exitCode).toBe(0);
    expect(service.events.map((line) => JSON.parse(line) as unknown)).toEqual([
      { event: 'stopping', signal: 'SIGTERM' },
      { event: 'stopped', signal: 'SIGTERM', forced: false },
    ]);
    expect((await probe(`${service.url}/healthz`, { timeoutMs: 1000 })).status).toBeNull();
  });

  it('exits 0 on SIGINT too', async () => {
    const service = await startExampleService();
    expect(await service.stop('SIGINT')).toBe(0);
  });

  it('refuses a bad version with exit status 2', async () => {
    await expect(startExampleService(['--version', 'banana'])).rejects.toThrow(
      /exited \(2\).*version must look like v1/s,
    );
  });
});
