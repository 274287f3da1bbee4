import { PrometheusApiError, PrometheusClient } from '../../../../shared/metrics/prometheus-api.js';
import type { Role } from '../model/roles.js';
import { PromqlTemplate, type TemplateValues } from './promql-template.js';
import type { MetricsSource, RoleSample } from './role-sample.js';

export interface PromqlTemplates {
  /** Latency in ms per step, one series (range query). */
  latencyMs: string;
  /** Requests in the whole window, one value (instant query at the window's end). */
  requests: string;
  /** Failed requests in the whole window, one value; an empty result means none failed. */
  errors: string;
}

/**
 * Defaults for the example service (examples/service): `http_requests_total{version,code,route}`
 * and the `http_request_duration_seconds` histogram, counted on the business route `/` only.
 * `version` is the service's own label; `role` must be a target label set in the scrape config,
 * because the stable and the baseline run the same version and only the role tells them apart.
 * Latency is the mean per step (sum/count): exact, unlike a histogram quantile interpolated
 * within 5 ms to 10 s buckets, and what the judge compares step by step.
 */
const SELECTOR = 'version="{{version}}",role="{{role}}",route="/"';
export const DEFAULT_PROMQL_TEMPLATES: PromqlTemplates = {
  latencyMs:
    `1000 * sum(rate(http_request_duration_seconds_sum{${SELECTOR}}[{{window}}]))` +
    ` / sum(rate(http_request_duration_seconds_count{${SELECTOR}}[{{window}}]))`,
  requests: `sum(increase(http_requests_total{${SELECTOR}}[{{range}}]))`,
  errors: `sum(increase(http_requests_total{${SELECTOR},code=~"5.."}[{{range}}]))`,
};

export interface PrometheusMetricsSourceOptions {
  /** Prometheus base URL, e.g. `http://127.0.0.1:9090`; named in every error. */
  url: string;
  /** Injected in tests; defaults to a client for `url`. */
  client?: PrometheusClient;
  /** The version each role runs now (fills `{{version}}`); a function is read at every collect. */
  versions: Partial<Record<Role, string>> | (() => Partial<Record<Role, string>>);
  templates?: Partial<PromqlTemplates>;
  /** Step of the latency series, seconds; default 60. */
  stepSeconds?: number;
  /** `{{window}}` of rate() per step, seconds; default stepSeconds (>= 2 scrape intervals!). */
  rateWindowSeconds?: number;
  timeoutMs?: number;
}

/** A RoleSample plus why it may be empty; an empty sample must never read as a pass. */
export interface PrometheusRoleSample extends RoleSample {
  reasons: string[];
}

export class PrometheusUnreachableError extends Error {
  constructor(
    readonly url: string,
    cause: Error,
  ) {
    super(`Prometheus at ${url} is unreachable: ${cause.message}`);
    this.name = 'PrometheusUnreachableError';
  }
}

/**
 * Samples per role from Prometheus: a latency series of one value per step (granularity
 * `interval`) and request/error counts over the window from `increase()`, rounded. No data or
 * NaN gives requests 0 and a reason, so the judge sees "no data" and says inconclusive.
 */
export class PrometheusMetricsSource implements MetricsSource {
  readonly name = 'prometheus' as const;
  private readonly client: PrometheusClient;
  private readonly templates: Record<keyof PromqlTemplates, PromqlTemplate>;
  private readonly stepSeconds: number;
  private readonly windowSeconds: number;

  constructor(private readonly options: PrometheusMetricsSourceOptions) {
    this.client =
      options.client ?? new PrometheusClient({ baseUrl: options.url, timeoutMs: options.timeoutMs ?? 30_000 });
    const all = { ...DEFAULT_PROMQL_TEMPLATES, ...options.templates };
    this.templates = {
      latencyMs: PromqlTemplate.parse(all.latencyMs, 'deploy.prometheus.queries.latency'),
      requests: PromqlTemplate.parse(all.requests, 'deploy.prometheus.queries.requests'),
      errors: PromqlTemplate.parse(all.errors, 'deploy.prometheus.queries.errors'),
    };
    this.stepSeconds = options.stepSeconds ?? 60;
    this.windowSeconds = options.rateWindowSeconds ?? this.stepSeconds;
    if (!(this.stepSeconds > 0) || !(this.windowSeconds > 0)) throw new RangeError('step and window must be positive');
  }

  async collect(
    roles: readonly Role[],
    fromMs: number,
    toMs: number,
  ): Promise<Partial<Record<Role, PrometheusRoleSample>>> {
    if (!(toMs > fromMs)) throw new RangeError(`empty window [${fromMs}, ${toMs})`);
    const versions = typeof this.options.versions === 'function' ? this.options.versions() : this.options.versions;
    const out: Partial<Record<Role, PrometheusRoleSample>> = {};
    for (const role of roles) {
      const version = versions[role];
      const sample: PrometheusRoleSample = {
        role,
        granularity: 'interval',
        latenciesMs: [],
        requests: 0,
        errors: 0,
        fromMs,
        toMs,
        reasons: [],
      };
      out[role] = sample;
      if (version === undefined) {
        sample.reasons.push(`no version is known for ${role}; nothing to query`);
        continue;
      }
      const values: TemplateValues = {
        version,
        role,
        window: this.windowSeconds,
        range: Math.max(1, Math.round((toMs - fromMs) / 1000)),
      };
      await this.fill(sample, values, toMs);
    }
    return out;
  }

  private async fill(sample: PrometheusRoleSample, values: TemplateValues, toMs: number): Promise<void> {
    const at = new Date(toMs);
    const requestsQuery = this.templates.requests.render(values);
    const requests = await this.ask('requests', sample.role, () =>
      this.client.querySingleValue(requestsQuery, { time: at }),
    );
    if (requests === undefined || !Number.isFinite(requests)) {
      sample.reasons.push(
        `requests query returned ${requests === undefined ? 'no data' : String(requests)} for ${sample.role} ` +
          `(${values.version}): ${requestsQuery}`,
      );
      return;
    }
    sample.requests = Math.max(0, Math.round(requests));
    const errorsQuery = this.templates.errors.render(values);
    const errors = await this.ask('errors', sample.role, () => this.client.querySingleValue(errorsQuery, { time: at }));
    if (errors !== undefined && !Number.isFinite(errors)) {
      // NaN errors with real requests is a broken query, not "no errors": refuse the whole sample.
      sample.reasons.push(`errors query returned ${errors} for ${sample.role}: ${errorsQuery}`);
      sample.requests = 0;
      return;
    }
    sample.errors = Math.min(sample.requests, Math.max(0, Math.round(errors ?? 0)));

    const latencyQuery = this.templates.latencyMs.render(values);
    const stepMs = this.stepSeconds * 1000;
    const start = new Date(Math.min(sample.fromMs + stepMs, toMs));
    const range = await this.ask('latency', sample.role, () =>
      this.client.queryRange(latencyQuery, { start, end: at, stepSeconds: this.stepSeconds }),
    );
    if (range.data.length > 1) {
      throw new Error(
        `Prometheus at ${this.options.url}: the latency query must yield one series, got ${range.data.length}: ${latencyQuery}`,
      );
    }
    const points = range.data[0]?.values ?? [];
    sample.latenciesMs = points.map((p) => p.value).filter((v) => Number.isFinite(v));
    if (sample.latenciesMs.length === 0) {
      sample.reasons.push(`latency query returned no finite values for ${sample.role}: ${latencyQuery}`);
    } else if (sample.latenciesMs.length < points.length) {
      sample.reasons.push(`${points.length - sample.latenciesMs.length} latency step(s) were NaN/Inf and dropped`);
    }
  }

  private async ask<T>(what: string, role: Role, query: () => Promise<T>): Promise<T> {
    try {
      return await query();
    } catch (err) {
      if (err instanceof PrometheusApiError && ['network', 'client_timeout'].includes(err.errorType)) {
        throw new PrometheusUnreachableError(this.options.url, err);
      }
      const message = err instanceof Error ? err.message : String(err);
      throw new Error(`Prometheus at ${this.options.url} failed the ${what} query for ${role}: ${message}`);
    }
  }
}
