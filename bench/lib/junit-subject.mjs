// One subject of the JUnit throughput bench, run in its own process so that its peak RSS is its
// own: `node junit-subject.mjs <subject> <report.xml> [elder-bundle.mjs]`. Prints one JSON line:
// { subject, cases, failed, skipped, ms, cpuMs, maxRssKb }: ms (wall) and cpuMs cover reading and
// parsing the whole file, module loading included.
//
// The peers parse the way popular JUnit reporter actions do: read the file into a string, build
// the whole document (xml2js, xml-js, fast-xml-parser), then walk it. Every subject counts the
// same things, and the bench checks the counts, so a subject that skips work cannot look fast.
import { createReadStream, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const [subject, path, bundle] = process.argv.slice(2);

const asArray = (value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** Counts test cases in a document object, given how each library names children and attributes. */
function walk(node, { children, has }) {
  const counts = { cases: 0, failed: 0, skipped: 0 };
  const visit = (suite) => {
    for (const testCase of asArray(children(suite, 'testcase'))) {
      counts.cases += 1;
      if (has(testCase, 'failure') || has(testCase, 'error')) counts.failed += 1;
      else if (has(testCase, 'skipped')) counts.skipped += 1;
    }
    for (const inner of asArray(children(suite, 'testsuite'))) visit(inner);
  };
  visit(node);
  return counts;
}

const subjects = {
  async elder() {
    const { parseJUnit, TestTotals } = await import(pathToFileURL(bundle).href);
    const totals = new TestTotals();
    await parseJUnit(path, totals.sink);
    return { cases: totals.total, failed: totals.failed + totals.errors, skipped: totals.skipped };
  },
  async xml2js() {
    const { parseStringPromise } = require('xml2js');
    const document = await parseStringPromise(readFileSync(path, 'utf8'));
    return walk(document.testsuites, { children: (n, name) => n[name], has: (n, name) => n[name] !== undefined });
  },
  async 'xml-js'() {
    const { xml2js } = require('xml-js');
    const document = xml2js(readFileSync(path, 'utf8'), { compact: true });
    return walk(document.testsuites, { children: (n, name) => n[name], has: (n, name) => n[name] !== undefined });
  },
  async 'fast-xml-parser'() {
    const { XMLParser } = require('fast-xml-parser');
    const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_' });
    const document = parser.parse(readFileSync(path, 'utf8'));
    return walk(document.testsuites, { children: (n, name) => n[name], has: (n, name) => n[name] !== undefined });
  },
  async 'plain read'() {
    let bytes = 0;
    for await (const chunk of createReadStream(path, { highWaterMark: 256 * 1024 })) bytes += chunk.length;
    return { cases: Number.NaN, failed: Number.NaN, skipped: Number.NaN, bytes };
  },
};

const run = subjects[subject];
if (!run) throw new Error(`unknown subject '${subject}'; known: ${Object.keys(subjects).join(', ')}`);
const started = process.hrtime.bigint();
const cpuBefore = process.cpuUsage();
const counts = await run();
const ms = Number(process.hrtime.bigint() - started) / 1e6;
// CPU time too: on a shared machine wall time includes waiting for a core, CPU time does not.
const cpu = process.cpuUsage(cpuBefore);
const cpuMs = (cpu.user + cpu.system) / 1000;
console.log(JSON.stringify({ subject, ...counts, ms, cpuMs, maxRssKb: process.resourceUsage().maxRSS }));
