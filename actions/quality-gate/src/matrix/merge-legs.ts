/**
 * The publishing step of a matrix build: the partial results of the legs it was told to expect,
 * merged into one GateEvidence, as if one job had read every leg's reports.
 *
 * - A leg that was expected and has no partial (the job failed before uploading, the artifact
 *   expired), or whose partial is unreadable (truncated, tampered), is MISSING: reported in the
 *   result and failing the gate. A matrix that lost a leg has less evidence than it claims.
 * - A leg found but not expected is left out with a warning: the step merges what it was told to.
 * - Several partials of one leg (re-runs) resolve to the newest attempt.
 * - Coverage merges by the CoverageStore's rules (a line is covered if any leg covered it); test
 *   counts add up, and each leg's failing and flaky tests are kept with the leg's name (two legs
 *   run the same tests under the same names, so legs were classified one by one); findings and
 *   vulnerabilities reported by several legs count once.
 */
import { createReadStream } from 'node:fs';
import { QUALITY_REPORT_KINDS, type QualityReportKind } from '../../../../shared/config/quality-metrics.js';
import { errorMessage, UserError } from '../../../../shared/runtime/errors.js';
import { expandGlobs } from '../../../../shared/runtime/glob.js';
import type { Logger } from '../../../../shared/runtime/logger.js';
import { CoverageStore } from '../coverage/coverage-store.js';
import { forEachLine } from '../coverage/byte-lines.js';
import { changeSet, type ChangedFile, type ChangeSet } from '../diff/changed-lines.js';
import { LineRanges } from '../diff/line-ranges.js';
import {
  emptyCounts,
  type ClassifiedTest,
  type TestClassification,
  type TestCounts,
} from '../flaky/test-classifier.js';
import { findingIdentity } from '../baseline/identities.js';
import type { GateFinding } from '../gate/gate-inputs.js';
import type { Vulnerability } from '../model.js';
import { addWarnings, emptyEvidence, markUnreadable, type GateEvidence } from '../engine/evidence.js';
import { PARTIAL_EXTENSION, type PartialHeader } from './partial-format.js';
import { parseHeaderLine, readPartial, type PartialSink } from './read-partial.js';

export type LegState = 'merged' | 'missing' | 'unreadable';

export interface LegStatus {
  leg: string;
  state: LegState;
  /** The partial merged (or refused). */
  file?: string;
  attempt?: number;
  reason?: string;
  /** What the leg contributed. */
  kinds?: QualityReportKind[];
  coverageFiles?: number;
  testsRun?: number;
  failingTests?: number;
  findings?: number;
  vulnerabilities?: number;
}

export interface MergedLegs {
  evidence: GateEvidence;
  legs: LegStatus[];
  /** Expected legs without a usable partial. */
  missing: string[];
  /** The change as the first leg that computed one recorded it. */
  changes?: { changes: ChangeSet; detail: string };
}

export interface MergeOptions {
  patterns: readonly string[];
  cwd: string;
  environment: string;
  gate: string;
  /** Legs to expect; empty = every leg found (with a warning that a lost leg cannot be noticed). */
  expectedLegs: readonly string[];
  /** Failing and flaky tests kept, each, across legs. */
  maxKeptTests?: number;
}

export async function mergeLegs(options: MergeOptions, logger: Logger): Promise<MergedLegs> {
  const files = (await expandGlobs(options.patterns, { cwd: options.cwd })).filter((file) =>
    file.endsWith(PARTIAL_EXTENSION),
  );
  const evidence = emptyEvidence();
  const legs: LegStatus[] = [];

  // Newest attempt of each leg of this environment and gate.
  const newest = new Map<string, { file: string; header: PartialHeader }>();
  const unreadableByFile: { file: string; reason: string }[] = [];
  for (const file of files) {
    let header: PartialHeader;
    try {
      header = await readHeader(file);
    } catch (err) {
      unreadableByFile.push({ file, reason: errorMessage(err) });
      continue;
    }
    if (header.environment !== options.environment || header.gate !== options.gate) {
      logger.debug(
        `${file}: a partial of ${header.environment}/${header.gate}, not ${options.environment}/${options.gate}; skipped`,
      );
      continue;
    }
    const known = newest.get(header.leg);
    if (known === undefined || newer(header, known.header)) {
      if (known !== undefined) logger.info(`leg ${header.leg}: ${known.file} superseded by ${file} (a newer attempt)`);
      newest.set(header.leg, { file, header });
    }
  }

  const expected = [...new Set(options.expectedLegs)];
  if (expected.length === 0) {
    const warning =
      'expected-legs was not given: every leg found was merged, and a leg that never uploaded its partial cannot be noticed';
    logger.warning(warning);
    addWarnings(evidence, [warning]);
  }
  const toMerge = expected.length > 0 ? expected : [...newest.keys()].sort();
  for (const leg of newest.keys()) {
    if (!toMerge.includes(leg)) {
      const warning = `leg ${leg} was found but is not in expected-legs; it was left out`;
      logger.warning(warning);
      addWarnings(evidence, [warning]);
    }
  }

  const merger = new LegMerger(evidence, options.maxKeptTests ?? 1_000);
  let changes: MergedLegs['changes'];
  for (const leg of toMerge) {
    const found = newest.get(leg);
    if (found === undefined) {
      const broken = unreadableByFile.filter((entry) => entry.file.includes(`-leg-${leg}${PARTIAL_EXTENSION}`));
      legs.push({
        leg,
        state: broken.length > 0 ? 'unreadable' : 'missing',
        reason:
          broken.length > 0
            ? broken.map((entry) => entry.reason).join('; ')
            : `no partial result of leg ${leg} matched ${options.patterns.join(', ')}`,
        ...(broken[0] ? { file: broken[0].file } : {}),
      });
      continue;
    }
    try {
      const status = await merger.mergeLeg(found.file, leg);
      legs.push(status);
      if (changes === undefined && merger.lastChanges !== undefined) changes = merger.lastChanges;
    } catch (err) {
      legs.push({ leg, state: 'unreadable', file: found.file, reason: errorMessage(err) });
    }
  }
  merger.finish();
  addWarnings(
    evidence,
    merger.unevenKinds(legs.filter((status) => status.state === 'merged').map((status) => status.leg)),
  );
  for (const { file, reason } of unreadableByFile) {
    if (!legs.some((status) => status.file === file)) addWarnings(evidence, [`${file}: ${reason}`]);
  }
  const missing = legs.filter((status) => status.state !== 'merged').map((status) => status.leg);
  const merged: MergedLegs = { evidence, legs, missing };
  if (changes !== undefined) merged.changes = changes;
  return merged;
}

function newer(a: PartialHeader, b: PartialHeader): boolean {
  return a.attempt !== b.attempt ? a.attempt > b.attempt : a.createdAt > b.createdAt;
}

/** The header alone (the first line), to choose among attempts before reading any data. */
async function readHeader(file: string): Promise<PartialHeader> {
  let first: string | undefined;
  const stream = createReadStream(file, { highWaterMark: 256 * 1024 });
  try {
    await forEachLine(
      stream as AsyncIterable<Buffer>,
      (bytes, start, end) => {
        if (first === undefined) {
          first = bytes.toString('utf8', start, end);
          stream.destroy();
        }
      },
      { maxLineBytes: 64 * 1024 * 1024 },
    );
  } catch (err) {
    if (first === undefined) throw err;
  }
  if (first === undefined) throw new UserError('is empty: not a quality-gate partial result', file);
  return parseHeaderLine(first, file);
}

const NO_SINK: PartialSink = {
  header: () => undefined,
  coverage: () => undefined,
  tests: () => undefined,
  test: () => undefined,
  finding: () => undefined,
  vulnerability: () => undefined,
  change: () => undefined,
};

class LegMerger {
  private readonly store = new CoverageStore();
  private readonly counts = emptyCounts();
  private readonly countsWithoutFile = emptyCounts();
  private readonly countsByFile = new Map<string, TestCounts>();
  private readonly failed: ClassifiedTest[] = [];
  private readonly flaky: ClassifiedTest[] = [];
  private failedNotKept = 0;
  private flakyNotKept = 0;
  private readonly notes: string[] = [];
  private attempt = 1;
  private readonly testLegs = new Map<ClassifiedTest, string>();
  private readonly findings: GateFinding[] = [];
  private readonly findingKeys = new Set<string>();
  private readonly vulnerabilities: Vulnerability[] = [];
  private readonly vulnerabilityKeys = new Set<string>();
  private readonly read = new Set<QualityReportKind>();
  private readonly readBy = new Map<QualityReportKind, string[]>();
  lastChanges: MergedLegs['changes'];

  constructor(
    private readonly evidence: GateEvidence,
    private readonly maxKept: number,
  ) {}

  async mergeLeg(file: string, leg: string): Promise<LegStatus> {
    // Two passes: the first checks the whole partial (so one refused halfway leaves nothing
    // merged), the second merges record by record (so memory holds one record at a time, not a
    // leg's whole coverage as objects).
    await readPartial(file, NO_SINK);
    const staged: {
      coverageFiles: number;
      tests?: Parameters<PartialSink['tests']>[0];
      test: Parameters<PartialSink['test']>[0][];
      findings: GateFinding[];
      vulnerabilities: Vulnerability[];
      changes: Parameters<PartialSink['change']>[0][];
    } = { coverageFiles: 0, test: [], findings: [], vulnerabilities: [], changes: [] };
    const header = await readPartial(file, {
      header: () => undefined,
      coverage: (path, record) => {
        this.store.add(path, record);
        staged.coverageFiles += 1;
      },
      tests: (summary) => (staged.tests = summary),
      test: (test) => staged.test.push(test),
      finding: (finding) => staged.findings.push(finding),
      vulnerability: (vulnerability) => staged.vulnerabilities.push(vulnerability),
      change: (change) => staged.changes.push(change),
    });
    const status: LegStatus = {
      leg,
      state: 'merged',
      file,
      attempt: header.attempt,
      kinds: QUALITY_REPORT_KINDS.filter((kind) => header.kinds[kind]),
    };
    for (const kind of QUALITY_REPORT_KINDS) {
      if (!header.kinds[kind]) continue;
      this.read.add(kind);
      this.readBy.set(kind, [...(this.readBy.get(kind) ?? []), leg]);
    }
    for (const [kind, reason] of Object.entries(header.unreadable)) {
      markUnreadable(this.evidence, kind as QualityReportKind, `leg ${leg}: ${reason}`);
    }
    for (const report of header.reports) this.evidence.reports.push({ ...report, leg });
    for (const problem of header.problems) this.evidence.problems.push({ ...problem, leg });
    addWarnings(
      this.evidence,
      header.warnings.map((warning) => `leg ${leg}: ${warning}`),
    );

    status.coverageFiles = staged.coverageFiles;

    if (staged.tests !== undefined) {
      const summary = staged.tests;
      this.attempt = Math.max(this.attempt, summary.attempt);
      add(this.counts, summary.counts);
      add(this.countsWithoutFile, summary.countsWithoutFile);
      for (const [path, perFile] of summary.countsByFile) {
        const known = this.countsByFile.get(path) ?? emptyCounts();
        add(known, perFile);
        this.countsByFile.set(path, known);
      }
      this.failedNotKept += summary.failedNotKept;
      this.flakyNotKept += summary.flakyNotKept;
      for (const note of summary.notes) this.notes.push(`leg ${leg}: ${note}`);
      status.testsRun = summary.counts.passed + summary.counts.failed + summary.counts.flaky;
      status.failingTests = summary.counts.failed;
    }
    for (const line of staged.test) {
      const test: ClassifiedTest = {
        id: line.id,
        outcome: line.outcome,
        record: line.record,
        attempt: line.attempt,
        failedInAttempts: line.failedInAttempts,
        retriedInReport: line.retriedInReport,
        carriedOver: line.carriedOver,
      };
      const list = test.outcome === 'failed' ? this.failed : this.flaky;
      if (list.length < this.maxKept) {
        list.push(test);
        this.testLegs.set(test, leg);
      } else if (test.outcome === 'failed') this.failedNotKept += 1;
      else this.flakyNotKept += 1;
    }
    for (const finding of staged.findings) {
      const key = `${findingIdentity(finding)}:${finding.location?.line ?? 0}:${finding.location?.column ?? 0}`;
      if (this.findingKeys.has(key)) continue;
      this.findingKeys.add(key);
      this.findings.push(finding);
    }
    status.findings = staged.findings.length;
    for (const vulnerability of staged.vulnerabilities) {
      const key = `${vulnerability.package.toLowerCase()}@${vulnerability.id.toLowerCase()}@${vulnerability.installedVersion ?? ''}@${vulnerability.manifest ?? ''}`;
      if (this.vulnerabilityKeys.has(key)) continue;
      this.vulnerabilityKeys.add(key);
      this.vulnerabilities.push(vulnerability);
    }
    status.vulnerabilities = staged.vulnerabilities.length;
    if (this.lastChanges === undefined && header.changes !== undefined) {
      const files = new Map<string, ChangedFile>();
      for (const change of staged.changes) {
        const added = LineRanges.fromRanges(change.added);
        const file: ChangedFile = {
          path: change.path,
          status: change.status,
          added,
          deleted: LineRanges.EMPTY,
          additions: change.linesKnown ? added.size : change.additions,
          binary: change.binary,
          linesKnown: change.linesKnown,
        };
        if (change.previousPath !== undefined) file.previousPath = change.previousPath;
        if (change.unknownReason !== undefined) file.unknownReason = change.unknownReason;
        files.set(file.path, file);
      }
      const set = changeSet(files, header.changes.complete, []);
      set.notes = [...header.changes.notes];
      this.lastChanges = { changes: set, detail: `${header.changes.detail} (as recorded by leg ${leg})` };
    }
    return status;
  }

  finish(): void {
    const evidence = this.evidence;
    if (this.read.has('coverage')) evidence.coverage = this.store;
    if (this.read.has('tests')) {
      const classification: TestClassification = {
        attempt: this.attempt,
        counts: this.counts,
        countsByFile: this.countsByFile,
        countsWithoutFile: this.countsWithoutFile,
        failed: this.failed,
        flaky: this.flaky,
        failedNotKept: this.failedNotKept,
        flakyNotKept: this.flakyNotKept,
        notes: this.notes,
      };
      evidence.tests = classification;
      evidence.testLegs = this.testLegs;
    }
    if (this.read.has('findings')) evidence.findings = this.findings;
    if (this.read.has('vulnerabilities')) evidence.vulnerabilities = this.vulnerabilities;
  }

  /** Kinds some legs read and others did not: named, since the merge then covers less than it seems. */
  unevenKinds(legs: readonly string[]): string[] {
    const notes: string[] = [];
    for (const [kind, by] of this.readBy) {
      const without = legs.filter((leg) => !by.includes(leg));
      if (without.length > 0) notes.push(`no ${kind} report in leg ${without.join(', ')} (read by ${by.join(', ')})`);
    }
    return notes;
  }
}

function add(into: TestCounts, more: TestCounts): void {
  into.passed += more.passed;
  into.failed += more.failed;
  into.flaky += more.flaky;
  into.skipped += more.skipped;
}
