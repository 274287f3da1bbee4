import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { parseOptions } from '../options.mjs';

describe('options', () => {
  it('defaults to v1 on 127.0.0.1:8080 with no faults', () => {
    assert.deepEqual(parseOptions([], {}), {
      help: false,
      port: 8080,
      host: '127.0.0.1',
      version: 'v1',
      fault: {},
      shutdownGraceMs: 10000,
    });
  });

  it('reads the environment and lets flags override it', () => {
    const env = { PORT: '9000', SERVICE_VERSION: 'v2', HOST: '0.0.0.0' };
    const fromEnv = parseOptions([], env);
    assert.equal(fromEnv.port, 9000);
    assert.equal(fromEnv.version, 'v2');
    const fromFlags = parseOptions(['--port', '0', '--version=v3', '--host', '::1'], env);
    assert.equal(fromFlags.port, 0);
    assert.equal(fromFlags.version, 'v3');
    assert.equal(fromFlags.host, '::1');
  });

  it('treats empty variables as unset', () => {
    assert.equal(parseOptions([], { PORT: '', SERVICE_VERSION: '' }).port, 8080);
  });

  it('reads the fault switch from FAULT_* variables', () => {
    const { fault } = parseOptions([], {
      FAULT_LATENCY_MS: '250',
      FAULT_JITTER_MS: '10.5',
      FAULT_ERROR_RATE: '.05',
      FAULT_ERROR_MODE: 'exact',
      FAULT_SEED: '99',
      FAULT_UNHEALTHY: 'true',
    });
    assert.deepEqual(fault, {
      latencyMs: 250,
      jitterMs: 10.5,
      errorRate: 0.05,
      errorMode: 'exact',
      seed: 99,
      unhealthy: true,
    });
  });

  it('rejects bad values with a message naming the setting', () => {
    assert.throws(() => parseOptions(['--port', '70000'], {}), /port must be from 0 to 65535/);
    assert.throws(() => parseOptions(['--port', '0x10'], {}), /port must be a whole number/);
    assert.throws(() => parseOptions(['--version', 'latest'], {}), /version must look like v1/);
    assert.throws(() => parseOptions(['--colour'], {}), /Unknown option/);
    assert.throws(() => parseOptions([], { FAULT_ERROR_RATE: '1.5' }), /errorRate must be a fraction/);
    assert.throws(() => parseOptions([], { FAULT_LATENCY_MS: '1e3' }), /FAULT_LATENCY_MS must be a number/);
    assert.throws(() => parseOptions([], { FAULT_UNHEALTHY: 'maybe' }), /FAULT_UNHEALTHY must be true or false/);
    assert.throws(() => parseOptions([], { FAULT_ERROR_MODE: 'often' }), /errorMode must be one of/);
  });
});
