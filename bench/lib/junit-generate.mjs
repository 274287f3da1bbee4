// Writes a synthetic JUnit report of a given size for the throughput bench, shaped like a large
// Surefire/pytest run: <testsuites> of suites of 500 cases in classes of 20, mostly passing one-line cases, 1 % failing
// with a message and a stack trace, 2 % skipped, 1 % with captured <system-out>. About 12,700
// cases per MB (the 100 MB file holds 1.27 M).
import { closeSync, openSync, writeSync } from 'node:fs';

const CASES_PER_SUITE = 500;

function testCase(i) {
  // Like Surefire, pytest or vitest: consecutive cases share their class (here 20 per class).
  const group = Math.floor(i / 20);
  const module = group % 97;
  const cls = `pkg${module}.Service${group % 13}Test`;
  const open = `  <testcase classname="${cls}" name="case_${i}" time="0.00${i % 10}"`;
  if (i % 100 === 42) {
    return (
      `${open}>\n   <failure message="expected &lt;${i}&gt; but was &lt;${i + 1}&gt;" type="AssertionError">` +
      `AssertionError: expected ${i}\n    at Service.check (src/pkg${module}/service.js:${i % 400}:7)\n` +
      `    at node:internal/process/task_queues:95:5</failure>\n  </testcase>\n`
    );
  }
  if (i % 100 === 7) return `${open}>\n   <skipped message="disabled"/>\n  </testcase>\n`;
  if (i % 100 === 13) {
    return `${open}>\n   <system-out>request ${i} served in 3 ms &amp; cached</system-out>\n  </testcase>\n`;
  }
  return `${open}/>\n`;
}

/**
 * Writes at least `megabytes` MB to `path`; returns { bytes, cases, failed, skipped } as written,
 * so every subject's count can be checked against the truth.
 */
export function generateJUnit(path, megabytes) {
  const target = megabytes * 1024 * 1024;
  const fd = openSync(path, 'w');
  let bytes = 0;
  let cases = 0;
  let failed = 0;
  let skipped = 0;
  const write = (text) => {
    bytes += writeSync(fd, text);
  };
  try {
    write('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="bench">\n');
    for (let suite = 0; bytes < target; suite += 1) {
      const parts = [` <testsuite name="suite-${suite}" tests="${CASES_PER_SUITE}">\n`];
      for (let k = 0; k < CASES_PER_SUITE; k += 1) {
        const i = cases + k;
        if (i % 100 === 42) failed += 1;
        if (i % 100 === 7) skipped += 1;
        parts.push(testCase(i));
      }
      cases += CASES_PER_SUITE;
      parts.push(' </testsuite>\n');
      write(parts.join(''));
    }
    write('</testsuites>\n');
  } finally {
    closeSync(fd);
  }
  return { bytes, cases, failed, skipped };
}
