// JUnit throughput: our streaming parseJUnit against the parsers popular JUnit reporter actions
// use (xml2js, xml-js, a fast-xml-parser DOM parse), on a generated report of at least 200 MB
// (ELDER_BENCH_JUNIT_MB, default 200; ~12,700 test cases per MB as in the issue's 1.27 M per
// 100 MB), with a plain streaming read of the same file as the speed ceiling.
//
// Throughput is file size over wall time of read + parse in the child, and also over its CPU time
// (user + system), which a busy shared machine disturbs less. Every subject runs in its own child
// process, so peak RSS is per parser (from /usr/bin/time -v
// when present, else the child's own maxRSS). Peers get a bounded heap
// (--max-old-space-size=ELDER_BENCH_PEER_HEAP_MB, default 4096) and are reported "out of memory"
// when they exceed it instead of failing the bench. Rounds are interleaved like the other benches
// (ELDER_BENCH_JUNIT_ROUNDS, default 1: one round takes minutes because the peers are slow); the
// median of each subject is reported. With ELDER_BENCH_BIG=1 ours also runs on a 1 GB file, to
// show that its peak RSS does not grow with the file. Generated files live under os.tmpdir() and
// are deleted afterwards.
//
// Targets (issue 4): >= 60 MB/s, >= 6x the fastest peer measured in the same run, peak RSS under
// 150 MB whatever the size.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateJUnit } from './lib/junit-generate.mjs';
import { bundleElderJUnit } from './lib/junit-bundle.mjs';
import { formatRatio, median } from './lib/measure.mjs';

const TIME = '/usr/bin/time';
const PEERS = ['xml2js', 'xml-js', 'fast-xml-parser'];
const CEILING = 'plain read';
const OURS = 'elder';
const TARGET = { mbPerSecond: 60, timesFastestPeer: 6, rssMb: 150 };

function positive(name, fallback) {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got '${text}'`);
  return value;
}

/** Runs one subject on one file in a child process; returns its figures or why it could not finish. */
function runSubject(root, subject, file, { bundle, heapMb }) {
  const script = join(root, 'bench', 'lib', 'junit-subject.mjs');
  const nodeArgs = heapMb ? [`--max-old-space-size=${heapMb}`] : [];
  const args = [...nodeArgs, script, subject, file.path, bundle];
  const timed = existsSync(TIME);
  const result = timed
    ? spawnSync(TIME, ['-v', process.execPath, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
    : spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw result.error;
  const rssKb = timed ? Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(result.stderr)?.[1]) : Number.NaN;
  if (result.status !== 0) {
    const outOfMemory =
      /heap out of memory|Invalid string length|Cannot create a string longer|ERR_STRING_TOO_LONG|Array buffer allocation failed/.test(
        result.stderr,
      );
    if (outOfMemory) return { subject, failure: heapMb ? `out of memory (heap ${heapMb} MB)` : 'out of memory', rssKb };
    throw new Error(`${subject} exited with ${result.status ?? result.signal}:\n${result.stderr.slice(-2000)}`);
  }
  const figures = JSON.parse(result.stdout.trim().split('\n').at(-1));
  if (
    subject !== CEILING &&
    (figures.cases !== file.cases || figures.failed !== file.failed || figures.skipped !== file.skipped)
  ) {
    throw new Error(
      `${subject} counted ${figures.cases} cases / ${figures.failed} failed / ${figures.skipped} skipped, the file has ${file.cases} / ${file.failed} / ${file.skipped}`,
    );
  }
  return { subject, ms: figures.ms, cpuMs: figures.cpuMs, rssKb: Number.isFinite(rssKb) ? rssKb : figures.maxRssKb };
}

/** Median figures over rounds; a subject that ran out of memory once is reported so. */
function summarize(samples, bytes) {
  const failure = samples.find((s) => s.failure)?.failure;
  if (failure) return { failure, rssMb: median(samples.map((s) => s.rssKb).filter(Number.isFinite)) / 1024 };
  const ms = median(samples.map((s) => s.ms));
  const cpuMs = median(samples.map((s) => s.cpuMs));
  return {
    ms,
    cpuMs,
    mbPerSecond: bytes / 1e6 / (ms / 1000),
    cpuMbPerSecond: bytes / 1e6 / (cpuMs / 1000),
    rssMb: median(samples.map((s) => s.rssKb)) / 1024,
  };
}

const describeFigures = (f) =>
  f.failure
    ? `${f.failure}${Number.isFinite(f.rssMb) ? `, peak RSS ${f.rssMb.toFixed(0)} MB` : ''}`
    : `${f.mbPerSecond.toFixed(1)} MB/s, peak RSS ${f.rssMb.toFixed(0)} MB`;

const compare = (subject, peer) =>
  subject.failure || peer.failure
    ? 'n/a'
    : `throughput ${formatRatio(subject.mbPerSecond, peer.mbPerSecond)} (CPU ${formatRatio(subject.cpuMbPerSecond, peer.cpuMbPerSecond)}), RSS ${formatRatio(subject.rssMb, peer.rssMb)}`;

export async function junitThroughput({ root }) {
  const megabytes = positive('ELDER_BENCH_JUNIT_MB', 200);
  const rounds = Math.round(positive('ELDER_BENCH_JUNIT_ROUNDS', 1));
  const heapMb = Math.round(positive('ELDER_BENCH_PEER_HEAP_MB', 4096));
  const big = process.env.ELDER_BENCH_BIG === '1';
  const scratch = mkdtempSync(join(tmpdir(), 'elder-bench-junit-'));
  try {
    const bundle = await bundleElderJUnit(root, scratch);
    const file = { path: join(scratch, 'report.xml') };
    Object.assign(file, generateJUnit(file.path, megabytes));
    const label = `junit ${megabytes} MB (${(file.cases / 1e6).toFixed(2)} M cases)`;
    process.stderr.write(`bench: ${label}: ${rounds} round(s) of ${[OURS, ...PEERS, CEILING].join(', ')}...\n`);

    const subjects = [OURS, ...PEERS, CEILING];
    const samples = Object.fromEntries(subjects.map((s) => [s, []]));
    for (let round = 0; round < rounds; round += 1) {
      for (let k = 0; k < subjects.length; k += 1) {
        const subject = subjects[(round + k) % subjects.length];
        const options = { bundle, heapMb: PEERS.includes(subject) ? heapMb : undefined };
        samples[subject].push(runSubject(root, subject, file, options));
      }
    }
    const figures = Object.fromEntries(subjects.map((s) => [s, summarize(samples[s], file.bytes)]));
    const ours = figures[OURS];
    const finished = PEERS.filter((p) => !figures[p].failure);
    const fastest = finished.sort((a, b) => figures[b].mbPerSecond - figures[a].mbPerSecond)[0];

    const row = (subject, peer, extra = {}) => ({
      bench: 'junit throughput',
      file: label,
      subject,
      peer,
      subjectFigures: figures[subject] ?? extra.subjectFigures,
      peerFigures: figures[peer] ?? extra.peerFigures,
      table: [
        extra.bench ?? label,
        subject,
        describeFigures(figures[subject] ?? extra.subjectFigures),
        peer ?? '-',
        peer ? describeFigures(figures[peer] ?? extra.peerFigures) : '-',
        peer ? compare(figures[subject] ?? extra.subjectFigures, figures[peer] ?? extra.peerFigures) : '-',
      ],
    });
    const rows = [];
    rows.push(fastest ? row(OURS, fastest) : row(OURS, undefined));
    for (const peer of PEERS) if (peer !== fastest) rows.push(row(OURS, peer));
    rows.push(row(OURS, CEILING));

    if (big) {
      const gigabyte = { path: join(scratch, 'report-1gb.xml') };
      rmSync(file.path, { force: true });
      Object.assign(gigabyte, generateJUnit(gigabyte.path, 1024));
      const large = summarize([runSubject(root, OURS, gigabyte, { bundle })], gigabyte.bytes);
      rows.push(
        row(`${OURS} on 1 GB (${(gigabyte.cases / 1e6).toFixed(2)} M cases)`, `${OURS} on ${megabytes} MB`, {
          bench: 'junit peak RSS vs size',
          subjectFigures: large,
          peerFigures: ours,
        }),
      );
      rmSync(gigabyte.path, { force: true });
    }

    const timesFastest = fastest ? ours.mbPerSecond / figures[fastest].mbPerSecond : Number.NaN;
    const largest = Math.max(
      ours.rssMb,
      ...rows.map((r) => r.subjectFigures?.rssMb ?? 0).filter((_, i) => rows[i].subject.startsWith(OURS)),
    );
    const met =
      ours.mbPerSecond >= TARGET.mbPerSecond &&
      (!fastest || timesFastest >= TARGET.timesFastestPeer) &&
      largest < TARGET.rssMb;
    rows.push({
      bench: 'junit throughput target',
      met,
      table: [
        'junit target',
        `>= ${TARGET.mbPerSecond} MB/s, >= ${TARGET.timesFastestPeer}x fastest peer, RSS < ${TARGET.rssMb} MB`,
        `${ours.mbPerSecond.toFixed(1)} MB/s, ${Number.isFinite(timesFastest) ? `${timesFastest.toFixed(1)}x` : 'no peer finished'}, RSS ${largest.toFixed(0)} MB`,
        fastest ?? '-',
        met ? 'met' : 'NOT met',
        '-',
      ],
    });
    return rows;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
