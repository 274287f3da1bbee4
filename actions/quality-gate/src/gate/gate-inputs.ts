/**
 * What a gate is judged on. Each report is optional: undefined means "no such report", which a
 * gate that requires it treats as a failure (fail closed) and any other gate as not assessed.
 * Shapes are the aggregators' (coverage/, flaky/) and parsers' own, named here by the few
 * members the gate reads so any of them can be passed, including test doubles.
 */
import type { QualityReportKind } from '../../../../shared/config/quality-metrics.js';
import type { Finding } from '../../../../shared/result/phase-result.js';
import type { Baseline } from '../baseline/baseline.js';
import type { ChangeSet } from '../diff/changed-lines.js';
import type { TestClassification } from '../flaky/test-classifier.js';
import type { Vulnerability } from '../model.js';

/** Totals of a set of files, as coverage/coverage-totals.ts counts them. */
export interface CoverageCounts {
  files: number;
  linesFound: number;
  linesHit: number;
  branchesFound: number;
  branchesHit: number;
}

/** Which of some lines are executable and which ran (coverage/coverage-store.ts). */
export interface LinesCoverage {
  status: 'assessed' | 'summary-only' | 'not-in-reports';
  executable: number;
  hit: number;
  /** Executable lines of the set that no report covered, ascending. */
  missed: number[];
}

/** The merged coverage of every report; CoverageStore implements it. */
export interface CoverageView {
  paths(): string[];
  totals(scope?: (path: string) => boolean): CoverageCounts;
  coverageOfLines(path: string, lines: Iterable<number>): LinesCoverage;
  lineBranches(path: string, line: number): { covered: number; total: number } | undefined;
  executableLines(path: string): number[];
  lineHits(path: string, line: number): number | undefined;
}

/** A finding with the producer's own baseline verdict when it compared (SARIF baselineState). */
export type GateFinding = Finding & { baselineState?: 'new' | 'unchanged' | 'updated' };

/** A measurement a later phase passes in, e.g. a canary's error rate. */
export interface SuppliedMetric {
  /** null: it was asked for but could not be measured. */
  value: number | null;
  unit?: string;
  /** How it was measured, shown next to the value. */
  detail?: string;
}

export interface GateInputs {
  coverage?: CoverageView;
  tests?: TestClassification;
  findings?: readonly GateFinding[];
  vulnerabilities?: readonly Vulnerability[];
  /** By metric name. */
  metrics?: Readonly<Record<string, SuppliedMetric>>;
  /** The change: undefined when unknown (no pull request, no checkout). */
  changes?: ChangeSet;
  baseline?: Baseline;
  /** Reports that were given but could not be read, with why: treated as missing, and named. */
  unreadable?: Partial<Record<QualityReportKind, string>>;
}
