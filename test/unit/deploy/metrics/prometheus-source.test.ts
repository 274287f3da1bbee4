import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  PrometheusMetricsSource,
  PrometheusUnreachableError,
} from '../../../../actions/deploy/src/metrics/prometheus-source.js';
import { PrometheusClient } from '../../../../shared/metrics/prometheus-api.js';
import {
  killLeftoverServices,
  startExampleService,
  type RunningService,
} from '../../example/example-service-process.js';
import { freePort, startPrometheus, type RunningPrometheus } from './prometheus-harness.js';

let stable: RunningService;
let candidate: RunningService;
let prometheus: RunningPrometheus;
let fromMs: number;
let toMs: number;
const SENT = 200;

async function hit(service: RunningService, count: number): Promise<void> {
  for (let i = 0; i < count; i += 10) {
    await Promise.all(
      Array.from({ length: Math.min(10, count - i) }, async () => {
        const response = await fetch(service.url);
        await response.arrayBuffer();
      }),
    );
  }
}

/** Waits until Prometheus has scraped a sample newer than `afterMs` for both targets. */
async function scrapedAfter(afterMs: number): Promise<void> {
  const client = new PrometheusClient({ baseUrl: prometheus.url });
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const samples = await client.queryVector('timestamp(up{job="example"})');
    if (samples.data.length === 2 && samples.data.every((s) => s.value * 1000 > afterMs)) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error('prometheus did not scrape in time');
}

beforeAll(async () => {
  stable = await startExampleService(['--version', 'v1']);
  candidate = await startExampleService(['--version', 'v2'], { FAULT_ERROR_RATE: '0.2', FAULT_ERROR_MODE: 'exact' });
  prometheus = await startPrometheus([
    { address: `127.0.0.1:${stable.port}`, labels: { role: 'stable' } },
    { address: `127.0.0.1:${candidate.port}`, labels: { role: 'candidate' } },
  ]);
  // Create the counter series first: increase() cannot count a series' very first sample.
  await hit(stable, 5);
  await hit(candidate, 5);
  await scrapedAfter(Date.now() + 100);
  fromMs = Date.now();
  // Quiet edges around the traffic: increase() extrapolates a window's ends by up to half a
  // scrape interval each, which is a few percent of a ~12 s window.
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  await hit(stable, SENT);
  await hit(candidate, SENT);
  await scrapedAfter(Date.now() + 100);
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  toMs = Date.now();
}, 90_000);

afterAll(async () => {
  await prometheus?.stop();
  await killLeftoverServices();
});

describe('PrometheusMetricsSource against a real Prometheus', () => {
  it('counts requests and errors per role and returns a latency series per step', async () => {
    const source = new PrometheusMetricsSource({
      url: prometheus.url,
      versions: { stable: 'v1', candidate: 'v2' },
      stepSeconds: 2,
      rateWindowSeconds: 4,
    });
    const samples = await source.collect(['stable', 'candidate'], fromMs, toMs);
    const s = samples.stable!;
    const c = samples.candidate!;
    expect(Math.abs(s.requests - SENT) / SENT).toBeLessThan(0.15);
    expect(Math.abs(c.requests - SENT) / SENT).toBeLessThan(0.15);
    expect(s.errors).toBe(0);
    expect(c.errors / c.requests).toBeGreaterThan(0.15);
    expect(c.errors / c.requests).toBeLessThan(0.25);
    for (const sample of [s, c]) {
      expect(sample.granularity).toBe('interval');
      expect(sample.latenciesMs.length).toBeGreaterThan(0);
      expect(sample.latenciesMs.every((v) => Number.isFinite(v) && v > 0 && v < 5_000)).toBe(true);
      expect(sample.fromMs).toBe(fromMs);
      expect(sample.toMs).toBe(toMs);
    }
  });

  it('returns zero requests with a reason for no data and for NaN, never a number that passes', async () => {
    const empty = new PrometheusMetricsSource({ url: prometheus.url, versions: { baseline: 'v9' }, stepSeconds: 2 });
    const [baseline] = Object.values(await empty.collect(['baseline'], fromMs, toMs));
    expect(baseline).toMatchObject({ requests: 0, errors: 0, latenciesMs: [] });
    expect(baseline!.reasons.join('\n')).toMatch(/no data/);

    const nan = new PrometheusMetricsSource({
      url: prometheus.url,
      versions: { stable: 'v1' },
      stepSeconds: 2,
      templates: { requests: 'sum(increase(http_requests_total{version="{{version}}"}[{{range}}])) * 0 / 0' },
    });
    const stableNaN = (await nan.collect(['stable'], fromMs, toMs)).stable!;
    expect(stableNaN.requests).toBe(0);
    expect(stableNaN.reasons.join('\n')).toMatch(/NaN/);

    const unknown = await empty.collect(['candidate'], fromMs, toMs);
    expect(unknown.candidate!.reasons.join('\n')).toMatch(/no version is known/);
  });

  it('treats a hostile version as a literal label value (no PromQL injection)', async () => {
    const hostile = new PrometheusMetricsSource({
      url: prometheus.url,
      versions: { stable: 'v1"} or vector(1000) or x{a="', candidate: 'v.*' },
      stepSeconds: 2,
      templates: { requests: 'sum(increase(http_requests_total{version=~"{{version}}"}[{{range}}]))' },
    });
    const samples = await hostile.collect(['stable', 'candidate'], fromMs, toMs);
    expect(samples.stable!.requests).toBe(0);
    // As a regex `v.*` would match v1 and v2; escaped it matches nothing.
    expect(samples.candidate!.requests).toBe(0);
  });

  it('names the URL when Prometheus is unreachable', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const source = new PrometheusMetricsSource({ url, versions: { stable: 'v1' }, timeoutMs: 2_000 });
    const error = await source.collect(['stable'], fromMs, toMs).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(PrometheusUnreachableError);
    expect((error as Error).message).toContain(`Prometheus at ${url} is unreachable`);
  });
});
