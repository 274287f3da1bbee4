// The fault switch: added latency, injected 500s and a forced-unhealthy flag. Deploy,
// quality-gate and monitoring tests use it to make one version measurably worse than another.

import { randomSeed, seededRandom } from './prng.mjs';

/** `random` draws each request from a seeded PRNG; `exact` spreads errors evenly so that after
 * n requests exactly floor(n x rate) have failed, which lets a test assert the rate exactly. */
export const ERROR_MODES = Object.freeze(['random', 'exact']);

/** Upper bounds so a typo (or a hostile admin call) cannot park requests for hours. */
export const MAX_LATENCY_MS = 60_000;
export const MAX_JITTER_MS = 60_000;

// `exact` mode counts in parts per million so the arithmetic stays in integers.
const PARTS = 1_000_000;

const FIELDS = Object.freeze({
  latencyMs: (v) => isNumberIn(v, 0, MAX_LATENCY_MS) || `must be a number of milliseconds from 0 to ${MAX_LATENCY_MS}`,
  jitterMs: (v) => isNumberIn(v, 0, MAX_JITTER_MS) || `must be a number of milliseconds from 0 to ${MAX_JITTER_MS}`,
  errorRate: (v) => isNumberIn(v, 0, 1) || 'must be a fraction from 0 to 1 (0.1 means 10 %)',
  errorMode: (v) => ERROR_MODES.includes(v) || `must be one of ${ERROR_MODES.join(', ')}`,
  seed: (v) => (Number.isInteger(v) && v >= 0 && v <= 0xffffffff) || 'must be an integer from 0 to 4294967295',
  unhealthy: (v) => typeof v === 'boolean' || 'must be true or false',
});

export const FAULT_FIELDS = Object.freeze(Object.keys(FIELDS));

function isNumberIn(value, min, max) {
  return typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max;
}

/** Thrown for settings a caller can correct; the admin endpoint turns it into a 400. */
export class FaultSettingsError extends Error {
  constructor(message) {
    super(message);
    this.name = 'FaultSettingsError';
  }
}

/** Checks a partial settings object; every problem is named in one message. */
export function validateFaultSettings(input) {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new FaultSettingsError('fault settings must be a JSON object');
  }
  const problems = [];
  for (const [key, value] of Object.entries(input)) {
    const check = Object.hasOwn(FIELDS, key) ? FIELDS[key] : undefined;
    if (!check) {
      problems.push(`unknown field "${key}" (known: ${FAULT_FIELDS.join(', ')})`);
      continue;
    }
    const verdict = check(value);
    if (verdict !== true) problems.push(`${key} ${verdict}, got ${JSON.stringify(value)}`);
  }
  if (problems.length > 0) throw new FaultSettingsError(problems.join('; '));
  return { ...input };
}

export class FaultSwitch {
  constructor(initial = {}) {
    this.settings = {
      latencyMs: 0,
      jitterMs: 0,
      errorRate: 0,
      errorMode: 'random',
      seed: randomSeed(),
      unhealthy: false,
    };
    this.update(initial);
  }

  /** Merges a partial update. Changing how errors are drawn restarts the draw, so a test that
   * sets a rate counts from that moment. */
  update(partial) {
    const changes = validateFaultSettings(partial);
    this.settings = { ...this.settings, ...changes };
    if (['errorRate', 'errorMode', 'seed'].some((k) => k in changes) || !this.errorDraw) this.restartDraw();
    return this.snapshot();
  }

  restartDraw() {
    const { seed } = this.settings;
    this.errorDraw = seededRandom(seed);
    // A separate stream for jitter, so turning jitter on does not change which requests fail.
    this.jitterDraw = seededRandom((seed ^ 0x9e3779b9) >>> 0);
    this.requests = 0;
    this.injectedErrors = 0;
    this.exactAccumulator = 0;
  }

  /** Decides the fate of one application request: how long to delay it and whether it fails. */
  decide() {
    const { latencyMs, jitterMs, errorRate, errorMode } = this.settings;
    this.requests += 1;
    let fail;
    if (errorMode === 'exact') {
      this.exactAccumulator += Math.round(errorRate * PARTS);
      fail = this.exactAccumulator >= PARTS;
      if (fail) this.exactAccumulator -= PARTS;
    } else {
      fail = this.errorDraw() < errorRate;
    }
    if (fail) this.injectedErrors += 1;
    const delayMs = latencyMs + (jitterMs > 0 ? this.jitterDraw() * jitterMs : 0);
    return { delayMs, fail };
  }

  get unhealthy() {
    return this.settings.unhealthy;
  }

  /** Settings plus counters since the draw last restarted, as the admin endpoint reports them. */
  snapshot() {
    return { ...this.settings, requests: this.requests, injectedErrors: this.injectedErrors };
  }
}
