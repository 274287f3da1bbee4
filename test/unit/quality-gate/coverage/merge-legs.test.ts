// Matrix legs on other machines: two legs of one program, written by the real producer in two
// formats, with the absolute prefixes of a Linux runner, a Windows runner and GitLab, merged on a
// checkout at yet another path. The merge must equal the producer's own run of both legs at once.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCoverageReport } from '../../../../actions/quality-gate/src/coverage/add-coverage-report.js';
import { CoverageStore } from '../../../../actions/quality-gate/src/coverage/coverage-store.js';
import { RepoFileIndex } from '../../../../actions/quality-gate/src/paths/repo-file-index.js';
import { copyFixtureProgram, removeDir, runProducer, type ProducerReports } from './real-producers.js';

describe('merging legs written on other machines', () => {
  let dir = '';
  let repoFiles: RepoFileIndex;
  let legA: ProducerReports;
  let legB: ProducerReports;
  let both: ProducerReports;

  beforeAll(() => {
    dir = copyFixtureProgram();
    repoFiles = new RepoFileIndex(readdirSync(dir, { recursive: true, encoding: 'utf8' }));
    legA = runProducer('c8', dir, 'run.js');
    legB = runProducer('c8', dir, 'run-other.js');
    both = runProducer('c8', dir, 'run-both.js');
  });
  afterAll(() => removeDir(dir));

  /** Leg A's LCOV as a Linux runner writes it: absolute paths under /home/runner/work. */
  function linuxLcov(): string {
    const text = readFileSync(legA.lcov, 'utf8').replace(/^SF:/gm, 'SF:/home/runner/work/repo/repo/');
    return write('leg-a-lcov.info', text);
  }

  /** Leg B's Cobertura as a Windows runner writes it: a drive-letter source root and backslashes. */
  function windowsCobertura(): string {
    const text = readFileSync(legB.cobertura, 'utf8')
      .replace(`<source>${dir}</source>`, '<source>C:\\a\\repo\\repo</source>')
      .replace(/filename="([^"]+)"/g, (_, f: string) => `filename="${f.replace(/\//g, '\\')}"`);
    expect(text).toContain('C:\\a\\repo\\repo');
    return write('leg-b-cobertura.xml', text);
  }

  /** Leg B's coverage-final.json as GitLab writes it: absolute paths under /builds. */
  function gitlabFinal(): string {
    const text = readFileSync(legB.final, 'utf8').split(`${dir}/`).join('/builds/group/repo/');
    return write('leg-b-final.json', text);
  }

  function write(name: string, text: string): string {
    const path = `${dir}/${name}`;
    writeFileSync(path, text);
    return path;
  }

  async function reference(): Promise<CoverageStore> {
    const store = new CoverageStore();
    await addCoverageReport(store, { path: both.final, format: 'istanbul-final' }, { workspace: dir, repoFiles });
    return store;
  }

  it.each([
    ['LCOV (Linux) + Cobertura (Windows)', 'cobertura'],
    ['LCOV (Linux) + coverage-final.json (GitLab)', 'istanbul-final'],
  ] as const)('%s equals one run of both legs, line by line', async (_title, secondFormat) => {
    const merged = new CoverageStore();
    const workspace = '/srv/checkout/elsewhere';
    const a = await addCoverageReport(merged, { path: linuxLcov(), format: 'lcov' }, { workspace, repoFiles });
    const second = secondFormat === 'cobertura' ? windowsCobertura() : gitlabFinal();
    const b = await addCoverageReport(merged, { path: second, format: secondFormat }, { workspace, repoFiles });
    expect([...a.warnings, ...b.warnings]).toEqual([]);
    expect(a.droppedFiles + b.droppedFiles).toBe(0);

    const expected = await reference();
    expect(merged.paths()).toEqual(expected.paths());
    for (const path of expected.paths()) {
      expect(merged.executableLines(path), path).toEqual(expected.executableLines(path));
      for (const line of expected.executableLines(path)) {
        // Covered by some leg exactly when covered in the run of both. Counts add up, so they
        // are at least the single run's (module set-up ran once per leg, once in `both`).
        const mergedHits = merged.lineHits(path, line) ?? -1;
        const expectedHits = expected.lineHits(path, line) ?? -1;
        expect(mergedHits > 0, `${path}:${line} covered`).toBe(expectedHits > 0);
        expect(mergedHits, `${path}:${line} hits`).toBeGreaterThanOrEqual(expectedHits);
      }
    }
    const mergedTotals = merged.totals();
    const expectedTotals = expected.totals();
    expect([mergedTotals.linesFound, mergedTotals.linesHit]).toEqual([expectedTotals.linesFound, expectedTotals.linesHit]);
    // Branches merge per line by the larger count, so they never exceed the true union.
    expect(mergedTotals.branchesHit).toBeLessThanOrEqual(expectedTotals.branchesHit);
    expect(mergedTotals.branchesFound).toBe(expectedTotals.branchesFound);
    // Each leg alone covers less than the merge.
    const aloneA = new CoverageStore();
    await addCoverageReport(aloneA, { path: legA.lcov, format: 'lcov' }, { workspace: dir, repoFiles });
    expect(aloneA.totals().linesHit).toBeLessThan(mergedTotals.linesHit);
  });

  it('without the file list, paths from another machine are dropped with one warning naming the report', async () => {
    const store = new CoverageStore();
    const added = await addCoverageReport(
      store,
      { path: linuxLcov(), format: 'lcov' },
      { workspace: '/srv/checkout/elsewhere', name: 'leg-a/lcov.info' },
    );
    expect(store.paths()).toEqual([]);
    expect(added.droppedFiles).toBe(4);
    expect(added.warnings).toHaveLength(1);
    expect(added.warnings[0]).toMatch(/^leg-a\/lcov\.info: 4 file paths dropped: 4 absolute outside the workspace/);
  });
});
