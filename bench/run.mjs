#!/usr/bin/env node
// `npm run bench`: runs every bench, prints one plain table of figures, each against a peer
// measured in the same run, and writes .elder/bench/results.json (gitignored) for later comparison.
//
// Usage: node bench/run.mjs [--runs N] [--only cold-start,bundle-size]
// Adding a bench: a module exporting `async (options) => rows`, each row with `table` cells in the
// order of HEADERS, registered in BENCHES below.
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { bundleSize } from './bundle-size.mjs';
import { coldStart } from './cold-start.mjs';
import { junitThroughput } from './junit-throughput.mjs';
import { coverageThroughput } from './coverage-throughput.mjs';
import { proxyOverhead } from './proxy-overhead.mjs';
import { complianceAudit } from './compliance-audit.mjs';
import { deployVerdict } from './deploy-verdict.mjs';
import { formatTable } from './lib/measure.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BENCHES = {
  'cold-start': coldStart,
  'bundle-size': bundleSize,
  'coverage-throughput': coverageThroughput,
  'junit-throughput': junitThroughput,
  'proxy-overhead': proxyOverhead,
  'compliance-audit': complianceAudit,
  'deploy-verdict': deployVerdict,
};
const HEADERS = ['bench', 'subject', 'value', 'peer', 'peer value', 'ratio (subject/peer)'];

function fail(message) {
  process.stderr.write(`bench: ${message}\n`);
  process.exit(1);
}

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '20' }, only: { type: 'string' } },
});
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) fail(`--runs must be a positive integer, got '${values.runs}'`);
const selected = values.only ? values.only.split(',').map((s) => s.trim()) : Object.keys(BENCHES);
for (const name of selected) {
  if (!BENCHES[name]) fail(`unknown bench '${name}'; known: ${Object.keys(BENCHES).join(', ')}`);
}

const rows = [];
for (const name of selected) {
  process.stderr.write(`bench: ${name}...\n`);
  try {
    rows.push(...(await BENCHES[name]({ root, runs })));
  } catch (error) {
    fail(`${name} failed: ${error.message}`);
  }
}

console.log(
  formatTable(
    HEADERS,
    rows.map((r) => r.table),
  ),
);

const out = join(root, '.elder', 'bench', 'results.json');
mkdirSync(dirname(out), { recursive: true });
const machine = {
  node: process.version,
  platform: process.platform,
  cpus: availableParallelism(),
  cpu: cpus()[0]?.model,
};
writeFileSync(
  out,
  `${JSON.stringify({ date: new Date().toISOString(), machine, runs, results: rows.map(({ table: _table, ...row }) => row) }, null, 2)}\n`,
);
console.log(`\nresults: ${out}`);
