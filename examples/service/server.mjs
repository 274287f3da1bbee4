#!/usr/bin/env node
// Command-line entry of the example service. Prints one JSON line per lifecycle event on
// stdout so a parent process (the demo, the tests, a deploy driver) can read the port it got.

import { OptionsError, USAGE, parseOptions } from './options.mjs';
import { startService } from './service.mjs';

function emit(event) {
  process.stdout.write(`${JSON.stringify(event)}\n`);
}

let options;
try {
  options = parseOptions(process.argv.slice(2), process.env);
} catch (err) {
  if (!(err instanceof OptionsError)) throw err;
  process.stderr.write(`error: ${err.message}\n\n${USAGE}`);
  process.exit(2);
}
if (options.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}

let service;
try {
  service = await startService(options);
} catch (err) {
  process.stderr.write(`error: cannot listen on ${options.host}:${options.port}: ${err.message}\n`);
  process.exit(1);
}

let signalled = false;
async function shutdown(signal) {
  if (signalled) {
    // A second signal means "now": do not wait for the grace period.
    emit({ event: 'stopped', signal, forced: true });
    process.exit(1);
  }
  signalled = true;
  emit({ event: 'stopping', signal });
  const { forced } = await service.stop(options.shutdownGraceMs);
  emit({ event: 'stopped', signal, forced });
  // Exit explicitly: a cut request may still have a fault-latency timer pending.
  process.exit(forced ? 1 : 0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));

// Only now announce the port: a parent may signal us the moment it reads this line, and the
// handlers above must already be in place or the default action would kill us uncleanly.
emit({ event: 'listening', port: service.port, host: service.host, version: options.version, pid: process.pid });
