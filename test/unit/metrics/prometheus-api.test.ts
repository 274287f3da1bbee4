import type http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { PrometheusApiError, PrometheusClient, parseApiResponse } from '../../../shared/metrics/prometheus-api.js';
import { readRequestBody, startLocalServer, type LocalServer } from './local-server.js';

// Bodies copied in shape from the Prometheus HTTP API documentation.
const VECTOR = {
  status: 'success',
  data: {
    resultType: 'vector',
    result: [
      { metric: { __name__: 'up', job: 'prometheus', instance: 'localhost:9090' }, value: [1435781451.781, '1'] },
      { metric: { __name__: 'up', job: 'node', instance: 'localhost:9100' }, value: [1435781451.781, '0'] },
    ],
  },
};
const MATRIX = {
  status: 'success',
  data: {
    resultType: 'matrix',
    result: [
      {
        metric: { __name__: 'up', job: 'prometheus', instance: 'localhost:9090' },
        values: [
          [1435781430.781, '1'],
          [1435781445.781, '+Inf'],
          [1435781460.781, 'NaN'],
        ],
      },
    ],
  },
  warnings: ['partial data'],
};
const RATIO = {
  status: 'success',
  data: { resultType: 'vector', result: [{ metric: {}, value: [1700000000, '0.0125'] }] },
};
const SCALAR = { status: 'success', data: { resultType: 'scalar', result: [1700000000, '-Inf'] } };
const EMPTY = { status: 'success', data: { resultType: 'vector', result: [] } };
const BAD_DATA = {
  status: 'error',
  errorType: 'bad_data',
  error: 'invalid parameter "query": 1:5: parse error: unexpected end of input',
};

interface Seen {
  path: string;
  method: string;
  params: URLSearchParams;
  authorization: string | undefined;
}

describe('PrometheusClient against a local API double', () => {
  let server: LocalServer;
  const seen: Seen[] = [];

  function reply(res: http.ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  }

  beforeAll(async () => {
    server = await startLocalServer(async (req, res) => {
      const params = new URLSearchParams(await readRequestBody(req));
      seen.push({ path: req.url ?? '', method: req.method ?? '', params, authorization: req.headers.authorization });
      const query = params.get('query');
      if (!req.url?.startsWith('/prom/api/v1/'))
        return reply(res, 404, { status: 'error', errorType: 'not_found', error: 'no' });
      if (req.url.endsWith('/query_range')) return reply(res, 200, MATRIX);
      switch (query) {
        case 'up':
          return reply(res, 200, VECTOR);
        case 'error_ratio':
          return reply(res, 200, RATIO);
        case 'scalar(-Inf)':
          return reply(res, 200, SCALAR);
        case 'absent_series':
          return reply(res, 200, EMPTY);
        case 'sum(':
          return reply(res, 400, BAD_DATA);
        case 'slow':
          setTimeout(() => reply(res, 200, VECTOR), 2000);
          return;
        case 'gateway':
          res.writeHead(502, { 'content-type': 'text/html' }).end('<html>Bad Gateway</html>');
          return;
        case 'huge':
          return reply(res, 200, { ...VECTOR, padding: 'x'.repeat(10_000) });
        case 'native':
          return reply(res, 200, {
            status: 'success',
            data: { resultType: 'vector', result: [{ metric: {}, histogram: [1, { count: '1' }] }] },
          });
        default:
          return reply(res, 422, { status: 'error', errorType: 'execution', error: `unknown query ${query}` });
      }
    });
  });
  afterAll(async () => {
    await server.close();
  });

  const client = (options = {}) =>
    new PrometheusClient({ baseUrl: `${server.url}/prom`, headers: { authorization: 'Bearer t' }, ...options });

  it('returns a typed vector and posts the query form with a server-side timeout', async () => {
    const { data, warnings } = await client().queryVector('up', { time: new Date(1_700_000_000_500) });
    expect(data).toEqual([
      {
        metric: { __name__: 'up', job: 'prometheus', instance: 'localhost:9090' },
        timestamp: 1435781451.781,
        value: 1,
      },
      { metric: { __name__: 'up', job: 'node', instance: 'localhost:9100' }, timestamp: 1435781451.781, value: 0 },
    ]);
    expect(warnings).toEqual([]);
    const request = seen.at(-1);
    expect(request?.path).toBe('/prom/api/v1/query');
    expect(request?.method).toBe('POST');
    expect(request?.params.get('time')).toBe('1700000000.5');
    expect(request?.params.get('timeout')).toBe('27000ms');
    expect(request?.authorization).toBe('Bearer t');
  });

  it('returns a typed matrix with special values and warnings', async () => {
    const start = new Date('2026-01-01T00:00:00Z');
    const end = new Date('2026-01-01T00:10:00Z');
    const { data, warnings } = await client().queryRange('up', { start, end, stepSeconds: 15 });
    expect(data).toHaveLength(1);
    expect(data[0]?.values.map((p) => p.value)).toEqual([1, Infinity, NaN]);
    expect(warnings).toEqual(['partial data']);
    const request = seen.at(-1);
    expect(request?.path).toBe('/prom/api/v1/query_range');
    expect(Object.fromEntries(request?.params ?? [])).toMatchObject({
      query: 'up',
      start: String(start.getTime() / 1000),
      end: String(end.getTime() / 1000),
      step: '15',
    });
  });

  it('reads a single value from a one-element vector or a scalar, and none from an empty vector', async () => {
    expect(await client().querySingleValue('error_ratio')).toBe(0.0125);
    expect(await client().querySingleValue('scalar(-Inf)')).toBe(-Infinity);
    expect(await client().querySingleValue('absent_series')).toBeUndefined();
    await expect(client().querySingleValue('up')).rejects.toMatchObject({
      errorType: 'unexpected_result',
      message: expect.stringMatching(/a vector of 2 series/),
    });
  });

  it('turns an API error into errorType, message and HTTP status', async () => {
    const err = await client()
      .query('sum(')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PrometheusApiError);
    expect(err).toMatchObject({ errorType: 'bad_data', httpStatus: 400, endpoint: 'api/v1/query' });
    expect((err as Error).message).toBe(
      'Prometheus api/v1/query: bad_data: invalid parameter "query": 1:5: parse error: unexpected end of input',
    );
  });

  it('times out on the client side with a clear error', async () => {
    const started = performance.now();
    await expect(client({ timeoutMs: 150 }).query('slow')).rejects.toMatchObject({
      errorType: 'client_timeout',
      message: expect.stringMatching(/within 150 ms/),
    });
    expect(performance.now() - started).toBeLessThan(1500);
  });

  it('reports a proxy error page as a bad response with a snippet', async () => {
    await expect(client().query('gateway')).rejects.toMatchObject({
      errorType: 'bad_response',
      httpStatus: 502,
      message: expect.stringMatching(/HTTP 502 with a body that is not JSON: "<html>Bad Gateway<\/html>"/),
    });
  });

  it('refuses oversized answers, native histograms and the wrong result type', async () => {
    await expect(client({ maxResponseBytes: 1000 }).query('huge')).rejects.toMatchObject({ errorType: 'too_large' });
    await expect(client().query('native')).rejects.toMatchObject({ errorType: 'unsupported' });
    await expect(client().queryVector('scalar(-Inf)')).rejects.toMatchObject({ errorType: 'unexpected_result' });
  });

  it('reports an unreachable server as a network error', async () => {
    const gone = await startLocalServer((_req, res) => res.end());
    await gone.close();
    await expect(new PrometheusClient({ baseUrl: gone.url }).query('up')).rejects.toMatchObject({
      errorType: 'network',
      httpStatus: null,
      message: expect.stringMatching(/ECONNREFUSED/),
    });
  });

  it('checks range arguments before asking', async () => {
    const start = new Date('2026-01-01T00:00:00Z');
    const day = new Date('2026-01-02T00:00:00Z');
    await expect(client().queryRange('up', { start, end: day, stepSeconds: 1 })).rejects.toThrow(
      /exceed Prometheus's limit/,
    );
    await expect(client().queryRange('up', { start: day, end: start, stepSeconds: 60 })).rejects.toThrow(
      /before its start/,
    );
    await expect(client().queryRange('up', { start, end: day, stepSeconds: 0 })).rejects.toThrow(/stepSeconds/);
    expect(() => new PrometheusClient({ baseUrl: 'file:///etc/passwd' })).toThrow(/http or https/);
  });
});

describe('parseApiResponse', () => {
  it('rejects malformed envelopes and values with bad_response', () => {
    const cases = [
      ['[]', /not an object/],
      ['{"status":"maybe"}', /status "maybe"/],
      ['{"status":"success","data":{"resultType":"tensor","result":[]}}', /unknown resultType "tensor"/],
      [
        '{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,"abc"]}]}}',
        /"abc" is not a number/,
      ],
      [
        '{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,2]}]}}',
        /2 is not a string/,
      ],
      ['{"status":"success","data":{"resultType":"vector","result":[{"metric":{"a":1},"value":[1,"2"]}]}}', /label a/],
      ['{"status":"success","data":{"resultType":"matrix","result":[{"metric":{}}]}}', /no "values" array/],
    ] as const;
    for (const [text, message] of cases) {
      expect(() => parseApiResponse(text, 'api/v1/query', 200)).toThrow(message);
    }
  });

  it('reads string results and a success that arrived with an error status as suspicious', () => {
    const ok = parseApiResponse('{"status":"success","data":{"resultType":"string","result":[1,"hi"]}}', 'e', 200);
    expect(ok.data).toEqual({ resultType: 'string', result: { timestamp: 1, value: 'hi' } });
    expect(() => parseApiResponse('{"status":"success","data":{}}', 'e', 500)).toThrow(/HTTP 500 yet status "success"/);
  });

  it('keeps a __proto__ label as a label', () => {
    const body =
      '{"status":"success","data":{"resultType":"vector","result":[{"metric":{"__proto__":"x"},"value":[1,"2"]}]}}';
    const { data } = parseApiResponse(body, 'e', 200);
    expect(data.resultType === 'vector' && data.result[0]?.metric['__proto__']).toBe('x');
  });
});
