// Acceptance: "our totals equal the producer's own totals". The fixture program runs under the
// real producers (c8: V8 coverage; nyc: Istanbul instrumentation), each writing all five formats
// of one run; Debian's lcov summarises their LCOV independently.
import { readFileSync, readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCoverageReport, type AddedCoverageReport } from '../../../../actions/quality-gate/src/coverage/add-coverage-report.js';
import { CoverageStore } from '../../../../actions/quality-gate/src/coverage/coverage-store.js';
import { parseLcovFile } from '../../../../actions/quality-gate/src/coverage/parse-lcov.js';
import type { CoverageFormat } from '../../../../actions/quality-gate/src/model.js';
import { RepoFileIndex } from '../../../../actions/quality-gate/src/paths/repo-file-index.js';
import {
  copyFixtureProgram,
  lcovSummary,
  removeDir,
  runProducer,
  type Producer,
  type ProducerReports,
} from './real-producers.js';

const FORMATS: [CoverageFormat, keyof ProducerReports][] = [
  ['lcov', 'lcov'],
  ['cobertura', 'cobertura'],
  ['clover', 'clover'],
  ['istanbul-final', 'final'],
  ['istanbul-summary', 'summary'],
];

interface Loaded {
  store: CoverageStore;
  added: AddedCoverageReport;
}

describe.each<Producer>(['c8', 'nyc'])('one %s run written in five formats', (producer) => {
  let dir = '';
  let reports: ProducerReports;
  const loaded = new Map<CoverageFormat, Loaded>();
  let stated: Record<string, { lines: Metric; branches: Metric; functions: Metric; statements: Metric }>;

  beforeAll(async () => {
    dir = copyFixtureProgram();
    const repoFiles = new RepoFileIndex(readdirSync(dir, { recursive: true, encoding: 'utf8' }));
    reports = runProducer(producer, dir, 'run.js');
    for (const [format, key] of FORMATS) {
      const store = new CoverageStore();
      const added = await addCoverageReport(store, { path: reports[key], format }, { workspace: dir, repoFiles });
      loaded.set(format, { store, added });
    }
    stated = JSON.parse(readFileSync(reports.summary, 'utf8'));
  });
  afterAll(() => removeDir(dir));

  const get = (format: CoverageFormat): Loaded => loaded.get(format) as Loaded;

  it('finds every file of the program, repository-relative, in every format', () => {
    for (const [format] of FORMATS) {
      expect(get(format).store.paths(), format).toEqual(['src/parse.js', 'src/shapes.js', 'src/unused.js', 'src/util/strings.js']);
      expect(get(format).added.droppedFiles, format).toBe(0);
    }
  });

  it("coverage-final.json: lines, branches and functions equal the producer's json-summary totals", () => {
    const ours = get('istanbul-final').store.totals();
    const total = stated.total as (typeof stated)[string];
    expect(ours.linesFound).toBe(total.lines.total);
    expect(ours.linesHit).toBe(total.lines.covered);
    expect(ours.branchesFound).toBe(total.branches.total);
    expect(ours.branchesHit).toBe(total.branches.covered);
    expect(ours.functionsFound).toBe(total.functions.total);
    expect(ours.functionsHit).toBe(total.functions.covered);
    // and file by file
    for (const [path, metrics] of Object.entries(stated)) {
      if (path === 'total') continue;
      const file = get('istanbul-final').store.fileTotals(path.slice(dir.length + 1));
      expect(file?.linesFound, path).toBe(metrics.lines.total);
      expect(file?.linesHit, path).toBe(metrics.lines.covered);
      expect(file?.branchesFound, path).toBe(metrics.branches.total);
      expect(file?.functionsFound, path).toBe(metrics.functions.total);
    }
  });

  it("LCOV: totals equal the producer's LF/LH, BRF/BRH, FNF/FNH and its json-summary", () => {
    const { store, added } = get('lcov');
    const ours = store.totals();
    expect(added.summary.producerTotals).toEqual({
      linesFound: ours.linesFound,
      linesHit: ours.linesHit,
      branchesFound: ours.branchesFound,
      branchesHit: ours.branchesHit,
      functionsFound: ours.functionsFound,
      functionsHit: ours.functionsHit,
    });
    expect(added.warnings).toEqual([]);
    expect(ours.linesFound).toBe(stated.total?.lines.total);
    expect(ours.linesHit).toBe(stated.total?.lines.covered);
  });

  it('LCOV: lines and branches equal `lcov --summary`; functions equal it once same-named ones are merged as lcov does', async () => {
    const lcov = lcovSummary(reports.lcov);
    const ours = get('lcov').store.totals();
    expect({ hit: ours.linesHit, found: ours.linesFound }).toEqual(lcov.lines);
    expect({ hit: ours.branchesHit, found: ours.branchesFound }).toEqual(lcov.branches);
    // lcov keys a file's functions by name: c8 names both classes' `area` methods "area", which
    // lcov counts once. We count functions as the producer does (FNF); by name we agree with lcov.
    const byName = new Map<string, boolean>();
    await parseLcovFile(reports.lcov, (record) => {
      for (const fn of record.functions ?? []) {
        const key = `${record.path}\0${fn.name}`;
        byName.set(key, (byName.get(key) ?? false) || fn.hits > 0);
      }
    });
    expect({ hit: [...byName.values()].filter(Boolean).length, found: byName.size }).toEqual(lcov.functions);
  });

  it('Cobertura: lines equal the root lines-valid/lines-covered', () => {
    const { store, added } = get('cobertura');
    const ours = store.totals();
    expect(ours.linesFound).toBe(added.summary.producerTotals?.linesFound);
    expect(ours.linesHit).toBe(added.summary.producerTotals?.linesHit);
    expect(ours.linesFound).toBe(stated.total?.lines.total);
    expect(added.summary.sourceRoots).toEqual([dir]);
  });

  it("Cobertura and Clover: branches are those their lines list; the root states Istanbul's (a known producer gap)", () => {
    const lcov = get('lcov').store;
    for (const format of ['cobertura', 'clover'] as const) {
      const { store, added } = get(format);
      // The stated totals are Istanbul's own...
      expect(added.summary.producerTotals?.branchesFound, format).toBe(stated.total?.branches.total);
      expect(added.summary.producerTotals?.branchesHit, format).toBe(stated.total?.branches.covered);
      // ...but these writers list branches only on lines that hold a statement: the branch of a
      // default parameter on a `function f(a = 1) {` line (nyc) is counted but not listed. Our
      // totals are what the lines list: LCOV's branches on exactly those lines.
      let found = 0;
      let hit = 0;
      for (const path of store.paths()) {
        for (const line of store.executableLines(path)) {
          const branches = lcov.lineBranches(path, line);
          found += branches?.total ?? 0;
          hit += branches?.covered ?? 0;
        }
      }
      const ours = store.totals();
      expect([ours.branchesFound, ours.branchesHit], format).toEqual([found, hit]);
      if (found !== stated.total?.branches.total) {
        expect(added.warnings.join('\n'), format).toMatch(/branchesFound: the report states/);
      }
    }
  });

  it('Clover: statements equal the producer metrics, and are its lines (Istanbul writes one element per line)', () => {
    const { store, added } = get('clover');
    const ours = store.totals();
    expect(added.summary.producerTotals?.statementsFound).toBe(ours.linesFound);
    expect(added.summary.producerTotals?.statementsHit).toBe(ours.linesHit);
    expect(added.summary.producerTotals?.linesFound).toBe(ours.linesFound);
    expect(added.summary.producerTotals?.functionsFound).toBe(stated.total?.functions.total);
  });

  it('coverage-summary.json: totals only, equal to its own total entry, new code not assessed', () => {
    const { store, added } = get('istanbul-summary');
    const ours = store.totals();
    expect(ours.filesWithoutLineData).toBe(4);
    expect(added.summary.producerTotals).toMatchObject({
      linesFound: ours.linesFound,
      linesHit: ours.linesHit,
      branchesFound: ours.branchesFound,
      functionsFound: ours.functionsFound,
    });
    expect(store.coverageOfLines('src/parse.js', [1, 2, 3]).status).toBe('summary-only');
  });

  it('all five formats agree file by file on line totals, and the four with lines on every line', () => {
    const reference = get('istanbul-final').store;
    for (const [format] of FORMATS) {
      const store = get(format).store;
      for (const path of reference.paths()) {
        const a = reference.fileTotals(path);
        const b = store.fileTotals(path);
        expect([b?.linesFound, b?.linesHit], `${format} ${path}`).toEqual([a?.linesFound, a?.linesHit]);
        if (format === 'istanbul-summary') continue;
        for (let line = 1; line <= 200; line += 1) {
          expect(store.lineHits(path, line), `${format} ${path}:${line}`).toBe(reference.lineHits(path, line));
        }
      }
    }
  });
});

type Metric = { total: number; covered: number };
