import type { Role } from '../model/roles.js';

/**
 * What analysis needs about one role over one window. From the local proxy, `latenciesMs` holds
 * one value per request; from Prometheus it holds one value per scrape interval (a quantile
 * series), and `granularity` says which, because the judge's sample sizes mean different things.
 */
export interface RoleSample {
  role: Role;
  granularity: 'request' | 'interval';
  /** Latency observations in milliseconds (successful and failed requests alike). */
  latenciesMs: number[];
  /** Requests counted in the window. */
  requests: number;
  /** Requests that failed: status >= 500, connection error or timeout. */
  errors: number;
  /** Window bounds, epoch milliseconds. */
  fromMs: number;
  toMs: number;
}

/** Where samples come from: the proxy (zero configuration) or Prometheus (PromQL templates). */
export interface MetricsSource {
  readonly name: 'proxy' | 'prometheus';
  /** Samples for the roles asked, over [fromMs, toMs). A role with no data has requests 0. */
  collect(roles: readonly Role[], fromMs: number, toMs: number): Promise<Partial<Record<Role, RoleSample>>>;
}
