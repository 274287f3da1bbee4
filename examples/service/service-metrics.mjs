// The metrics this service exposes on /metrics. Names follow Prometheus conventions so the
// suite's queries (rates, error ratios, histogram_quantile) work on it as on a real service.

import { Registry } from './metrics.mjs';

/** Routes are a fixed set so a client requesting random paths cannot grow the label space. */
export const ROUTES = Object.freeze(['/', '/healthz', '/metrics', '/admin/fault']);
export const UNMATCHED_ROUTE = 'unmatched';

export function createServiceMetrics(version) {
  const registry = new Registry();
  const requests = registry.counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by service version, status code and route.',
    labelNames: ['version', 'code', 'route'],
  });
  const duration = registry.histogram({
    name: 'http_request_duration_seconds',
    help: 'Time from receiving a request to finishing its response, by version and route.',
    labelNames: ['version', 'route'],
  });
  const inFlight = registry.gauge({
    name: 'http_requests_in_flight',
    help: 'Requests received but not yet answered.',
    labelNames: ['version'],
  });
  inFlight.set({ version }, 0);
  registry.gauge({
    name: 'process_resident_memory_bytes',
    help: 'Resident memory size in bytes.',
    collect: (gauge) => gauge.set({}, process.memoryUsage.rss()),
  });
  registry
    .gauge({
      name: 'process_start_time_seconds',
      help: 'Start time of the process since the Unix epoch in seconds.',
    })
    .set({}, Math.round((Date.now() - process.uptime() * 1000) / 10) / 100);
  registry
    .gauge({
      name: 'app_info',
      help: 'Always 1; its labels say which version of the example service is running.',
      labelNames: ['version'],
    })
    .set({ version }, 1);
  return { registry, requests, duration, inFlight };
}
