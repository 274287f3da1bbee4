import { execFile } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';

import { EXAMPLE_SERVICE_DIR } from './example-service-process.js';

const REPORTS = join(EXAMPLE_SERVICE_DIR, 'reports');
const LCOV = join(REPORTS, 'lcov.info');
const JUNIT = join(REPORTS, 'junit.xml');

interface LcovRecord {
  file: string;
  linesFound: number;
  linesHit: number;
  daLines: number;
  daHit: number;
}

/** Just enough LCOV reading to check the records are complete and self-consistent. */
function readLcov(text: string): LcovRecord[] {
  const records: LcovRecord[] = [];
  let current: Partial<LcovRecord> & { daLines: number; daHit: number } = { daLines: 0, daHit: 0 };
  for (const line of text.split('\n')) {
    const [key, value = ''] = line.split(/:(.*)/s);
    if (key === 'SF') current = { file: value, daLines: 0, daHit: 0 };
    else if (key === 'DA') {
      current.daLines += 1;
      if (Number(value.split(',')[1]) > 0) current.daHit += 1;
    } else if (key === 'LF') current.linesFound = Number(value);
    else if (key === 'LH') current.linesHit = Number(value);
    else if (key === 'end_of_record') {
      expect(current.file, 'a record without SF').toBeDefined();
      expect(current.linesFound, `LF missing for ${current.file}`).toBeTypeOf('number');
      expect(current.linesHit, `LH missing for ${current.file}`).toBeTypeOf('number');
      records.push(current as LcovRecord);
    }
  }
  return records;
}

/** Test declarations in the example's test files, counted independently of any reporter. */
function declaredTests(): number {
  const dir = join(EXAMPLE_SERVICE_DIR, 'test');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.test.mjs'))
    .reduce((n, f) => n + (readFileSync(join(dir, f), 'utf8').match(/^\s*it\(/gm)?.length ?? 0), 0);
}

describe("the example service's own test run", () => {
  let stdout = '';
  beforeAll(async () => {
    // Remove old reports so only this run's can satisfy the checks below.
    rmSync(LCOV, { force: true });
    rmSync(JUNIT, { force: true });
    try {
      const result = await promisify(execFile)('bash', [join(EXAMPLE_SERVICE_DIR, 'run-tests.sh')], {
        cwd: EXAMPLE_SERVICE_DIR,
        env: { PATH: process.env['PATH'] ?? '' },
        timeout: 90_000,
        maxBuffer: 16 * 1024 * 1024,
      });
      stdout = result.stdout;
    } catch (err) {
      // Show the runner's own report, not just "Command failed".
      const { stdout: out = '', stderr = '' } = err as { stdout?: string; stderr?: string };
      throw new Error(`run-tests.sh failed:\n${out}\n${stderr}`);
    }
  }, 120_000);

  it('passes every test and says so on stdout', () => {
    expect(stdout).toMatch(/^ℹ fail 0$/m);
    expect(stdout).toMatch(/^ℹ skipped 0$/m);
  });

  it('writes LCOV with complete, consistent records for the service modules', () => {
    expect(existsSync(LCOV)).toBe(true);
    const records = readLcov(readFileSync(LCOV, 'utf8'));
    const files = records.map((r) => r.file);
    for (const module of ['app.mjs', 'fault.mjs', 'metrics.mjs', 'options.mjs', 'service.mjs', 'server.mjs']) {
      expect(
        files.some((f) => f.endsWith(module)),
        module,
      ).toBe(true);
    }
    for (const record of records) {
      expect(record.linesFound, record.file).toBe(record.daLines);
      expect(record.linesHit, record.file).toBe(record.daHit);
      expect(record.linesHit, record.file).toBeLessThanOrEqual(record.linesFound);
    }
    const app = records.find((r) => r.file.endsWith('app.mjs'));
    expect(app!.linesHit / app!.linesFound).toBeGreaterThan(0.8);
  });

  it('writes JUnit XML whose test count matches the run and the test files', () => {
    expect(existsSync(JUNIT)).toBe(true);
    const xml = readFileSync(JUNIT, 'utf8');
    expect(XMLValidator.validate(xml)).toBe(true);
    const parser = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '',
      isArray: (name) => name === 'testsuite' || name === 'testcase',
    });
    const doc = parser.parse(xml) as {
      testsuites: {
        testsuite: Array<{ tests: string; failures: string; testcase: Array<{ name: string; failure?: unknown }> }>;
      };
    };
    const suites = doc.testsuites.testsuite;
    const cases = suites.flatMap((s) => s.testcase);
    const reported = Number(/^ℹ tests (\d+)$/m.exec(stdout)?.[1]);
    expect(cases.length).toBe(reported);
    expect(cases.length).toBe(declaredTests());
    expect(suites.reduce((n, s) => n + Number(s.tests), 0)).toBe(cases.length);
    expect(suites.every((s) => s.failures === '0')).toBe(true);
    expect(cases.filter((c) => c.failure !== undefined)).toEqual([]);
  });
});
