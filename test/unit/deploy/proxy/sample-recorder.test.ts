import { describe, expect, it } from 'vitest';
import { SampleRecorder } from '../../../../actions/deploy/src/proxy/sample-recorder.js';

describe('SampleRecorder', () => {
  it('returns per-role windows since the previous take, then starts afresh', () => {
    let now = 1_000;
    const recorder = new SampleRecorder(100, Math.random, () => now);
    recorder.record('stable', 5, false);
    recorder.record('stable', 7, true);
    recorder.record('candidate', 9, false);
    now = 2_000;
    const first = recorder.take(['baseline']);
    expect(first.stable).toEqual({
      role: 'stable',
      granularity: 'request',
      latenciesMs: [5, 7],
      requests: 2,
      errors: 1,
      fromMs: 1_000,
      toMs: 2_000,
    });
    expect(first.candidate?.requests).toBe(1);
    expect(first.baseline).toMatchObject({ requests: 0, errors: 0, latenciesMs: [] });
    now = 3_000;
    const second = recorder.take();
    expect(second).toEqual({});
    recorder.record('stable', 1, false);
    now = 4_000;
    expect(recorder.take().stable).toMatchObject({ requests: 1, fromMs: 3_000, toMs: 4_000 });
  });

  it('bounds memory with a uniform reservoir while counting requests and errors exactly', () => {
    const recorder = new SampleRecorder(1_000);
    for (let i = 0; i < 100_000; i += 1) recorder.record('candidate', i, i % 10 === 0);
    const sample = recorder.take().candidate!;
    expect(sample.requests).toBe(100_000);
    expect(sample.errors).toBe(10_000);
    expect(sample.latenciesMs).toHaveLength(1_000);
    // A uniform sample of 0..99,999 has a mean near 50,000 (sd of the mean ~ 913).
    const mean = sample.latenciesMs.reduce((a, b) => a + b, 0) / sample.latenciesMs.length;
    expect(Math.abs(mean - 50_000)).toBeLessThan(5_000);
    // Values from late in the stream made it in (not just the first 1,000).
    expect(sample.latenciesMs.some((v) => v > 90_000)).toBe(true);
  });
});
