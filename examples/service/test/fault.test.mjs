import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { FaultSwitch, validateFaultSettings } from '../fault.mjs';
import { seededRandom } from '../prng.mjs';

function failures(fault, requests) {
  let count = 0;
  for (let i = 0; i < requests; i += 1) if (fault.decide().fail) count += 1;
  return count;
}

describe('fault switch', () => {
  it('injects nothing by default', () => {
    const fault = new FaultSwitch();
    assert.equal(failures(fault, 1000), 0);
    assert.deepEqual(fault.decide(), { delayMs: 0, fail: false });
    assert.equal(fault.unhealthy, false);
  });

  it('in exact mode fails floor(n x rate) of n requests, evenly spread', () => {
    const fault = new FaultSwitch({ errorRate: 0.1, errorMode: 'exact' });
    const pattern = Array.from({ length: 20 }, () => (fault.decide().fail ? 'x' : '.')).join('');
    assert.equal(pattern, '.........x.........x');
    fault.update({ errorRate: 0.37 });
    assert.equal(failures(fault, 1000), 370);
    assert.equal(fault.snapshot().injectedErrors, 370);
    assert.equal(fault.snapshot().requests, 1000);
  });

  it('in random mode repeats the same draw for the same seed', () => {
    const a = new FaultSwitch({ errorRate: 0.3, seed: 42 });
    const b = new FaultSwitch({ errorRate: 0.3, seed: 42 });
    const drawA = Array.from({ length: 200 }, () => a.decide().fail);
    const drawB = Array.from({ length: 200 }, () => b.decide().fail);
    assert.deepEqual(drawA, drawB);
    const rate = drawA.filter(Boolean).length / drawA.length;
    assert.ok(rate > 0.2 && rate < 0.4, `rate ${rate}`);
  });

  it('keeps added latency within latency + jitter', () => {
    const fault = new FaultSwitch({ latencyMs: 100, jitterMs: 50, seed: 7 });
    const delays = Array.from({ length: 500 }, () => fault.decide().delayMs);
    assert.ok(delays.every((d) => d >= 100 && d < 150));
    assert.ok(Math.max(...delays) - Math.min(...delays) > 25, 'jitter should spread the delays');
  });

  it('restarts the count when the rate changes', () => {
    const fault = new FaultSwitch({ errorRate: 0.5, errorMode: 'exact' });
    failures(fault, 3);
    fault.update({ errorRate: 0.5 });
    assert.equal(fault.snapshot().requests, 0);
    fault.update({ unhealthy: true });
    assert.equal(fault.unhealthy, true);
  });

  it('names every invalid or unknown field in one error', () => {
    assert.throws(
      () => validateFaultSettings({ latencyMs: -5, errorRate: 2, errorMode: 'sometimes', colour: 'red' }),
      (err) =>
        err.name === 'FaultSettingsError' &&
        /latencyMs/.test(err.message) &&
        /errorRate/.test(err.message) &&
        /errorMode/.test(err.message) &&
        /unknown field "colour"/.test(err.message),
    );
    assert.throws(() => validateFaultSettings([1]), /JSON object/);
    assert.throws(() => validateFaultSettings({ seed: 1.5 }), /seed/);
    assert.throws(() => validateFaultSettings({ unhealthy: 'yes' }), /unhealthy/);
    assert.throws(() => validateFaultSettings(JSON.parse('{"__proto__": {"x": 1}}')), /unknown field "__proto__"/);
  });
});

describe('seeded random', () => {
  it('is reproducible and stays in [0, 1)', () => {
    const a = seededRandom(123);
    const b = seededRandom(123);
    const values = Array.from({ length: 1000 }, () => a());
    assert.deepEqual(
      values.slice(0, 5),
      Array.from({ length: 5 }, () => b()),
    );
    assert.ok(values.every((v) => v >= 0 && v < 1));
    assert.notDeepEqual(values.slice(0, 5), Array.from({ length: 5 }, seededRandom(124)));
  });
});
