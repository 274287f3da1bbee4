/**
 * A small closed-loop load generator for the proxy and driver tests: `concurrency` workers send
 * GET requests back to back over keep-alive connections until stopped, and every answer is
 * tallied by status and role. A failed request is a status >= 500 or a connection error.
 */
import http from 'node:http';

export interface LoadTally {
  requests: number;
  failures: number;
  byStatus: Record<string, number>;
  byRole: Record<string, number>;
  /** Up to 20 descriptions of failures, for assertion messages. */
  failureNotes: string[];
}

export interface RunningLoad {
  readonly tally: LoadTally;
  /** Resolves once `count` more requests have completed (pace steps by traffic, not by time,
   * so a slow machine still sends traffic through every step). */
  more(count: number): Promise<void>;
  /** Stops sending and resolves when every worker's last request is over. */
  stop(): Promise<LoadTally>;
}

export function emptyTally(): LoadTally {
  return { requests: 0, failures: 0, byStatus: {}, byRole: {}, failureNotes: [] };
}

/** One GET through `agent`; resolves with status, headers and body (never rejects). */
export function get(
  url: string,
  headers: Record<string, string> = {},
  agent?: http.Agent,
): Promise<{ status: number; role?: string; version?: string; body: string; error?: string }> {
  return new Promise((resolve) => {
    const req = http.get(url, { headers, agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          role: res.headers['x-elder-role'] as string | undefined,
          version: res.headers['x-elder-version'] as string | undefined,
          body,
        }),
      );
      res.on('error', (err) => resolve({ status: 0, body, error: err.message }));
    });
    req.on('error', (err) => resolve({ status: 0, body: '', error: err.message }));
  });
}

export function startLoad(url: string, concurrency = 8): RunningLoad {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const tally = emptyTally();
  let stopped = false;
  const worker = async (): Promise<void> => {
    while (!stopped) {
      const answer = await get(url, {}, agent);
      tally.requests += 1;
      tally.byStatus[String(answer.status)] = (tally.byStatus[String(answer.status)] ?? 0) + 1;
      if (answer.role) tally.byRole[answer.role] = (tally.byRole[answer.role] ?? 0) + 1;
      if (answer.status === 0 || answer.status >= 500) {
        tally.failures += 1;
        if (tally.failureNotes.length < 20)
          tally.failureNotes.push(`${answer.status} ${answer.error ?? answer.body.trim()}`);
      }
    }
  };
  const workers = Array.from({ length: concurrency }, () => worker());
  return {
    tally,
    async more(count) {
      const target = tally.requests + count;
      while (tally.requests < target && !stopped) await delay(5);
    },
    async stop() {
      stopped = true;
      await Promise.all(workers);
      agent.destroy();
      return tally;
    },
  };
}

/** Sends `total` requests with `concurrency` in flight, each with headers from `headersFor(i)`. */
export async function sendMany(
  url: string,
  total: number,
  concurrency = 16,
  headersFor: (i: number) => Record<string, string> = () => ({}),
): Promise<Array<Awaited<ReturnType<typeof get>>>> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const answers = new Array<Awaited<ReturnType<typeof get>>>(total);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < total) {
      const i = next;
      next += 1;
      answers[i] = await get(url, headersFor(i), agent);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, () => worker()));
  agent.destroy();
  return answers;
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
