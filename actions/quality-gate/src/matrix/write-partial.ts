/**
 * Writes a leg's GateEvidence as a partial result (partial-format.ts), streaming line by line to
 * a temporary file that is renamed into place: a reader sees the whole partial or none of it.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { QUALITY_REPORT_KINDS } from '../../../../shared/config/quality-metrics.js';
import { TOOL } from '../../../../shared/version.js';
import type { ChangeSet } from '../diff/changed-lines.js';
import type { GateEvidence } from '../engine/evidence.js';
import {
  PARTIAL_FORMAT,
  PARTIAL_VERSION,
  type ChangeLine,
  type CoverageLine,
  type PartialHeader,
  type PartialLine,
  type Ranges,
} from './partial-format.js';

export interface PartialMeta {
  environment: string;
  gate: string;
  leg: string;
  attempt: number;
  commit?: string;
  ref?: string;
  createdAt: Date;
  changes?: { changes: ChangeSet; source: 'git' | 'api'; detail: string };
}

export async function writePartial(path: string, evidence: GateEvidence, meta: PartialMeta): Promise<number> {
  await mkdir(dirname(path), { recursive: true });
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const handle = await open(temp, 'w', 0o644);
  let records = 0;
  let buffer: string[] = [];
  let buffered = 0;
  const flush = async () => {
    if (buffer.length === 0) return;
    await handle.write(buffer.join(''));
    buffer = [];
    buffered = 0;
  };
  const put = async (line: PartialLine) => {
    const text = `${JSON.stringify(line)}\n`;
    buffer.push(text);
    buffered += text.length;
    records += 1;
    if (buffered > 1 << 20) await flush();
  };
  try {
    await put(header(evidence, meta));
    const store = evidence.coverage;
    if (store !== undefined) {
      for (const file of store.paths()) await put(coverageLine(evidence, file));
    }
    const tests = evidence.tests;
    if (tests !== undefined) {
      await put({
        t: 'tests',
        attempt: tests.attempt,
        counts: tests.counts,
        countsWithoutFile: tests.countsWithoutFile,
        countsByFile: [...tests.countsByFile],
        failedNotKept: tests.failedNotKept,
        flakyNotKept: tests.flakyNotKept,
        notes: tests.notes,
      });
      for (const test of [...tests.failed, ...tests.flaky]) {
        await put({
          t: 'test',
          outcome: test.outcome,
          id: test.id,
          attempt: test.attempt,
          failedInAttempts: test.failedInAttempts,
          retriedInReport: test.retriedInReport,
          carriedOver: test.carriedOver,
          record: test.record,
        });
      }
    }
    for (const finding of evidence.findings ?? []) await put({ t: 'finding', finding });
    for (const vulnerability of evidence.vulnerabilities ?? []) await put({ t: 'vulnerability', vulnerability });
    for (const file of meta.changes?.changes.files.values() ?? []) {
      const line: ChangeLine = {
        t: 'change',
        file: {
          path: file.path,
          status: file.status,
          added: file.added.ranges.map(([start, end]) => [start, end]),
          additions: file.additions,
          binary: file.binary,
          linesKnown: file.linesKnown,
        },
      };
      if (file.previousPath !== undefined) line.file.previousPath = file.previousPath;
      if (file.unknownReason !== undefined) line.file.unknownReason = file.unknownReason;
      await put(line);
    }
    await put({ t: 'end', records: records + 1 });
    await flush();
    await handle.sync();
  } catch (err) {
    await handle.close();
    await rm(temp, { force: true });
    throw err;
  }
  await handle.close();
  await rename(temp, path);
  return records;
}

function header(evidence: GateEvidence, meta: PartialMeta): PartialHeader {
  const kinds = Object.fromEntries(
    QUALITY_REPORT_KINDS.map((kind) => [kind, evidence[kind] !== undefined]),
  ) as PartialHeader['kinds'];
  const out: PartialHeader = {
    t: 'header',
    format: PARTIAL_FORMAT,
    version: PARTIAL_VERSION,
    phase: 'quality-gate',
    environment: meta.environment,
    gate: meta.gate,
    leg: meta.leg,
    attempt: meta.attempt,
    createdAt: meta.createdAt.toISOString(),
    tool: { ...TOOL },
    kinds,
    unreadable: evidence.unreadable,
    reports: evidence.reports,
    problems: evidence.problems,
    warnings: evidence.warnings,
  };
  if (meta.commit !== undefined) out.commit = meta.commit;
  if (meta.ref !== undefined) out.ref = meta.ref;
  if (meta.changes !== undefined) {
    out.changes = {
      source: meta.changes.source,
      complete: meta.changes.changes.complete,
      notes: meta.changes.changes.notes,
      detail: meta.changes.detail,
    };
  }
  return out;
}

/** One file's coverage as ranges of consecutive executable lines, covered and not. */
function coverageLine(evidence: GateEvidence, path: string): CoverageLine {
  const store = evidence.coverage;
  const line: CoverageLine = { t: 'coverage', path };
  if (store === undefined) return line;
  const executable = store.executableLines(path);
  if (executable.length === 0) {
    const totals = store.fileTotals(path);
    if (totals !== undefined && totals.filesWithoutLineData > 0) {
      line.s = {
        linesFound: totals.linesFound,
        linesHit: totals.linesHit,
        branchesFound: totals.branchesFound,
        branchesHit: totals.branchesHit,
        functionsFound: totals.functionsFound,
        functionsHit: totals.functionsHit,
      };
    }
    return line;
  }
  const covered: Ranges = [];
  const uncovered: Ranges = [];
  const branches: [number, number, number][] = [];
  for (const number of executable) {
    const hit = (store.lineHits(path, number) ?? 0) > 0;
    const ranges = hit ? covered : uncovered;
    const last = ranges[ranges.length - 1];
    if (last !== undefined && last[1] === number - 1) last[1] = number;
    else ranges.push([number, number]);
    const branch = store.lineBranches(path, number);
    if (branch !== undefined && branch.total > 0) branches.push([number, branch.covered, branch.total]);
  }
  if (covered.length > 0) line.c = covered;
  if (uncovered.length > 0) line.u = uncovered;
  if (branches.length > 0) line.b = branches;
  return line;
}
