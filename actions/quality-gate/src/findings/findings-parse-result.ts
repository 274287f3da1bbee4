/**
 * What a static-analysis parser returns: the findings, and a summary that accounts for every
 * result in the file (kept, suppressed, gone since the baseline, not a problem), so totals can
 * be checked against the producer's own and nothing disappears without a count.
 */
import type { Severity } from '../../../../shared/result/phase-result.js';
import type { AnalysisFinding } from '../model.js';

/** SARIF `baselineState` of a kept result; `absent` results are not findings of this run. */
export type BaselineState = 'new' | 'unchanged' | 'updated';

export type ParsedFinding = AnalysisFinding & {
  /** When the producer compared against a baseline: `unchanged`/`updated` are not new findings. */
  baselineState?: BaselineState;
};

export interface FindingsParseSummary {
  format: 'sarif' | 'eslint-json';
  /** Tool names, one per run (SARIF) or `ESLint`. */
  tools: string[];
  /** Results (messages) read from the file, before anything is excluded. */
  results: number;
  findings: number;
  /** Excluded: suppressed in source or externally, and the suppression is accepted. */
  suppressed: number;
  /** Excluded: SARIF `baselineState: absent` (in the baseline, gone from this run). */
  absent: number;
  /** Excluded: SARIF `kind` pass, notApplicable or informational (not a problem). */
  notProblems: number;
  /** Kept as findings: error-level tool notifications (the tool could not analyse something). */
  toolErrors: number;
  bySeverity: Record<Severity, number>;
  warnings: string[];
}

export interface FindingsParseResult<S extends FindingsParseSummary = FindingsParseSummary> {
  findings: ParsedFinding[];
  summary: S;
}
