// Binds the handler to a port and knows how to stop gracefully: stop accepting, let in-flight
// requests finish, and only cut connections that outlive the grace period.

import http from 'node:http';

import { createApp } from './app.mjs';
import { FaultSwitch } from './fault.mjs';

/**
 * Starts listening and resolves once the port is known (port 0 asks the OS for a free one).
 * Returns the app (metrics, fault switch), the bound port, and stop(graceMs).
 */
export async function startService({ port = 0, host = '127.0.0.1', version = 'v1', fault = {} } = {}) {
  const app = createApp({ version, fault: new FaultSwitch(fault) });
  const server = http.createServer(app.handle);
  // Slow-loris protection: the whole request (not the response) must arrive within these.
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });

  let stopping;
  /** Resolves with forced=true when connections had to be cut after graceMs. Idempotent. */
  function stop(graceMs = 10_000) {
    stopping ??= new Promise((resolve) => {
      app.startDraining();
      let timer;
      server.close(() => {
        clearTimeout(timer);
        resolve({ forced: false });
      });
      // close() stops new connections; idle keep-alive sockets would otherwise hold it open.
      server.closeIdleConnections();
      timer = setTimeout(() => {
        server.closeAllConnections();
        resolve({ forced: true });
      }, graceMs);
      timer.unref();
    });
    return stopping;
  }

  return { app, server, host, port: server.address().port, stop };
}
