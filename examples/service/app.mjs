// The request handler of the example service, separate from listening and signals so the
// tests can drive it on an ephemeral port in-process and measure its coverage.

import { FaultSettingsError, FaultSwitch } from './fault.mjs';
import { BodyTooLargeError, readBody } from './http-body.mjs';
import { isDirectLocalRequest } from './loopback.mjs';
import { EXPOSITION_CONTENT_TYPE } from './metrics.mjs';
import { ROUTES, UNMATCHED_ROUTE, createServiceMetrics } from './service-metrics.mjs';

/** The business payload of GET /. v2 adds a field, so a canary can tell the versions apart
 * by content as well as by the x-service-version header. */
export function catalogueItem(version) {
  const item = { id: 'tea-001', name: 'Green tea', priceCents: 450 };
  return version === 'v1' ? item : { ...item, currency: 'EUR' };
}

const ALLOWED_METHODS = Object.freeze({
  '/': ['GET'],
  '/healthz': ['GET'],
  '/metrics': ['GET'],
  '/admin/fault': ['GET', 'POST'],
});

function defaultSleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Builds the handler. `fault` defaults to a switch with no faults; `sleep` is injectable so a
 * unit test can observe the requested delay without waiting for it.
 */
export function createApp({ version = 'v1', fault = new FaultSwitch(), sleep = defaultSleep } = {}) {
  const metrics = createServiceMetrics(version);
  let draining = false;

  function send(res, status, body, contentType = 'application/json; charset=utf-8') {
    const text = typeof body === 'string' ? body : `${JSON.stringify(body)}\n`;
    res.statusCode = status;
    res.setHeader('content-type', contentType);
    res.setHeader('cache-control', 'no-store');
    res.setHeader('x-service-version', version);
    // While shutting down, tell keep-alive clients to reconnect (to another instance).
    if (draining) res.setHeader('connection', 'close');
    res.end(text);
  }

  function record(req, res, route) {
    const started = process.hrtime.bigint();
    metrics.inFlight.inc({ version });
    res.once('close', () => metrics.inFlight.dec({ version }));
    // Counted when the response is complete; a request whose client hung up is not an answer.
    res.once('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics.requests.inc({ version, code: String(res.statusCode), route });
      metrics.duration.observe({ version, route }, seconds);
    });
  }

  async function home(res) {
    const { delayMs, fail } = fault.decide();
    if (delayMs > 0) await sleep(delayMs);
    if (fail) {
      send(res, 500, { error: 'injected fault', version });
      return;
    }
    send(res, 200, {
      service: 'elder-example',
      version,
      greeting: `Hello from ${version}`,
      item: catalogueItem(version),
    });
  }

  function health(res) {
    if (fault.unhealthy) send(res, 503, { status: 'unhealthy', version });
    else send(res, 200, { status: 'ok', version });
  }

  async function admin(req, res) {
    if (!isDirectLocalRequest(req)) {
      send(res, 403, { error: 'the admin endpoint answers only direct requests from loopback' });
      return;
    }
    if (req.method === 'GET') {
      send(res, 200, fault.snapshot());
      return;
    }
    let body;
    try {
      body = await readBody(req);
    } catch (err) {
      if (!(err instanceof BodyTooLargeError)) throw err;
      // The unread rest of the body would be taken for the next request; drop the connection.
      res.setHeader('connection', 'close');
      send(res, 413, { error: err.message });
      return;
    }
    let settings;
    try {
      settings = JSON.parse(body.toString('utf8'));
    } catch {
      send(res, 400, { error: 'body must be JSON, e.g. {"latencyMs":200,"errorRate":0.1,"unhealthy":false}' });
      return;
    }
    try {
      send(res, 200, fault.update(settings));
    } catch (err) {
      if (!(err instanceof FaultSettingsError)) throw err;
      send(res, 400, { error: err.message });
    }
  }

  async function handle(req, res) {
    // Split by hand: new URL() would read "//host/x" as a host and misroute it.
    const path = (req.url ?? '/').split('?')[0];
    const route = ROUTES.includes(path) ? path : UNMATCHED_ROUTE;
    record(req, res, route);
    try {
      if (route === UNMATCHED_ROUTE) {
        send(res, 404, { error: 'not found' });
        return;
      }
      const allowed = ALLOWED_METHODS[route];
      if (!allowed.includes(req.method)) {
        res.setHeader('allow', allowed.join(', '));
        send(res, 405, { error: `method ${req.method} not allowed on ${route}` });
        return;
      }
      if (route === '/') await home(res);
      else if (route === '/healthz') health(res);
      else if (route === '/metrics') send(res, 200, metrics.registry.render(), EXPOSITION_CONTENT_TYPE);
      else await admin(req, res);
    } catch (err) {
      console.error(JSON.stringify({ event: 'error', route, message: String(err?.stack ?? err) }));
      // A bug must still produce an answer, or the client would hang until its timeout.
      if (!res.headersSent) send(res, 500, { error: 'internal error' });
      else res.destroy(err);
    }
  }

  return {
    handle,
    metrics,
    fault,
    version,
    /** Called by the server when shutdown starts. */
    startDraining() {
      draining = true;
    },
  };
}
