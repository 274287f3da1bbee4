// Turns command-line flags and environment variables into the service's settings. Flags win
// over the environment so a test can override whatever the parent process exported.

import { parseArgs } from 'node:util';

import { FaultSettingsError, validateFaultSettings } from './fault.mjs';

export const USAGE = `Usage: node server.mjs [--port N] [--host ADDR] [--version vN]

  --port N       port to listen on; 0 picks a free one (env PORT, default 8080)
  --host ADDR    address to bind (env HOST, default 127.0.0.1)
  --version vN   version this instance reports, e.g. v1 or v2 (env SERVICE_VERSION, default v1)
  --help         print this text

Fault switch (also settable at run time with POST /admin/fault):
  FAULT_LATENCY_MS   added latency per request, milliseconds
  FAULT_JITTER_MS    extra random latency, 0..N milliseconds
  FAULT_ERROR_RATE   fraction of requests answered with 500, 0..1
  FAULT_ERROR_MODE   random (seeded) or exact (evenly spread, exact rate)
  FAULT_SEED         seed for the random draws, 0..4294967295
  FAULT_UNHEALTHY    true makes /healthz answer 503
  SHUTDOWN_GRACE_MS  how long SIGTERM waits for in-flight requests (default 10000)
`;

export const VERSION_PATTERN = /^v\d+(\.\d+){0,2}$/;

/** A mistake in the flags or environment; server.mjs prints it with the usage and exits 2. */
export class OptionsError extends Error {
  constructor(message) {
    super(message);
    this.name = 'OptionsError';
  }
}

function parseInteger(text, what, min, max) {
  if (!/^\d+$/.test(text)) throw new OptionsError(`${what} must be a whole number, got ${JSON.stringify(text)}`);
  const value = Number(text);
  if (value < min || value > max) throw new OptionsError(`${what} must be from ${min} to ${max}, got ${value}`);
  return value;
}

function parseNumber(text, what) {
  // Number('') is 0 and Number('0x10') is 16; accept only plain decimals.
  if (!/^\d+(\.\d+)?$|^\.\d+$/.test(text))
    throw new OptionsError(`${what} must be a number, got ${JSON.stringify(text)}`);
  return Number(text);
}

function parseBoolean(text, what) {
  if (/^(true|1|yes)$/i.test(text)) return true;
  if (/^(false|0|no)$/i.test(text)) return false;
  throw new OptionsError(`${what} must be true or false, got ${JSON.stringify(text)}`);
}

/** Reads the FAULT_* variables that are set; unset ones keep the switch's defaults. */
function faultFromEnv(env) {
  const fault = {};
  const present = (name) => env[name] !== undefined && env[name] !== '';
  if (present('FAULT_LATENCY_MS')) fault.latencyMs = parseNumber(env.FAULT_LATENCY_MS, 'FAULT_LATENCY_MS');
  if (present('FAULT_JITTER_MS')) fault.jitterMs = parseNumber(env.FAULT_JITTER_MS, 'FAULT_JITTER_MS');
  if (present('FAULT_ERROR_RATE')) fault.errorRate = parseNumber(env.FAULT_ERROR_RATE, 'FAULT_ERROR_RATE');
  if (present('FAULT_ERROR_MODE')) fault.errorMode = env.FAULT_ERROR_MODE;
  if (present('FAULT_SEED')) fault.seed = parseInteger(env.FAULT_SEED, 'FAULT_SEED', 0, 0xffffffff);
  if (present('FAULT_UNHEALTHY')) fault.unhealthy = parseBoolean(env.FAULT_UNHEALTHY, 'FAULT_UNHEALTHY');
  try {
    return validateFaultSettings(fault);
  } catch (err) {
    if (err instanceof FaultSettingsError)
      throw new OptionsError(`fault settings from the environment: ${err.message}`);
    throw err;
  }
}

export function parseOptions(argv, env) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        version: { type: 'string' },
        help: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (err) {
    throw new OptionsError(err.message);
  }
  const flags = parsed.values;
  // An exported-but-empty variable means "not set", as shells and CI files often leave them.
  const fromEnv = (name) => (env[name] === '' ? undefined : env[name]);
  const version = flags.version ?? fromEnv('SERVICE_VERSION') ?? 'v1';
  if (!VERSION_PATTERN.test(version)) {
    throw new OptionsError(`version must look like v1, v2 or v2.1, got ${JSON.stringify(version)}`);
  }
  return {
    help: flags.help === true,
    port: parseInteger(flags.port ?? fromEnv('PORT') ?? '8080', 'port', 0, 65535),
    host: flags.host ?? fromEnv('HOST') ?? '127.0.0.1',
    version,
    fault: faultFromEnv(env),
    shutdownGraceMs: parseInteger(fromEnv('SHUTDOWN_GRACE_MS') ?? '10000', 'SHUTDOWN_GRACE_MS', 0, 600_000),
  };
}
