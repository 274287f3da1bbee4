/**
 * The partial result of one matrix leg: what the leg read, parsed and made repository-relative,
 * so the publishing job can merge the legs without the raw reports (which can be gigabytes) and
 * without knowing where each leg's runner kept its checkout.
 *
 * JSON Lines, one record per line, written and read as a stream: a leg with coverage of a
 * million files is a million short lines, never one string too large for JavaScript. The file
 * is named `quality-gate-<env>-<gate>-leg-<leg>.jsonl`; the `.jsonl` extension also keeps it out
 * of the report action's `*.json` results.
 *
 *   {"t":"header","format":"elder-quality-gate-partial","version":1,"environment":"production",
 *    "gate":"pre_deployment","leg":"node-20","attempt":1,"commit":"...","kinds":{...},...}
 *   {"t":"coverage","path":"src/a.ts","c":[[1,3],[7,7]],"u":[[4,5]],"b":[[2,1,2]]}
 *   {"t":"tests","counts":{"passed":120,"failed":1,"flaky":1,"skipped":3},...}
 *   {"t":"test","outcome":"failed","id":"...","record":{"suites":[...],"name":"...",...},...}
 *   {"t":"finding","finding":{"ruleId":"no-eval","severity":"medium","message":"...",...}}
 *   {"t":"vulnerability","vulnerability":{"id":"GHSA-...","package":"minimist",...}}
 *   {"t":"change","file":{"path":"src/a.ts","status":"modified","added":[[4,9]],...}}
 *   {"t":"end","records":1234}
 *
 * Coverage is kept as compact ranges of executable lines: `c` covered, `u` not covered (a range
 * runs over consecutive executable line numbers), `b` branches per line as [line, covered,
 * total], `s` the totals of a file known from totals only. Hit counts are reduced to covered or
 * not, which is all merging and gating use; function coverage is not carried (no gate uses it).
 * The `end` record makes a truncated upload detectable: a partial without it is unreadable.
 */
import type { QualityReportKind } from '../../../../shared/config/quality-metrics.js';
import type { ToolInfo } from '../../../../shared/result/phase-result.js';
import type { ChangeStatus } from '../diff/changed-lines.js';
import type { TestCounts } from '../flaky/test-classifier.js';
import type { GateFinding } from '../gate/gate-inputs.js';
import type { ProducerTotals, TestCaseRecord, Vulnerability } from '../model.js';
import type { InputProblem, ReportRead } from '../engine/evidence.js';

export const PARTIAL_FORMAT = 'elder-quality-gate-partial';
export const PARTIAL_VERSION = 1;
export const PARTIAL_EXTENSION = '.jsonl';

/** Inclusive line ranges. */
export type Ranges = [number, number][];

export interface PartialHeader {
  t: 'header';
  format: typeof PARTIAL_FORMAT;
  version: typeof PARTIAL_VERSION;
  phase: 'quality-gate';
  environment: string;
  gate: string;
  leg: string;
  /** GITHUB_RUN_ATTEMPT of the leg: the newest attempt of a leg wins when several are found. */
  attempt: number;
  commit?: string;
  ref?: string;
  createdAt: string;
  tool: ToolInfo;
  /** Which kinds of report the leg read (a kind it did not read is absent, not empty). */
  kinds: Record<QualityReportKind, boolean>;
  unreadable: Partial<Record<QualityReportKind, string>>;
  reports: ReportRead[];
  problems: InputProblem[];
  warnings: string[];
  /** Present when the leg computed the change itself (a later `change` record per file). */
  changes?: { source: 'git' | 'api'; complete: boolean; notes: string[]; detail: string };
}

export interface CoverageLine {
  t: 'coverage';
  path: string;
  c?: Ranges;
  u?: Ranges;
  b?: [number, number, number][];
  s?: ProducerTotals;
}

export interface TestsLine {
  t: 'tests';
  attempt: number;
  counts: TestCounts;
  countsWithoutFile: TestCounts;
  countsByFile: [string, TestCounts][];
  failedNotKept: number;
  flakyNotKept: number;
  notes: string[];
}

export interface TestLine {
  t: 'test';
  outcome: 'failed' | 'flaky';
  id: string;
  attempt: number;
  failedInAttempts: number[];
  retriedInReport: boolean;
  carriedOver: boolean;
  record: TestCaseRecord;
}

export interface FindingLine {
  t: 'finding';
  finding: GateFinding;
}

export interface VulnerabilityLine {
  t: 'vulnerability';
  vulnerability: Vulnerability;
}

export interface ChangeLine {
  t: 'change';
  file: {
    path: string;
    status: ChangeStatus;
    previousPath?: string;
    added: Ranges;
    additions: number;
    binary: boolean;
    linesKnown: boolean;
    unknownReason?: string;
  };
}

export interface EndLine {
  t: 'end';
  records: number;
}

export type PartialLine =
  PartialHeader | CoverageLine | TestsLine | TestLine | FindingLine | VulnerabilityLine | ChangeLine | EndLine;

/** Leg names become file names and check-run text: short, and nothing a shell or path could misread. */
export const LEG_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

export function partialFileName(environment: string, gate: string, leg: string): string {
  return `quality-gate-${environment}-${gate}-leg-${leg}${PARTIAL_EXTENSION}`;
}
