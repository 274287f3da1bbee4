// Coverage report throughput: our streaming LCOV and Cobertura parsers against the parsers popular
// coverage actions use, on generated reports of ELDER_BENCH_LCOV_MB (default 200) megabytes:
// `lcov-parse` for LCOV and a fast-xml-parser DOM parse for Cobertura; a plain streaming read of
// the same file is the ceiling. Every subject runs in its own child process, so peak RSS is its
// own; peers get a bounded heap and a timeout, and running out of either is reported as the
// result rather than failing the bench. A second, quarter-size file shows whether our peak RSS
// grows with the report.
//
// Environment: ELDER_BENCH_LCOV_MB (size of both reports), ELDER_BENCH_PEER_HEAP_MB (peers'
// --max-old-space-size, default 4096), ELDER_BENCH_TIMEOUT_S (per child, default 300).
//
// The same file is the child: `node --import tsx bench/coverage-throughput.mjs --child <subject> <file>`
// prints one JSON line {bytes, ms, maxRssBytes, files, lines}.
import { spawnSync } from 'node:child_process';
import { closeSync, createReadStream, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { formatRatio } from './lib/measure.mjs';

const MIB = 1024 * 1024;
const here = dirname(fileURLToPath(import.meta.url));

// ------------------------------------------------------------------------------------------------
// Generated reports. Shapes follow what c8/nyc and coverage.py write: files of a few hundred
// executable lines, about one line in five with branches, a function every 25 lines.

const LINES_PER_FILE = 400;

/** Writes `text` pieces to `path` in 4 MiB batches until `targetBytes`; returns the bytes written. */
function writeGenerated(path, targetBytes, header, pieceFor, footer) {
  const fd = openSync(path, 'w');
  let written = 0;
  let batch = [];
  let batchBytes = 0;
  const flush = () => {
    if (batch.length === 0) return;
    written += writeSync(fd, batch.join(''));
    batch = [];
    batchBytes = 0;
  };
  const push = (text) => {
    batch.push(text);
    batchBytes += text.length;
    if (batchBytes >= 4 * MIB) flush();
  };
  push(header);
  for (let index = 0; written + batchBytes < targetBytes; index += 1) push(pieceFor(index));
  push(footer);
  flush();
  closeSync(fd);
  return written;
}

/** A pseudo-random but repeatable hit count: most lines run, some never, a few very often. */
function hitsFor(file, line) {
  const x = (file * 7919 + line * 104729) % 1000;
  if (x < 150) return 0;
  if (x > 990) return 4294967296 + x; // beyond 32 bits, as hot loops produce
  return x % 37;
}

function lcovFile(index) {
  const out = [`TN:\nSF:/home/runner/work/app/app/src/module${Math.floor(index / 50)}/file${index}.ts\n`];
  for (let fn = 0; fn < LINES_PER_FILE / 25; fn += 1) out.push(`FN:${fn * 25 + 1},fn${fn}_${index}\n`);
  for (let fn = 0; fn < LINES_PER_FILE / 25; fn += 1) out.push(`FNDA:${hitsFor(index, fn)},fn${fn}_${index}\n`);
  out.push(`FNF:${LINES_PER_FILE / 25}\nFNH:0\n`);
  let hit = 0;
  for (let line = 1; line <= LINES_PER_FILE; line += 1) {
    const hits = hitsFor(index, line);
    if (hits > 0) hit += 1;
    out.push(`DA:${line},${hits}\n`);
  }
  out.push(`LF:${LINES_PER_FILE}\nLH:${hit}\n`);
  for (let line = 3; line <= LINES_PER_FILE; line += 5) {
    const hits = hitsFor(index, line);
    out.push(`BRDA:${line},${line},0,${hits === 0 ? '-' : hits}\nBRDA:${line},${line},1,${hits % 2}\n`);
  }
  out.push('end_of_record\n');
  return out.join('');
}

function coberturaPackage(index) {
  const out = [
    `    <package name="module${index}" line-rate="0.8" branch-rate="0.7" complexity="0">\n      <classes>\n`,
  ];
  for (let c = 0; c < 10; c += 1) {
    const file = index * 10 + c;
    out.push(
      `        <class name="File${file}" filename="src/module${index}/file${file}.py" line-rate="0.8" branch-rate="0.7" complexity="0">\n`,
    );
    out.push('          <methods>\n');
    for (let fn = 0; fn < 4; fn += 1) {
      const line = fn * 50 + 1;
      out.push(
        `            <method name="fn${fn}" signature="()V" hits="${hitsFor(file, line)}"><lines><line number="${line}" hits="${hitsFor(file, line)}"/></lines></method>\n`,
      );
    }
    out.push('          </methods>\n          <lines>\n');
    for (let line = 1; line <= LINES_PER_FILE / 2; line += 1) {
      const hits = hitsFor(file, line);
      if (line % 5 === 3) {
        const covered = hits === 0 ? 0 : 1 + (hits % 2);
        out.push(
          `            <line number="${line}" hits="${hits}" branch="true" condition-coverage="${Math.round((covered / 2) * 100)}% (${covered}/2)"/>\n`,
        );
      } else {
        out.push(`            <line number="${line}" hits="${hits}" branch="false"/>\n`);
      }
    }
    out.push('          </lines>\n        </class>\n');
  }
  out.push('      </classes>\n    </package>\n');
  return out.join('');
}

const COBERTURA_HEADER =
  '<?xml version="1.0" ?>\n<!DOCTYPE coverage SYSTEM "http://cobertura.sourceforge.net/xml/coverage-04.dtd">\n' +
  '<coverage lines-valid="0" lines-covered="0" line-rate="0.8" branches-valid="0" branches-covered="0" branch-rate="0.7" timestamp="0" complexity="0" version="0.1">\n' +
  '  <sources>\n    <source>/home/runner/work/app/app</source>\n  </sources>\n  <packages>\n';
const COBERTURA_FOOTER = '  </packages>\n</coverage>\n';

// ------------------------------------------------------------------------------------------------
// Subjects, run in the child. Each returns {files, lines} so a subject that skipped work shows.

async function readCeiling(file) {
  let bytes = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: MIB })) bytes += chunk.length;
  return { files: 0, lines: 0, bytes };
}

/** Each subject loads its modules first (not timed: tsx compiles ours on load), then parses. */
const SUBJECTS = {
  read: async () => readCeiling,
  'elder-lcov': async () => {
    const { parseLcovFile } = await import('../actions/quality-gate/src/coverage/parse-lcov.js');
    return async (file) => {
      let files = 0;
      let lines = 0;
      await parseLcovFile(file, (record) => {
        files += 1;
        lines += record.lines.length;
      });
      return { files, lines };
    };
  },
  'elder-lcov-store': async () => {
    const { parseLcovFile } = await import('../actions/quality-gate/src/coverage/parse-lcov.js');
    const { CoverageStore } = await import('../actions/quality-gate/src/coverage/coverage-store.js');
    return async (file) => {
      const store = new CoverageStore();
      await parseLcovFile(file, (record) => store.add(record.path, record));
      const totals = store.totals();
      return { files: totals.files, lines: totals.linesFound };
    };
  },
  'lcov-parse': async () => {
    const lcovParse = createRequire(import.meta.url)('lcov-parse');
    return async (file) => {
      const data = await new Promise((done, fail) =>
        lcovParse(file, (error, result) => (error ? fail(new Error(String(error))) : done(result))),
      );
      return { files: data.length, lines: data.reduce((sum, item) => sum + item.lines.details.length, 0) };
    };
  },
  'elder-cobertura': async () => {
    const { parseCoberturaFile } = await import('../actions/quality-gate/src/coverage/parse-cobertura.js');
    return async (file) => {
      let files = 0;
      let lines = 0;
      await parseCoberturaFile(file, (record) => {
        files += 1;
        lines += record.lines.length;
      });
      return { files, lines };
    };
  },
  'fast-xml-parser': async () => {
    const { XMLParser } = await import('fast-xml-parser');
    return async (file) => {
      // As the popular Cobertura actions do: the whole file as one string, then one DOM.
      const parser = new XMLParser({
        ignoreAttributes: false,
        isArray: (name) => ['package', 'class', 'line', 'method'].includes(name),
      });
      const document = parser.parse(readFileSync(file, 'utf8'));
      let files = 0;
      let lines = 0;
      for (const pkg of document.coverage.packages.package) {
        for (const cls of pkg.classes.class) {
          files += 1;
          lines += cls.lines.line.length;
        }
      }
      return { files, lines };
    };
  },
};

async function runChild(subject, file) {
  const load = SUBJECTS[subject];
  if (!load) throw new Error(`unknown subject ${subject}`);
  const run = await load();
  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  const result = await run(file);
  const ms = performance.now() - start;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const bytes = statSync(file).size;
  const maxRssBytes = process.resourceUsage().maxRSS * 1024;
  process.stdout.write(`${JSON.stringify({ ...result, bytes, ms, cpuMs, maxRssBytes })}\n`);
}

// ------------------------------------------------------------------------------------------------
// The parent: spawn, time out, read the child's line, describe failures.

function measure(root, subject, file, { heapMb, timeoutS }) {
  const args = ['--import', 'tsx'];
  if (heapMb) args.push(`--max-old-space-size=${heapMb}`);
  args.push(fileURLToPath(import.meta.url), '--child', subject, file);
  const result = spawnSync(process.execPath, args, {
    cwd: root,
    encoding: 'utf8',
    timeout: timeoutS * 1000,
    maxBuffer: 16 * MIB,
  });
  const line = result.stdout?.trim().split('\n').at(-1);
  if (result.status === 0 && line) return { ok: true, ...JSON.parse(line) };
  if (result.error?.code === 'ETIMEDOUT' || result.signal === 'SIGTERM') {
    return { ok: false, reason: `timed out after ${timeoutS} s`, timeoutS };
  }
  const stderr = result.stderr ?? '';
  if (/heap out of memory|Allocation failed|invalid array length|Invalid string length/i.test(stderr)) {
    return { ok: false, reason: `out of memory (heap limit ${heapMb ?? 'default'} MB)` };
  }
  return {
    ok: false,
    reason: `failed (${result.status ?? result.signal}): ${stderr.trim().split('\n').slice(-3).join(' ').slice(0, 300)}`,
  };
}

const mbPerS = (m) => m.bytes / MIB / (m.ms / 1000);
// CPU time (all threads, GC included) moves less than wall time when the machine is shared.
const mbPerCpuS = (m) => m.bytes / MIB / (m.cpuMs / 1000);
const describeRun = (m) =>
  m.ok
    ? `${mbPerS(m).toFixed(1)} MB/s (${mbPerCpuS(m).toFixed(1)} per CPU-s), peak RSS ${(m.maxRssBytes / MIB).toFixed(0)} MB`
    : m.reason;

function throughputRatio(subject, peer, sizeBytes) {
  if (!subject.ok) return 'n/a';
  if (peer.ok) {
    return (
      `${formatRatio(mbPerS(subject), mbPerS(peer))} throughput (${formatRatio(mbPerCpuS(subject), mbPerCpuS(peer))} ` +
      `by CPU time), ${formatRatio(subject.maxRssBytes, peer.maxRssBytes)} RSS`
    );
  }
  // A peer that timed out managed less than size/timeout: our ratio is at least this.
  if (peer.timeoutS)
    return `> ${formatRatio(mbPerS(subject), sizeBytes / MIB / peer.timeoutS)} throughput (peer timed out)`;
  return 'peer did not finish';
}

export async function coverageThroughput({ root = resolve(here, '..') } = {}) {
  const sizeMb = Number(process.env.ELDER_BENCH_LCOV_MB ?? 200);
  const heapMb = Number(process.env.ELDER_BENCH_PEER_HEAP_MB ?? 4096);
  const timeoutS = Number(process.env.ELDER_BENCH_TIMEOUT_S ?? 300);
  if (!(sizeMb > 0))
    throw new Error(`ELDER_BENCH_LCOV_MB must be a positive number, got '${process.env.ELDER_BENCH_LCOV_MB}'`);
  const scratch = mkdtempSync(join(tmpdir(), 'elder-bench-coverage-'));
  const rows = [];
  try {
    const formats = [
      {
        name: 'LCOV',
        generate: (path, mb) => writeGenerated(path, mb * MIB, '', lcovFile, ''),
        ours: 'elder-lcov',
        extra: 'elder-lcov-store',
        peer: 'lcov-parse',
      },
      {
        name: 'Cobertura',
        generate: (path, mb) => writeGenerated(path, mb * MIB, COBERTURA_HEADER, coberturaPackage, COBERTURA_FOOTER),
        ours: 'elder-cobertura',
        peer: 'fast-xml-parser',
      },
    ];
    for (const format of formats) {
      const big = join(scratch, `${format.name}-${sizeMb}.report`);
      const small = join(scratch, `${format.name}-${sizeMb / 4}.report`);
      process.stderr.write(`bench: coverage-throughput: generating ${sizeMb} MB of ${format.name}...\n`);
      const bigBytes = format.generate(big, sizeMb);
      format.generate(small, sizeMb / 4);

      const options = { timeoutS };
      process.stderr.write(`bench: coverage-throughput: ${format.name}: read, ours, peer...\n`);
      const ceiling = measure(root, 'read', big, options);
      const ours = measure(root, format.ours, big, options);
      const oursSmall = measure(root, format.ours, small, options);
      const extra = format.extra ? measure(root, format.extra, big, options) : undefined;
      const peer = measure(root, format.peer, big, { heapMb, timeoutS });
      const bench = `coverage ${format.name} ${(bigBytes / MIB).toFixed(0)} MB`;
      const row = (subject, subjectRun, peerName, peerRun, ratio) => ({
        bench,
        subject,
        peer: peerName,
        bytes: bigBytes,
        result: subjectRun,
        peerResult: peerRun,
        table: [bench, subject, describeRun(subjectRun), peerName, describeRun(peerRun), ratio],
      });
      rows.push(row(`elder ${format.name} parser`, ours, format.peer, peer, throughputRatio(ours, peer, bigBytes)));
      if (extra)
        rows.push(
          row(`elder ${format.name} parser + store`, extra, format.peer, peer, throughputRatio(extra, peer, bigBytes)),
        );
      rows.push(
        row(
          `elder ${format.name} parser`,
          ours,
          'plain streaming read (ceiling)',
          ceiling,
          ours.ok && ceiling.ok ? `${formatRatio(mbPerS(ours), mbPerS(ceiling))} of the ceiling` : 'n/a',
        ),
      );
      rows.push(
        row(
          `elder ${format.name} peak RSS at ${sizeMb} MB`,
          ours,
          `at ${sizeMb / 4} MB`,
          oursSmall,
          ours.ok && oursSmall.ok
            ? `${formatRatio(ours.maxRssBytes, oursSmall.maxRssBytes)} RSS for 4x the input`
            : 'n/a',
        ),
      );
      for (const run of [ours, oursSmall, extra, peer]) {
        if (run?.ok && run.lines === 0)
          throw new Error(`${format.name}: a subject read no lines: the generator or a parser is broken`);
      }
      rmSync(big, { force: true });
      rmSync(small, { force: true });
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return rows;
}

if (process.argv[2] === '--child' && import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await runChild(process.argv[3], process.argv[4]);
}
