/**
 * Test helper run as a child process (`node --import tsx --max-old-space-size=N`): parses one
 * JUnit file and prints its totals and peak RSS as JSON, or the error. Running under a small heap
 * proves memory stays bounded: a parser that held the document would die of "heap out of memory".
 */
import { parseJUnit } from '../../../../actions/quality-gate/src/tests/parse-junit.js';
import { TestTotals } from '../../../../actions/quality-gate/src/tests/test-totals.js';

const path = process.argv[2];
if (!path) throw new Error('usage: parse-junit-child.ts <file>');
const totals = new TestTotals({ maxKeptCases: 10 });
try {
  const summary = await parseJUnit(path, totals.sink);
  const { failures: _failures, flakyCases: _flaky, ...counts } = totals.snapshot();
  console.log(JSON.stringify({ ok: true, counts, summary, maxRssKb: process.resourceUsage().maxRSS }));
} catch (error) {
  console.log(JSON.stringify({ ok: false, error: (error as Error).message, maxRssKb: process.resourceUsage().maxRSS }));
}
