/**
 * What the gate read, whichever way it was read: from report files (one job, or one matrix leg)
 * or from the partial results of several legs. Everything downstream (evaluation, the
 * PhaseResult, the partial file) works from this one shape, so a merged matrix build is judged
 * exactly as a single job with the same reports would be.
 *
 * Each kind is undefined when no report of it was read; `unreadable` names the kinds that were
 * given but could not be read (they count as missing, so a gate that requires them fails closed).
 */
import type { QualityReportKind } from '../../../../shared/config/quality-metrics.js';
import type { CoverageStore } from '../coverage/coverage-store.js';
import type { ClassifiedTest, TestClassification } from '../flaky/test-classifier.js';
import type { GateFinding } from '../gate/gate-inputs.js';
import type { ReportFormat, ReportKind, Vulnerability } from '../model.js';

/** One report file that was read, with the hash that makes it evidence. */
export interface ReportRead {
  /** Workspace-relative (or as given when outside any workspace, e.g. a leg's own path). */
  path: string;
  kind: ReportKind;
  format: ReportFormat;
  sha256: string;
  bytes: number;
  /** The matrix leg it came from, when merged. */
  leg?: string;
}

/** A report input that could not be used at all (unrecognised, too large, outside the workspace). */
export interface InputProblem {
  file: string;
  message: string;
  leg?: string;
}

export interface GateEvidence {
  coverage?: CoverageStore;
  tests?: TestClassification;
  /** Every finding read (not only new ones), paths repository-relative. */
  findings?: GateFinding[];
  vulnerabilities?: Vulnerability[];
  unreadable: Partial<Record<QualityReportKind, string>>;
  reports: ReportRead[];
  problems: InputProblem[];
  warnings: string[];
  /** Warnings past MAX_WARNINGS, counted. */
  warningsOmitted: number;
  /** The matrix leg of each kept failing or flaky test, when legs were merged. */
  testLegs?: Map<ClassifiedTest, string>;
}

/** Warnings kept in results and logs; a hostile report must not fill them. */
export const MAX_WARNINGS = 100;

export function emptyEvidence(): GateEvidence {
  return { unreadable: {}, reports: [], problems: [], warnings: [], warningsOmitted: 0 };
}

/** Adds warnings up to the cap; the rest are only counted. */
export function addWarnings(
  evidence: Pick<GateEvidence, 'warnings' | 'warningsOmitted'>,
  warnings: readonly string[],
): void {
  for (const warning of warnings) {
    if (evidence.warnings.length < MAX_WARNINGS) evidence.warnings.push(warning);
    else evidence.warningsOmitted += 1;
  }
}

/** Records that a kind could not be read; the first reason per kind is kept, later ones counted. */
export function markUnreadable(evidence: GateEvidence, kind: QualityReportKind, reason: string): void {
  const known = evidence.unreadable[kind];
  if (known === undefined) evidence.unreadable[kind] = reason;
  else if (!known.includes('(and more)')) evidence.unreadable[kind] = `${known} (and more)`;
}
