/**
 * Closed-loop load for the end-to-end deploy tests: `concurrency` workers send GET requests back
 * to back through the entry URL for the whole rollout, and every exchange is kept with its start
 * and end time, status, serving role and version, so a test can ask what happened in any window
 * (before a switch, after a rollback) and tell a candidate's own 500s from platform failures.
 */
import http from 'node:http';

export interface Exchange {
  worker: number;
  startMs: number;
  endMs: number;
  /** 0 for a connection error. */
  status: number;
  role?: string;
  version?: string;
  /** The user id sent (a/b testing). */
  user?: string;
  error?: string;
  /** Times the request was resent after its kept-alive connection was closed under it. */
  retries?: number;
}

export interface TrafficOptions {
  concurrency: number;
  /** Keep-alive connections (default) or a fresh connection per request (as many users would). */
  keepAlive?: boolean;
  /** Extra headers for request `i` of `worker` (e.g. a user id). */
  headersFor?(worker: number, i: number): Record<string, string>;
  /** Gives up on a request after this long (ms); it counts as a connection error. */
  timeoutMs?: number;
  /**
   * Resend a GET (up to 3 times) when it failed on a reused kept-alive connection before any
   * answer, as browsers do and HTTP allows for idempotent requests: a server closing an idle
   * connection can race the client's next request on it (nginx does on every reload).
   */
  retryReusedConnection?: boolean;
}

export interface RunningTraffic {
  readonly exchanges: readonly Exchange[];
  /** Resolves once `count` more requests have completed. */
  more(count: number): Promise<void>;
  stop(): Promise<Exchange[]>;
}

export function startTraffic(url: string, options: TrafficOptions): RunningTraffic {
  const keepAlive = options.keepAlive ?? true;
  const agent = keepAlive ? new http.Agent({ keepAlive: true, maxSockets: options.concurrency }) : false;
  const exchanges: Exchange[] = [];
  let stopped = false;
  const worker = async (id: number): Promise<void> => {
    for (let i = 0; !stopped; i++) {
      const headers = options.headersFor?.(id, i) ?? {};
      let exchange = await send(url, headers, agent, options.timeoutMs ?? 15_000);
      for (let retry = 1; retry <= 3 && options.retryReusedConnection && exchange.reusedConnection; retry++) {
        const startMs = exchange.startMs;
        exchange = { ...(await send(url, headers, agent, options.timeoutMs ?? 15_000)), startMs, retries: retry };
      }
      delete exchange.reusedConnection;
      exchange.worker = id;
      if (headers['x-user-id']) exchange.user = headers['x-user-id'];
      exchanges.push(exchange);
    }
  };
  const workers = Array.from({ length: options.concurrency }, (_, id) => worker(id));
  return {
    exchanges,
    async more(count) {
      const target = exchanges.length + count;
      while (exchanges.length < target && !stopped) await delay(10);
    },
    async stop() {
      stopped = true;
      await Promise.all(workers);
      if (agent) agent.destroy();
      return exchanges;
    },
  };
}

/** One GET; never rejects. `reusedConnection` marks a connection error on a kept-alive socket. */
export function send(
  url: string,
  headers: Record<string, string>,
  agent: http.Agent | false,
  timeoutMs = 15_000,
): Promise<Exchange & { reusedConnection?: boolean }> {
  const startMs = performance.timeOrigin + performance.now();
  const done = (rest: Omit<Exchange, 'worker' | 'startMs' | 'endMs'>): Exchange => ({
    worker: -1,
    startMs,
    endMs: performance.timeOrigin + performance.now(),
    ...rest,
  });
  return new Promise((resolve) => {
    const req = http.get(url, { headers, agent, timeout: timeoutMs }, (res) => {
      res.resume();
      res.on('end', () => {
        const exchange = done({ status: res.statusCode ?? 0 });
        const role = res.headers['x-elder-role'];
        const version = res.headers['x-elder-version'] ?? res.headers['x-service-version'];
        if (typeof role === 'string') exchange.role = role;
        if (typeof version === 'string') exchange.version = version;
        resolve(exchange);
      });
      res.on('error', (err) => resolve(done({ status: 0, error: err.message })));
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (err) =>
      resolve({ ...done({ status: 0, error: err.message }), reusedConnection: req.reusedSocket }),
    );
  });
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
