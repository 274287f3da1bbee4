/**
 * HTTP probing: one timed request (`probe`) and a bounded batch of them (`probeRepeatedly`).
 * Phases use it for health checks, smoke tests and for latency samples to compare versions,
 * so a probe never throws for a failing target: the failure is the measurement.
 */
import { readBodyCapped } from './bounded-body.js';

export interface ProbeOptions {
  /** Whole request including the body; default 5000. */
  readonly timeoutMs?: number;
  /** Status (or statuses) counted as success; default any 2xx. */
  readonly expectStatus?: number | readonly number[];
  readonly method?: 'GET' | 'HEAD';
  readonly headers?: Readonly<Record<string, string>>;
  /** Body bytes read (and timed) before the rest is dropped; default 1 MiB. */
  readonly maxBodyBytes?: number;
  /** Stops the probe (and, for probeRepeatedly, starts no more). */
  readonly signal?: AbortSignal;
  /** Injected in tests; defaults to the global fetch. */
  readonly fetch?: typeof fetch;
}

export interface ProbeResult {
  /** Expected status received and body read without error. */
  readonly ok: boolean;
  /** HTTP status, or null when no response arrived (refused, reset, timed out). */
  readonly status: number | null;
  /** From sending the request to the end of the (capped) body. */
  readonly latencyMs: number;
  readonly bytes: number;
  readonly error?: string;
}

export interface RepeatedProbeOptions extends ProbeOptions {
  /** How many probes, 1 to MAX_PROBE_COUNT. */
  readonly count: number;
  /** Probes in flight at once; default 1, at most MAX_PROBE_CONCURRENCY. */
  readonly concurrency?: number;
  /** Minimum gap between the starts of consecutive probes, across all workers; default 0. */
  readonly intervalMs?: number;
}

export interface RepeatedProbeSummary {
  /** In the order the probes were started. */
  readonly results: readonly ProbeResult[];
  readonly latenciesMs: readonly number[];
  /** Keyed by status code, or `error` for probes that got no response. */
  readonly statusCounts: Readonly<Record<string, number>>;
  readonly okCount: number;
  readonly failedCount: number;
  /** Probes not started because the signal was aborted. */
  readonly skipped: number;
  readonly durationMs: number;
}

export const DEFAULT_PROBE_TIMEOUT_MS = 5000;
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
export const MAX_PROBE_COUNT = 100_000;
export const MAX_PROBE_CONCURRENCY = 256;
export const MAX_PROBE_INTERVAL_MS = 60_000;
const MAX_TIMEOUT_MS = 600_000;

function requireInteger(value: number, name: string, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} must be a whole number from ${min} to ${max}, got ${value}`);
  }
}

function statusExpected(status: number, expect: ProbeOptions['expectStatus']): boolean {
  if (expect === undefined) return status >= 200 && status <= 299;
  return typeof expect === 'number' ? status === expect : expect.includes(status);
}

function describeExpectation(expect: ProbeOptions['expectStatus']): string {
  if (expect === undefined) return '2xx';
  return typeof expect === 'number' ? String(expect) : expect.join(' or ');
}

/** fetch says only "fetch failed"; the reason (ECONNREFUSED, ENOTFOUND...) is in its cause. */
function describeFetchError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = err.cause instanceof Error ? err.cause : undefined;
  return cause ? `${err.message}: ${cause.message}` : err.message;
}

/** One request, timed. Never throws for the target's failures; only for invalid options. */
export async function probe(url: string | URL, options: ProbeOptions = {}): Promise<ProbeResult> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS;
  requireInteger(timeoutMs, 'timeoutMs', 1, MAX_TIMEOUT_MS);
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  requireInteger(maxBodyBytes, 'maxBodyBytes', 0, Number.MAX_SAFE_INTEGER);
  const doFetch = options.fetch ?? fetch;

  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const onOuterAbort = (): void => controller.abort();
  options.signal?.addEventListener('abort', onOuterAbort, { once: true });
  if (options.signal?.aborted) controller.abort();

  const started = performance.now();
  let status: number | null = null;
  try {
    const response = await doFetch(url, {
      method: options.method ?? 'GET',
      headers: { 'user-agent': 'ancient-elder-probe', ...options.headers },
      // A probe reports what this URL answers; following a redirect would time another one.
      redirect: 'manual',
      signal: controller.signal,
    });
    status = response.status;
    const { bytes } = await readBodyCapped(response, maxBodyBytes);
    const latencyMs = performance.now() - started;
    if (!statusExpected(status, options.expectStatus)) {
      const error = `expected status ${describeExpectation(options.expectStatus)}, got ${status}`;
      return { ok: false, status, latencyMs, bytes: bytes.byteLength, error };
    }
    return { ok: true, status, latencyMs, bytes: bytes.byteLength };
  } catch (err) {
    const latencyMs = performance.now() - started;
    let error: string;
    if (timedOut) error = `timed out after ${timeoutMs} ms`;
    else if (options.signal?.aborted) error = 'aborted';
    else error = describeFetchError(err);
    // status stays set when the headers arrived but the body failed: the target did answer.
    return { ok: false, status, latencyMs, bytes: 0, error };
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onOuterAbort);
  }
}

/** Waits, but wakes early when the signal aborts, so stopping never waits out an interval. */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const wake = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', wake);
      resolve();
    };
    const timer = setTimeout(wake, ms);
    signal?.addEventListener('abort', wake, { once: true });
  });
}

/**
 * `count` probes with at most `concurrency` in flight and starts at least `intervalMs` apart.
 * Bounded by construction: every loop is over a fixed count, each probe has a timeout.
 */
export async function probeRepeatedly(url: string | URL, options: RepeatedProbeOptions): Promise<RepeatedProbeSummary> {
  const { count, concurrency = 1, intervalMs = 0 } = options;
  requireInteger(count, 'count', 1, MAX_PROBE_COUNT);
  requireInteger(concurrency, 'concurrency', 1, MAX_PROBE_CONCURRENCY);
  requireInteger(intervalMs, 'intervalMs', 0, MAX_PROBE_INTERVAL_MS);

  const results: Array<ProbeResult | undefined> = new Array<ProbeResult | undefined>(count).fill(undefined);
  const started = performance.now();
  let next = 0;
  let nextStartAt = started;

  async function worker(): Promise<void> {
    while (next < count && !options.signal?.aborted) {
      const index = next;
      next += 1;
      // Reserve a start slot before waiting, so concurrent workers keep the spacing.
      const now = performance.now();
      const startAt = Math.max(now, nextStartAt);
      nextStartAt = startAt + intervalMs;
      if (startAt > now) await sleep(startAt - now, options.signal);
      if (options.signal?.aborted) break;
      results[index] = await probe(url, options);
    }
  }

  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, () => worker()));

  const done = results.filter((r): r is ProbeResult => r !== undefined);
  const statusCounts: Record<string, number> = {};
  for (const r of done) {
    const key = r.status === null ? 'error' : String(r.status);
    statusCounts[key] = (statusCounts[key] ?? 0) + 1;
  }
  const okCount = done.filter((r) => r.ok).length;
  return {
    results: done,
    latenciesMs: done.map((r) => r.latencyMs),
    statusCounts,
    okCount,
    failedCount: done.length - okCount,
    skipped: count - done.length,
    durationMs: performance.now() - started,
  };
}
