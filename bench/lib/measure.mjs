// Shared measuring helpers for the benches: every figure is reported against a peer measured in
// the same run, because on a shared 2-core machine absolute numbers drift between runs while a
// ratio of interleaved samples stays put.
import { spawnSync } from 'node:child_process';

/**
 * Times `runs` samples of every subject, interleaved: round i runs each subject once, in an order
 * rotated per round, so a slow patch on the machine (another process, thermal throttling) lands
 * on all subjects alike instead of on whichever ran during it. `warmup` rounds are discarded
 * (they fill the OS file cache).
 * @param {{ name: string, sample: () => number }[]} subjects sample() returns milliseconds
 * @returns {Record<string, number[]>} samples per subject name
 */
export function interleave(subjects, { runs = 20, warmup = 2 } = {}) {
  const samples = Object.fromEntries(subjects.map((s) => [s.name, []]));
  for (let round = 0; round < warmup + runs; round += 1) {
    for (let k = 0; k < subjects.length; k += 1) {
      const subject = subjects[(round + k) % subjects.length];
      const ms = subject.sample();
      if (round >= warmup) samples[subject.name].push(ms);
    }
  }
  return samples;
}

/**
 * Wall time of one process run from spawn to exit, in milliseconds. Output is discarded; an exit
 * status outside `okStatuses` throws, so a broken subject cannot pass as a fast one.
 */
export function timeProcess(command, args, { env = process.env, cwd, okStatuses = [0] } = {}) {
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.error) throw result.error;
  if (!okStatuses.includes(result.status)) {
    throw new Error(
      `${command} ${args.join(' ')} exited with ${result.status ?? result.signal}:\n${result.stderr.toString().slice(0, 2000)}`,
    );
  }
  return ms;
}

/** Value at quantile q (0..1) by linear interpolation between the closest ranks. */
export function quantile(values, q) {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - lower);
}

export const median = (values) => quantile(values, 0.5);
export const p90 = (values) => quantile(values, 0.9);

/** "1.84x": how many times the peer's figure the subject's is (lower is better for time and size). */
export function formatRatio(value, peer) {
  if (!Number.isFinite(value) || !Number.isFinite(peer) || peer === 0) return 'n/a';
  return `${(value / peer).toFixed(2)}x`;
}

export function formatMs(ms) {
  return `${ms.toFixed(1)} ms`;
}

export function formatBytes(bytes) {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(2)} MiB (${bytes} B)`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KiB (${bytes} B)`;
  return `${bytes} B`;
}

/** A plain, aligned text table (no colours: it is read in CI logs and copied into issues). */
export function formatTable(headers, rows) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) =>
    cells
      .map((c, i) => String(c).padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
