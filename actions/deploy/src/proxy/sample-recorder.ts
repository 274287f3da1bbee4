import type { RoleSample } from '../metrics/role-sample.js';
import type { Role } from '../model/roles.js';

interface Window {
  latenciesMs: number[];
  /** Latencies offered to the reservoir so far (all requests with a latency). */
  seen: number;
  requests: number;
  errors: number;
}

/**
 * Per-role request observations between two takeSamples() calls. Counts are exact; latencies are
 * kept in full up to `maxPerRole` and beyond that as a uniform reservoir sample (Algorithm R), so
 * memory stays bounded under heavy load while quantiles and rank tests stay unbiased.
 */
export class SampleRecorder {
  private windows = new Map<Role, Window>();
  private fromMs: number;

  constructor(
    private readonly maxPerRole = 200_000,
    private readonly random: () => number = Math.random,
    private readonly now: () => number = Date.now,
  ) {
    this.fromMs = now();
  }

  record(role: Role, latencyMs: number, failed: boolean): void {
    let window = this.windows.get(role);
    if (!window) {
      window = { latenciesMs: [], seen: 0, requests: 0, errors: 0 };
      this.windows.set(role, window);
    }
    window.requests += 1;
    if (failed) window.errors += 1;
    window.seen += 1;
    if (window.latenciesMs.length < this.maxPerRole) {
      window.latenciesMs.push(latencyMs);
    } else {
      const slot = Math.floor(this.random() * window.seen);
      if (slot < this.maxPerRole) window.latenciesMs[slot] = latencyMs;
    }
  }

  /** Samples since the previous call; `alsoRoles` get an entry with zero requests when idle. */
  take(alsoRoles: Iterable<Role> = []): Partial<Record<Role, RoleSample>> {
    const toMs = this.now();
    const fromMs = this.fromMs;
    const windows = this.windows;
    this.windows = new Map();
    this.fromMs = toMs;
    const out: Partial<Record<Role, RoleSample>> = {};
    for (const role of alsoRoles) {
      out[role] = { role, granularity: 'request', latenciesMs: [], requests: 0, errors: 0, fromMs, toMs };
    }
    for (const [role, window] of windows) {
      out[role] = {
        role,
        granularity: 'request',
        latenciesMs: window.latenciesMs,
        requests: window.requests,
        errors: window.errors,
        fromMs,
        toMs,
      };
    }
    return out;
  }
}
