/**
 * The quality gate's `details` in its PhaseResult: everything a reviewer or a later run needs
 * beyond metrics and findings, in a typed, JSON-only shape. `baseline` (BASELINE_DETAILS_KEY) is
 * the record the next run on another branch compares against; `attempt` and `tests.failed` are
 * what a re-run attempt reads to call tests flaky.
 */
import type { QualityScope, QualityReportKind } from '../../../../shared/config/quality-metrics.js';
import type { QualityGateName } from '../../../../shared/config/vocabulary.js';
import type { Operator, Severity } from '../../../../shared/result/phase-result.js';
import type { BaselineRecord } from '../baseline/baseline.js';
import type { TestCounts } from '../flaky/test-classifier.js';
import type { GateOutcome } from '../gate/evaluate-gate.js';
import type { RemediationKind } from '../gate/remediation.js';
import type { LegStatus } from '../matrix/merge-legs.js';
import type { InputProblem, ReportRead } from './evidence.js';

/** The figures the action sets as outputs; null when not measured. */
export interface KeyFigures {
  lineCoverage: number | null;
  newLineCoverage: number | null;
  failingTests: number | null;
  flakyTests: number | null;
  newFindings: number | null;
  vulnerabilitiesCritical: number | null;
  vulnerabilitiesHigh: number | null;
}

export interface ConditionDetail {
  name: string;
  metric: string;
  scope: QualityScope;
  operator: Operator;
  threshold: number;
  unit: string;
  value: number | null;
  verdict: 'pass' | 'fail' | 'not_assessed';
  blocking: boolean;
  failedClosed: boolean;
  waived?: { kind: 'small_change' | 'configured'; reason: string };
  /** A monorepo scope: the path as written and the prefix or glob it stands for. */
  path?: { written: string; pattern: string };
}

export interface RemediationDetail {
  kind: RemediationKind;
  title: string;
  helps: string[];
  detail?: string;
  file?: string;
  line?: number;
  ranges?: [number, number][];
  severity?: Severity;
  onChangedLine?: boolean;
}

export interface TestDetail {
  suites: string[];
  classname?: string;
  name: string;
  file?: string;
  line?: number;
  message?: string;
  leg?: string;
  attempt: number;
  failedInAttempts: number[];
}

export interface QualityGateDetails {
  gate: QualityGateName;
  /** `full`: reports read by this job; `merge`: matrix legs merged; `partial`: one leg (not published). */
  mode: 'full' | 'merge' | 'partial';
  /** False when the gate is not in quality_gate.gates: a failure is then reported as neutral. */
  enforced: boolean;
  outcome: GateOutcome | 'disabled';
  failedClosed: boolean;
  /** Why the gate failed closed: missing or unreadable reports, unusable files, missing legs. */
  failedClosedReasons: string[];
  conditions: ConditionDetail[];
  waivers: string[];
  remediation: { items: RemediationDetail[]; omitted: number; notes: string[] };
  notes: string[];
  warnings: string[];
  warningsOmitted: number;
  reports: ReportRead[];
  problems: InputProblem[];
  legs?: LegStatus[];
  change: {
    source: 'git' | 'api' | 'none';
    detail: string;
    files?: number;
    newLines?: { count: number; exact: boolean };
    mergeBase?: string;
  };
  baselineComparison: { found: boolean; note: string; commit?: string; ref?: string };
  attempt: { number: number; commit?: string };
  tests?: {
    counts: TestCounts;
    failedNotKept: number;
    flakyNotKept: number;
    failed: TestDetail[];
    flaky: TestDetail[];
  };
  coverage?: {
    files: number;
    linesFound: number;
    linesHit: number;
    branchesFound: number;
    branchesHit: number;
    filesWithoutLineData: number;
  };
  findings?: { read: number; new: number; preexisting: number };
  vulnerabilities?: { read: number };
  /** Kinds given but unreadable, with why. */
  unreadable: Partial<Record<QualityReportKind, string>>;
  keyFigures: KeyFigures;
  /** What the next run compares against (see baseline/BASELINE.md). */
  baseline?: BaselineRecord;
}
