// Matrix legs: a leg's partial result read back equals what the leg read (coverage line by line,
// tests, findings, vulnerabilities); legs written on other machines merge; a missing, cut-short
// or tampered partial makes its leg missing or unreadable, which fails the gate.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runQualityGate } from '../../../../actions/quality-gate/src/engine.js';
import { mergeLegs } from '../../../../actions/quality-gate/src/matrix/merge-legs.js';
import { readPartial } from '../../../../actions/quality-gate/src/matrix/read-partial.js';
import { MemoryLogger } from '../../../../shared/runtime/logger.js';
import { CLEAN_AUDIT, environment, junit, lcov, ports, sarif, Workspace } from './engine-fixtures.js';

const workspaces: Workspace[] = [];
afterEach(() => {
  for (const w of workspaces.splice(0)) w.remove();
});
function workspace(): Workspace {
  const w = new Workspace();
  workspaces.push(w);
  return w;
}

async function leg(w: Workspace, name: string, reports: string[]) {
  return runQualityGate(
    {
      environment: environment(),
      gate: 'pre_deployment',
      workspace: w.dir,
      outputDir: join(w.dir, 'legs'),
      mode: { kind: 'partial', leg: name },
      reports,
      diff: { source: 'none', baseCandidates: [] },
      source: { commit: 'a'.repeat(40) },
    },
    ports(),
  );
}

async function merge(w: Workspace, expectedLegs: string[]) {
  return runQualityGate(
    {
      environment: environment(),
      gate: 'pre_deployment',
      workspace: w.dir,
      outputDir: join(w.dir, 'out'),
      mode: { kind: 'merge', patterns: ['legs/*.jsonl'], expectedLegs },
      reports: [],
      diff: { source: 'none', baseCandidates: [] },
    },
    ports(),
  );
}

describe('partial results', () => {
  it('round-trips a leg: coverage by line and branch, tests, findings, vulnerabilities', async () => {
    const w = workspace();
    w.write('src/a.ts', 'x\n'.repeat(20));
    w.write('r1/lcov.info', lcov('src/a.ts', { 1: 2, 2: 0, 3: 0, 5: 1, 6: 0, 9: 4 }, [[5, 1, 2]]));
    w.write('r1/junit.xml', junit([{ name: 'ok' }, { name: 'bad', failed: true, file: 'src/a.ts', line: 3 }]));
    w.write('r1/lint.sarif', sarif([{ rule: 'no-eval', file: 'src/a.ts', line: 9 }]));
    w.write('r1/audit.json', CLEAN_AUDIT);
    const written = await leg(w, 'one', ['r1/*']);
    const partial = written.files.partial as string;
    expect(partial).toMatch(/quality-gate-production-pre_deployment-leg-one\.jsonl$/);
    expect(written.files.result).toBeUndefined();

    const lines = readFileSync(partial, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines[0]).toMatchObject({ t: 'header', leg: 'one', attempt: 1, commit: 'a'.repeat(40) });
    expect(lines.find((l) => l['t'] === 'coverage')).toEqual({
      t: 'coverage',
      path: 'src/a.ts',
      c: [
        [1, 1],
        [5, 5],
        [9, 9],
      ],
      u: [
        [2, 3],
        [6, 6],
      ],
      b: [[5, 1, 2]],
    });
    expect(lines.at(-1)).toEqual({ t: 'end', records: lines.length });

    const merged = await merge(w, ['one']);
    const alone = written.details;
    expect(merged.details.coverage).toEqual(alone.coverage);
    expect(merged.details.tests?.counts).toEqual(alone.tests?.counts);
    expect(merged.details.tests?.failed.map((t) => [t.name, t.file, t.line, t.leg])).toEqual([
      ['bad', 'src/a.ts', 3, 'one'],
    ]);
    expect(merged.figures).toEqual(written.figures);
    expect(merged.result.findings.map((f) => f.ruleId).sort()).toEqual(
      written.result.findings.map((f) => f.ruleId).sort(),
    );
    expect(merged.legs).toEqual([
      expect.objectContaining({ leg: 'one', state: 'merged', coverageFiles: 1, testsRun: 2 }),
    ]);
  });

  it('merges legs: a line is covered when any leg covered it, counts add up, duplicates count once', async () => {
    const w = workspace();
    w.write('src/a.ts', 'x\n'.repeat(10));
    w.write('a/lcov.info', lcov('src/a.ts', { 1: 1, 2: 0, 3: 0 }));
    w.write('a/junit.xml', junit([{ name: 't1' }, { name: 't2', failed: true }]));
    w.write('a/lint.sarif', sarif([{ rule: 'r', file: 'src/a.ts', line: 2 }]));
    w.write('b/lcov.info', lcov(`${w.dir}/src/a.ts`, { 1: 0, 2: 5, 3: 0 }));
    w.write('b/junit.xml', junit([{ name: 't1' }, { name: 't2', failed: true }]));
    w.write('b/lint.sarif', sarif([{ rule: 'r', file: 'src/a.ts', line: 2 }]));
    await leg(w, 'a', ['a/*']);
    await leg(w, 'b', ['b/*']);
    const merged = await merge(w, ['a', 'b']);
    expect(merged.details.coverage).toMatchObject({ linesFound: 3, linesHit: 2 });
    expect(merged.details.tests?.counts).toEqual({ passed: 2, failed: 2, flaky: 0, skipped: 0 });
    expect(merged.details.tests?.failed.map((t) => t.leg)).toEqual(['a', 'b']);
    expect(merged.details.findings?.read).toBe(1);
    expect(merged.result.status).toBe('failure');
  });

  it('reports an expected leg without a partial as missing and fails the gate', async () => {
    const w = workspace();
    w.write('src/a.ts', 'x\n');
    w.write('a/lcov.info', lcov('src/a.ts', { 1: 1 }));
    w.write('a/junit.xml', junit([{ name: 't1' }]));
    await leg(w, 'a', ['a/*']);
    const merged = await merge(w, ['a', 'b']);
    expect(merged.legs?.map((l) => [l.leg, l.state])).toEqual([
      ['a', 'merged'],
      ['b', 'missing'],
    ]);
    expect(merged.result.status).toBe('failure');
    expect(merged.result.score).toBe(0);
    expect(merged.result.summary).toMatch(/^pre_deployment gate failed closed: leg b is missing/);
    expect(merged.details.failedClosedReasons.join('\n')).toContain('matrix leg b is missing');
  });

  it('refuses a cut-short or tampered partial, naming the file and line', async () => {
    const w = workspace();
    w.write('src/a.ts', 'x\n');
    w.write('a/lcov.info', lcov('src/a.ts', { 1: 1 }));
    const { files } = await leg(w, 'a', ['a/*']);
    const path = files.partial as string;
    const lines = readFileSync(path, 'utf8').trim().split('\n');
    const sink = {
      header: () => undefined,
      coverage: () => undefined,
      tests: () => undefined,
      test: () => undefined,
      finding: () => undefined,
      vulnerability: () => undefined,
      change: () => undefined,
    };

    writeFileSync(path, `${lines.slice(0, -1).join('\n')}\n`);
    await expect(readPartial(path, sink)).rejects.toThrow(/has no end record: the upload was cut short/);

    const bomb = JSON.stringify({ t: 'coverage', path: 'src/a.ts', u: [[1, 2_000_000_000]] });
    writeFileSync(path, `${[lines[0], bomb, JSON.stringify({ t: 'end', records: 3 })].join('\n')}\n`);
    await expect(readPartial(path, sink)).rejects.toThrow(
      /:2: src\/a\.ts: more than 1000000 executable lines in one file: refusing to expand/,
    );

    writeFileSync(
      path,
      `${[lines[0], '{"t":"finding","finding":{"ruleId":"x","severity":"urgent","message":"m"}}'].join('\n')}\n`,
    );
    await expect(readPartial(path, sink)).rejects.toThrow(/:2: unknown severity/);

    writeFileSync(path, '{"t":"coverage","path":"a"}\n');
    await expect(readPartial(path, sink)).rejects.toThrow(/not the header: not a quality-gate partial result/);

    // Through the merge, an unreadable partial is a failing leg, not a crash.
    writeFileSync(path, `${lines.slice(0, -1).join('\n')}\n`);
    const merged = await mergeLegs(
      {
        patterns: ['legs/*.jsonl'],
        cwd: w.dir,
        environment: 'production',
        gate: 'pre_deployment',
        expectedLegs: ['a'],
      },
      new MemoryLogger(),
    );
    expect(merged.legs).toEqual([expect.objectContaining({ leg: 'a', state: 'unreadable' })]);
    expect(merged.missing).toEqual(['a']);
  });

  it('keeps the newest attempt of a leg, and leaves out legs that were not expected', async () => {
    const w = workspace();
    w.write('src/a.ts', 'x\n');
    w.write('a/lcov.info', lcov('src/a.ts', { 1: 0 }));
    const first = await leg(w, 'a', ['a/*']);
    // Attempt 2 of the same leg (a re-run) covered the line.
    const lines = readFileSync(first.files.partial as string, 'utf8')
      .trim()
      .split('\n');
    const header = JSON.parse(lines[0] as string) as Record<string, unknown>;
    const rerun = [
      JSON.stringify({ ...header, attempt: 2 }),
      JSON.stringify({ t: 'coverage', path: 'src/a.ts', c: [[1, 1]] }),
      JSON.stringify({ t: 'end', records: 3 }),
    ];
    w.write('legs/attempt-2/quality-gate-production-pre_deployment-leg-a.jsonl', `${rerun.join('\n')}\n`);
    await leg(w, 'stray', ['a/*']);
    const logger = new MemoryLogger();
    const merged = await mergeLegs(
      {
        patterns: ['legs/**/*.jsonl'],
        cwd: w.dir,
        environment: 'production',
        gate: 'pre_deployment',
        expectedLegs: ['a'],
      },
      logger,
    );
    expect(merged.legs).toEqual([expect.objectContaining({ leg: 'a', state: 'merged', attempt: 2 })]);
    expect(merged.evidence.coverage?.totals()).toMatchObject({ linesFound: 1, linesHit: 1 });
    expect(merged.evidence.warnings.join('\n')).toContain('leg stray was found but is not in expected-legs');
  });
});
