#!/usr/bin/env node
// Prints the closing line of `npm test`, "N passed, N failed" (", N skipped" when any), from
// vitest's JSON report, and exits non-zero when anything failed or no test ran.
//
// Why not trust vitest's own counts alone: a test file that throws while loading, or a failing
// beforeAll/afterAll hook, fails no test at all, so "0 failed" would hide a crashed file. Each such
// file counts as one failure here. A run whose JSON report is missing or unreadable, or whose
// vitest process exited non-zero with nothing failed in the report (unhandled errors), counts as
// one failure too, so the closing line never claims a clean run that was not.
//
// Usage: node scripts/vitest-summary.mjs <vitest.json> [--vitest-exit-code N]
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

function parseArgs(argv) {
  const args = { report: undefined, vitestExitCode: 0 };
  for (let i = 0; i < argv.length; i += 1) {
    if (argv[i] === '--vitest-exit-code') {
      args.vitestExitCode = Number(argv[i + 1]);
      i += 1;
    } else {
      args.report = argv[i];
    }
  }
  return args;
}

/** Counts from a vitest (jest-compatible) JSON report. */
function summarise(report, vitestExitCode = 0) {
  const notes = [];
  const passed = report.numPassedTests ?? 0;
  let failed = report.numFailedTests ?? 0;
  const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);

  for (const file of report.testResults ?? []) {
    const failedTests = (file.assertionResults ?? []).filter((test) => test.status === 'failed').length;
    if (file.status === 'failed' && failedTests === 0) {
      failed += 1;
      const where = relative(process.cwd(), file.name ?? '?');
      notes.push(`${where}: failed outside any test: ${firstLine(file.message) || 'no message'}`);
    }
  }
  if (failed === 0 && report.success === false) {
    failed += 1;
    notes.push('vitest reported the run as unsuccessful');
  }
  if (failed === 0 && vitestExitCode !== 0) {
    failed += 1;
    notes.push(`vitest exited with status ${vitestExitCode} (unhandled errors or a crash; see above)`);
  }
  if (passed + failed === 0) notes.push('no test ran');
  return { passed, failed, skipped, notes };
}

function closingLine({ passed, failed, skipped }) {
  return `${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`;
}

function firstLine(text) {
  return String(text ?? '')
    .split('\n')[0]
    .trim();
}

function main() {
  const { report: path, vitestExitCode } = parseArgs(process.argv.slice(2));
  let report;
  try {
    if (!path) throw new Error('no report path given');
    report = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    console.log(`vitest-summary: cannot read the vitest JSON report (${error.message})`);
    console.log(closingLine({ passed: 0, failed: 1, skipped: 0 }));
    return 1;
  }
  const summary = summarise(report, vitestExitCode);
  for (const note of summary.notes) console.log(`vitest-summary: ${note}`);
  console.log(closingLine(summary));
  return summary.failed > 0 || summary.passed === 0 ? 1 : 0;
}

process.exitCode = main();
