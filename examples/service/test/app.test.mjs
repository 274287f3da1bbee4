import assert from 'node:assert/strict';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { after, before, describe, it } from 'node:test';

import { catalogueItem } from '../app.mjs';
import { isLoopbackAddress } from '../loopback.mjs';
import { startService } from '../service.mjs';
import { waitForRequests } from './wait-for-request.mjs';

/** A raw request, for what fetch refuses to send (bodies on odd methods, forged headers). */
function request(port, { method = 'GET', path = '/', headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode, headers: res.headers, text: Buffer.concat(chunks).toString() }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

function counterValue(exposition, labels) {
  const line = exposition.split('\n').find((l) => l.startsWith(`http_requests_total{${labels}}`));
  return line ? Number(line.split(' ').at(-1)) : 0;
}

describe('example service over HTTP', () => {
  let service;
  let base;
  before(async () => {
    service = await startService({ port: 0, version: 'v2' });
    base = `http://127.0.0.1:${service.port}`;
  });
  after(async () => {
    await service.stop(1000);
  });

  it('answers / with the version and its catalogue item', async () => {
    const res = await fetch(`${base}/`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('x-service-version'), 'v2');
    const body = await res.json();
    assert.equal(body.version, 'v2');
    assert.deepEqual(body.item, catalogueItem('v2'));
    assert.equal(catalogueItem('v1').currency, undefined);
  });

  it('reports health and turns unhealthy on request', async () => {
    assert.deepEqual(await (await fetch(`${base}/healthz`)).json(), { status: 'ok', version: 'v2' });
    await fetch(`${base}/admin/fault`, { method: 'POST', body: JSON.stringify({ unhealthy: true }) });
    const sick = await fetch(`${base}/healthz`);
    assert.equal(sick.status, 503);
    await fetch(`${base}/admin/fault`, { method: 'POST', body: JSON.stringify({ unhealthy: false }) });
    assert.equal((await fetch(`${base}/healthz`)).status, 200);
  });

  it('counts requests by version, code and route on /metrics', async () => {
    const before = await (await fetch(`${base}/metrics`)).text();
    await fetch(`${base}/`);
    await fetch(`${base}/nowhere/${'x'.repeat(50)}`);
    const res = await fetch(`${base}/metrics`);
    assert.equal(res.headers.get('content-type'), 'text/plain; version=0.0.4; charset=utf-8');
    const after = await res.text();
    const ok = 'version="v2",code="200",route="/"';
    assert.equal(counterValue(after, ok) - counterValue(before, ok), 1);
    assert.equal(counterValue(after, 'version="v2",code="404",route="unmatched"') >= 1, true);
    assert.match(after, /^# TYPE http_request_duration_seconds histogram$/m);
    assert.match(after, /^http_request_duration_seconds_bucket\{version="v2",route="\/",le="\+Inf"\} \d+$/m);
    assert.match(after, /^process_resident_memory_bytes \d+$/m);
    assert.match(after, /^app_info\{version="v2"\} 1$/m);
  });

  it('adds the configured latency and injects errors at the exact rate', async () => {
    await fetch(`${base}/admin/fault`, {
      method: 'POST',
      body: JSON.stringify({ latencyMs: 60, errorRate: 0.25, errorMode: 'exact' }),
    });
    const started = performance.now();
    const statuses = [];
    for (let i = 0; i < 8; i += 1) statuses.push((await fetch(`${base}/`)).status);
    const elapsed = performance.now() - started;
    assert.deepEqual(statuses, [200, 200, 200, 500, 200, 200, 200, 500]);
    assert.ok(elapsed >= 8 * 60, `8 requests took ${elapsed} ms`);
    const state = await (await fetch(`${base}/admin/fault`)).json();
    assert.equal(state.injectedErrors, 2);
    await fetch(`${base}/admin/fault`, { method: 'POST', body: JSON.stringify({ latencyMs: 0, errorRate: 0 }) });
  });

  it('refuses bad admin bodies, oversized bodies and forwarded callers', async () => {
    const bad = await request(service.port, { method: 'POST', path: '/admin/fault', body: '{"errorRate": 3}' });
    assert.equal(bad.status, 400);
    assert.match(bad.text, /errorRate must be a fraction/);
    const notJson = await request(service.port, { method: 'POST', path: '/admin/fault', body: 'latency=5' });
    assert.equal(notJson.status, 400);
    const big = await request(service.port, { method: 'POST', path: '/admin/fault', body: 'x'.repeat(20_000) });
    assert.equal(big.status, 413);
    const forwarded = await request(service.port, {
      path: '/admin/fault',
      headers: { 'x-forwarded-for': '203.0.113.9' },
    });
    assert.equal(forwarded.status, 403);
  });

  it('stops an oversized body that gives no length before buffering it', async () => {
    const status = await new Promise((resolve, reject) => {
      const req = http.request(
        { host: '127.0.0.1', port: service.port, method: 'POST', path: '/admin/fault' },
        (res) => {
          res.resume();
          resolve(res.statusCode);
        },
      );
      req.on('error', reject);
      // Chunked: no content-length, so the limit must be enforced while reading.
      for (let i = 0; i < 5; i += 1) req.write('y'.repeat(4096));
      req.end();
    });
    assert.equal(status, 413);
  });

  it('allows only GET and POST, and POST only on the admin route', async () => {
    const put = await request(service.port, { method: 'PUT', path: '/' });
    assert.equal(put.status, 405);
    assert.equal(put.headers.allow, 'GET');
    const post = await request(service.port, { method: 'POST', path: '/metrics' });
    assert.equal(post.status, 405);
  });
});

describe('loopback check', () => {
  it('recognises loopback addresses only', () => {
    for (const a of ['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1']) assert.equal(isLoopbackAddress(a), true, a);
    for (const a of ['10.0.0.1', '::ffff:10.0.0.1', '1.127.0.0', '', undefined]) {
      assert.equal(isLoopbackAddress(a), false, String(a));
    }
  });
});

describe('graceful stop', () => {
  it('lets an in-flight request finish before closing', async () => {
    const service = await startService({ port: 0, fault: { latencyMs: 300 } });
    const inFlight = fetch(`http://127.0.0.1:${service.port}/`);
    await waitForRequests(service.port, 1);
    const stopped = service.stop(5000);
    const res = await inFlight;
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('connection'), 'close');
    assert.deepEqual(await stopped, { forced: false });
    await assert.rejects(fetch(`http://127.0.0.1:${service.port}/`));
  });

  it('cuts requests that outlive the grace period', async () => {
    const service = await startService({ port: 0, fault: { latencyMs: 2000 } });
    const inFlight = fetch(`http://127.0.0.1:${service.port}/`).catch((err) => err);
    await waitForRequests(service.port, 1);
    assert.deepEqual(await service.stop(100), { forced: true });
    assert.ok((await inFlight) instanceof Error);
  });
});
