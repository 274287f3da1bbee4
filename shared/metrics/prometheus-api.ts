/**
 * A small client for Prometheus's HTTP query API (`/api/v1/query`, `/api/v1/query_range`).
 * Deploy analysis and alert checks ask Prometheus questions; this turns its JSON into typed
 * vectors and matrices and its failures into errors that say what went wrong and where.
 */
import { ResponseTooLargeError, readTextCapped } from './bounded-body.js';

export type SeriesLabels = Readonly<Record<string, string>>;

/** One element of an instant vector. Timestamps are Unix seconds (fractional), as in the API. */
export interface InstantSample {
  readonly metric: SeriesLabels;
  readonly timestamp: number;
  readonly value: number;
}

export interface RangePoint {
  readonly timestamp: number;
  readonly value: number;
}

export interface RangeSeries {
  readonly metric: SeriesLabels;
  readonly values: readonly RangePoint[];
}

export type QueryData =
  | { readonly resultType: 'vector'; readonly result: readonly InstantSample[] }
  | { readonly resultType: 'matrix'; readonly result: readonly RangeSeries[] }
  | { readonly resultType: 'scalar'; readonly result: RangePoint }
  | { readonly resultType: 'string'; readonly result: { readonly timestamp: number; readonly value: string } };

export interface QueryResponse<T> {
  readonly data: T;
  /** Prometheus's warnings (e.g. partial data); worth surfacing to the user. */
  readonly warnings: readonly string[];
  readonly infos: readonly string[];
}

/**
 * `errorType` is Prometheus's own (`bad_data`, `execution`, `timeout`, `canceled`, `internal`,
 * `unavailable`, `not_found`, ...) or one of ours: `client_timeout`, `network`,
 * `bad_response` (not the API's JSON), `too_large`, `unexpected_result` (e.g. a matrix where
 * a vector was asked for), `unsupported` (native histograms).
 */
export class PrometheusApiError extends Error {
  readonly errorType: string;
  /** HTTP status of the answer, null when none arrived. */
  readonly httpStatus: number | null;
  readonly endpoint: string;
  constructor(errorType: string, message: string, endpoint: string, httpStatus: number | null) {
    super(`Prometheus ${endpoint}: ${errorType}: ${message}`);
    this.name = 'PrometheusApiError';
    this.errorType = errorType;
    this.endpoint = endpoint;
    this.httpStatus = httpStatus;
  }
}

export interface PrometheusClientOptions {
  /** Where Prometheus answers, including any path prefix, e.g. `http://127.0.0.1:9090`. */
  readonly baseUrl: string | URL;
  /** Per request, client side; also sent as the server-side evaluation timeout. Default 30000. */
  readonly timeoutMs?: number;
  /** Extra headers, e.g. authorization for a hosted Prometheus. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Default 64 MiB. */
  readonly maxResponseBytes?: number;
  /** Injected in tests; defaults to the global fetch. */
  readonly fetch?: typeof fetch;
}

export interface InstantQueryOptions {
  /** Evaluation time; default is Prometheus's "now". */
  readonly time?: Date;
  readonly timeoutMs?: number;
}

export interface RangeQueryOptions {
  readonly start: Date;
  readonly end: Date;
  readonly stepSeconds: number;
  readonly timeoutMs?: number;
}

/** Prometheus refuses ranges with more points per series than this. */
export const MAX_RANGE_POINTS = 11_000;
const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

type Json = unknown;

function isRecord(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function unixSeconds(date: Date): string {
  const ms = date.getTime();
  if (Number.isNaN(ms)) throw new RangeError('invalid Date');
  return String(ms / 1000);
}

export class PrometheusClient {
  private readonly base: URL;
  private readonly timeoutMs: number;
  private readonly maxResponseBytes: number;
  private readonly headers: Readonly<Record<string, string>>;
  private readonly doFetch: typeof fetch;

  constructor(options: PrometheusClientOptions) {
    const base = new URL(String(options.baseUrl));
    if (base.protocol !== 'http:' && base.protocol !== 'https:') {
      throw new RangeError(`Prometheus URL must be http or https, got ${base.protocol}`);
    }
    // Keep a path prefix (Prometheus behind /prometheus/): relative resolution needs the slash.
    if (!base.pathname.endsWith('/')) base.pathname += '/';
    base.search = '';
    base.hash = '';
    this.base = base;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    this.headers = options.headers ?? {};
    this.doFetch = options.fetch ?? fetch;
  }

  /** An instant query; the result may be of any type. */
  async query(expr: string, options: InstantQueryOptions = {}): Promise<QueryResponse<QueryData>> {
    const params = new URLSearchParams({ query: expr });
    if (options.time) params.set('time', unixSeconds(options.time));
    return this.call('api/v1/query', params, options.timeoutMs);
  }

  /** An instant query that must yield a vector (what `rate(...)`, `sum by (...)` give). */
  async queryVector(expr: string, options: InstantQueryOptions = {}): Promise<QueryResponse<InstantSample[]>> {
    const response = await this.query(expr, options);
    if (response.data.resultType !== 'vector') {
      throw new PrometheusApiError(
        'unexpected_result',
        `expected a vector from ${JSON.stringify(expr)}, got a ${response.data.resultType}`,
        'api/v1/query',
        200,
      );
    }
    return { ...response, data: [...response.data.result] };
  }

  /**
   * The one number an expression such as `sum(rate(errors[5m])) / sum(rate(requests[5m]))`
   * yields: a scalar, or a vector of one element. `undefined` for an empty vector (no data),
   * which callers must treat as "not assessed", never as zero.
   */
  async querySingleValue(expr: string, options: InstantQueryOptions = {}): Promise<number | undefined> {
    const { data } = await this.query(expr, options);
    if (data.resultType === 'scalar') return data.result.value;
    if (data.resultType === 'vector' && data.result.length <= 1) return data.result[0]?.value;
    const what = data.resultType === 'vector' ? `a vector of ${data.result.length} series` : `a ${data.resultType}`;
    throw new PrometheusApiError(
      'unexpected_result',
      `expected one value from ${JSON.stringify(expr)}, got ${what}`,
      'api/v1/query',
      200,
    );
  }

  /** A range query; always a matrix. */
  async queryRange(expr: string, options: RangeQueryOptions): Promise<QueryResponse<RangeSeries[]>> {
    const { start, end, stepSeconds } = options;
    if (!(stepSeconds > 0) || !Number.isFinite(stepSeconds))
      throw new RangeError(`stepSeconds must be positive, got ${stepSeconds}`);
    const spanSeconds = (end.getTime() - start.getTime()) / 1000;
    if (!(spanSeconds >= 0)) throw new RangeError('range end must not be before its start');
    const points = Math.floor(spanSeconds / stepSeconds) + 1;
    if (points > MAX_RANGE_POINTS) {
      throw new RangeError(
        `${points} points per series exceed Prometheus's limit of ${MAX_RANGE_POINTS}; use a larger step`,
      );
    }
    const params = new URLSearchParams({
      query: expr,
      start: unixSeconds(start),
      end: unixSeconds(end),
      step: String(stepSeconds),
    });
    const response = await this.call('api/v1/query_range', params, options.timeoutMs);
    if (response.data.resultType !== 'matrix') {
      throw new PrometheusApiError(
        'bad_response',
        `query_range answered a ${response.data.resultType}`,
        'api/v1/query_range',
        200,
      );
    }
    return { ...response, data: [...response.data.result] };
  }

  private async call(
    endpoint: string,
    params: URLSearchParams,
    timeoutMs = this.timeoutMs,
  ): Promise<QueryResponse<QueryData>> {
    // Let Prometheus give up a little before we do, so its clearer timeout error reaches us.
    params.set('timeout', `${Math.max(1, Math.floor(timeoutMs * 0.9))}ms`);
    const url = new URL(endpoint, this.base);
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    let status: number | null = null;
    let text: string;
    try {
      // POST keeps long expressions out of URLs and access logs; Prometheus accepts both.
      const response = await this.doFetch(url, {
        method: 'POST',
        headers: { ...this.headers, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: params.toString(),
        signal: controller.signal,
      });
      status = response.status;
      text = await readTextCapped(response, this.maxResponseBytes);
    } catch (err) {
      if (controller.signal.aborted) {
        throw new PrometheusApiError(
          'client_timeout',
          `no complete answer from ${url.origin} within ${timeoutMs} ms`,
          endpoint,
          status,
        );
      }
      if (err instanceof ResponseTooLargeError)
        throw new PrometheusApiError('too_large', err.message, endpoint, status);
      const cause = err instanceof Error && err.cause instanceof Error ? `: ${err.cause.message}` : '';
      const message = err instanceof Error ? err.message : String(err);
      throw new PrometheusApiError('network', `cannot reach ${url.origin}: ${message}${cause}`, endpoint, status);
    } finally {
      clearTimeout(timer);
    }
    return parseApiResponse(text, endpoint, status);
  }
}

/** Turns the API's JSON envelope into data or a PrometheusApiError. Exported for tests. */
export function parseApiResponse(text: string, endpoint: string, httpStatus: number | null): QueryResponse<QueryData> {
  const bad: Complain = (message, errorType = 'bad_response') =>
    new PrometheusApiError(errorType, message, endpoint, httpStatus);
  let body: Json;
  try {
    body = JSON.parse(text);
  } catch {
    const snippet = text.length > 200 ? `${text.slice(0, 200)}...` : text;
    throw bad(`HTTP ${httpStatus ?? '?'} with a body that is not JSON: ${JSON.stringify(snippet)}`);
  }
  if (!isRecord(body)) throw bad(`HTTP ${httpStatus ?? '?'} with JSON that is not an object`);
  if (body['status'] === 'error') {
    const errorType = typeof body['errorType'] === 'string' ? body['errorType'] : 'unknown';
    const message = typeof body['error'] === 'string' ? body['error'] : '(no message)';
    throw new PrometheusApiError(errorType, message, endpoint, httpStatus);
  }
  if (body['status'] !== 'success')
    throw bad(`HTTP ${httpStatus ?? '?'} with status ${JSON.stringify(body['status'])}`);
  if (httpStatus !== null && (httpStatus < 200 || httpStatus > 299))
    throw bad(`HTTP ${httpStatus} yet status "success"`);
  return {
    data: parseData(body['data'], bad),
    warnings: stringList(body['warnings']),
    infos: stringList(body['infos']),
  };
}

/** Builds the error for a malformed answer; `bad_response` unless told otherwise. */
type Complain = (message: string, errorType?: string) => PrometheusApiError;

const NATIVE_HISTOGRAMS = 'native histogram samples are not supported; query a float series such as a _bucket rate';

function stringList(value: Json): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** Sample values travel as strings so that +Inf, -Inf and NaN survive JSON. */
function parseValue(raw: Json, bad: Complain): number {
  if (typeof raw !== 'string') throw bad(`sample value ${JSON.stringify(raw)} is not a string`);
  if (raw === '+Inf' || raw === 'Inf') return Infinity;
  if (raw === '-Inf') return -Infinity;
  if (raw === 'NaN') return NaN;
  const value = Number(raw);
  if (raw.trim() === '' || Number.isNaN(value)) throw bad(`sample value ${JSON.stringify(raw)} is not a number`);
  return value;
}

function parsePoint(raw: Json, bad: Complain): RangePoint {
  if (!Array.isArray(raw) || raw.length !== 2 || typeof raw[0] !== 'number') {
    throw bad(`expected a [timestamp, "value"] pair, got ${JSON.stringify(raw)?.slice(0, 100)}`);
  }
  return { timestamp: raw[0], value: parseValue(raw[1], bad) };
}

function parseMetric(raw: Json, bad: Complain): SeriesLabels {
  if (!isRecord(raw)) throw bad('series without a "metric" object');
  const labels = Object.create(null) as Record<string, string>;
  for (const [name, value] of Object.entries(raw)) {
    if (typeof value !== 'string') throw bad(`label ${name} is not a string`);
    labels[name] = value;
  }
  return Object.freeze(labels);
}

function parseData(raw: Json, bad: Complain): QueryData {
  if (!isRecord(raw)) throw bad('"data" is missing');
  const result = raw['result'];
  switch (raw['resultType']) {
    case 'vector':
      if (!Array.isArray(result)) throw bad('vector result is not an array');
      return {
        resultType: 'vector',
        result: result.map((element: Json) => {
          if (!isRecord(element)) throw bad('vector element is not an object');
          if (element['value'] === undefined && element['histogram'] !== undefined) {
            throw bad(NATIVE_HISTOGRAMS, 'unsupported');
          }
          const { timestamp, value } = parsePoint(element['value'], bad);
          return { metric: parseMetric(element['metric'], bad), timestamp, value };
        }),
      };
    case 'matrix':
      if (!Array.isArray(result)) throw bad('matrix result is not an array');
      return {
        resultType: 'matrix',
        result: result.map((series: Json) => {
          if (!isRecord(series)) throw bad('matrix series is not an object');
          if (series['values'] === undefined && series['histograms'] !== undefined) {
            throw bad(NATIVE_HISTOGRAMS, 'unsupported');
          }
          const values = series['values'];
          if (!Array.isArray(values)) throw bad('matrix series has no "values" array');
          return { metric: parseMetric(series['metric'], bad), values: values.map((p: Json) => parsePoint(p, bad)) };
        }),
      };
    case 'scalar':
      return { resultType: 'scalar', result: parsePoint(result, bad) };
    case 'string': {
      if (
        !Array.isArray(result) ||
        result.length !== 2 ||
        typeof result[0] !== 'number' ||
        typeof result[1] !== 'string'
      ) {
        throw bad('string result is not a [timestamp, "text"] pair');
      }
      return { resultType: 'string', result: { timestamp: result[0], value: result[1] } };
    }
    default:
      throw bad(`unknown resultType ${JSON.stringify(raw['resultType'])}`);
  }
}
