import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { Registry, escapeLabelValue, formatValue } from '../metrics.mjs';

describe('metrics registry', () => {
  it('renders a counter with HELP, TYPE and one line per label set', () => {
    const registry = new Registry();
    const counter = registry.counter({ name: 'jobs_total', help: 'Jobs.', labelNames: ['kind'] });
    counter.inc({ kind: 'a' });
    counter.inc({ kind: 'a' }, 2);
    counter.inc({ kind: 'b' });
    assert.equal(
      registry.render(),
      '# HELP jobs_total Jobs.\n# TYPE jobs_total counter\njobs_total{kind="a"} 3\njobs_total{kind="b"} 1\n',
    );
  });

  it('renders histogram buckets cumulatively with a +Inf bucket, _sum and _count', () => {
    const registry = new Registry();
    const histogram = registry.histogram({ name: 'wait_seconds', help: 'Wait.', buckets: [0.1, 1] });
    for (const v of [0.05, 0.5, 0.7, 3]) histogram.observe({}, v);
    const lines = registry.render().split('\n');
    assert.deepEqual(lines.slice(2, 7), [
      'wait_seconds_bucket{le="0.1"} 1',
      'wait_seconds_bucket{le="1"} 3',
      'wait_seconds_bucket{le="+Inf"} 4',
      'wait_seconds_sum 4.25',
      'wait_seconds_count 4',
    ]);
  });

  it('reads a collected gauge at render time', () => {
    const registry = new Registry();
    let reading = 1;
    registry.gauge({ name: 'level', help: 'Level.', collect: (g) => g.set({}, reading) });
    assert.match(registry.render(), /^level 1$/m);
    reading = 7;
    assert.match(registry.render(), /^level 7$/m);
  });

  it('escapes label values and HELP text as the format requires', () => {
    assert.equal(escapeLabelValue('a"b\\c\nd'), 'a\\"b\\\\c\\nd');
    const registry = new Registry();
    registry.gauge({ name: 'g', help: 'line one\nback\\slash', labelNames: ['path'] }).set({ path: 'x"y' }, 1);
    assert.equal(registry.render(), '# HELP g line one\\nback\\\\slash\n# TYPE g gauge\ng{path="x\\"y"} 1\n');
  });

  it('spells infinities and NaN the way Prometheus reads them', () => {
    assert.equal(formatValue(Infinity), '+Inf');
    assert.equal(formatValue(-Infinity), '-Inf');
    assert.equal(formatValue(NaN), 'NaN');
    assert.equal(formatValue(0.25), '0.25');
  });

  it('refuses invalid names, reserved labels, wrong label sets and decreasing counters', () => {
    const registry = new Registry();
    assert.throws(() => registry.counter({ name: '1bad', help: 'x' }), /invalid metric name/);
    assert.throws(() => registry.counter({ name: 'ok', help: 'x', labelNames: ['__x'] }), /invalid label name/);
    assert.throws(() => registry.histogram({ name: 'h', help: 'x', labelNames: ['le'] }), /reserved/);
    assert.throws(() => registry.histogram({ name: 'h2', help: 'x', buckets: [1, 1] }), /strictly increasing/);
    const counter = registry.counter({ name: 'c', help: 'x', labelNames: ['a'] });
    assert.throws(() => counter.inc({ b: '1' }), /expects labels \[a\]/);
    assert.throws(() => counter.inc({ a: '1' }, -1), /only goes up/);
    assert.throws(() => registry.counter({ name: 'c', help: 'again' }), /already registered/);
  });

  it('tracks a gauge going up and down', () => {
    const gauge = new Registry().gauge({ name: 'in_flight', help: 'x' });
    gauge.inc();
    gauge.inc();
    gauge.dec();
    assert.equal(gauge.get(), 1);
  });
});
