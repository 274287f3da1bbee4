/**
 * The quality gate's data model: what the report parsers produce and the gate consumes.
 *
 * Parsers stream: a 1 GB JUnit or LCOV file must not need 1 GB of memory. So a parser never
 * returns "the whole report"; it calls a sink once per file (coverage) or per test case (tests)
 * and returns a small summary. Aggregators decide what to keep (totals always; per-line hits in
 * compact arrays; failing tests up to a cap).
 *
 * Paths in every record are as the producer wrote them; `normalizeReportPath` (paths/) turns
 * them into repository-relative paths before aggregation.
 */
import type { Finding, Severity } from '../../../shared/result/phase-result.js';

export const COVERAGE_FORMATS = [
  'lcov',
  'cobertura',
  'jacoco',
  'clover',
  'istanbul-final',
  'istanbul-summary',
] as const;
export type CoverageFormat = (typeof COVERAGE_FORMATS)[number];

export const REPORT_KINDS = ['coverage', 'tests', 'findings', 'vulnerabilities'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export type ReportFormat = CoverageFormat | 'junit' | 'sarif' | 'eslint-json' | 'npm-audit' | 'osv-scanner';

/** Coverage of one source file from one report. */
export interface FileCoverageRecord {
  /** As written by the producer (absolute, relative, with package prefixes...). */
  path: string;
  /** Executable lines and their hit counts, ascending by line. `hits` 0 = not covered. */
  lines: { line: number; hits: number }[];
  /** Branch outcomes per line when the format has them. */
  branches?: { line: number; covered: number; total: number }[];
  functions?: { name: string; line: number; hits: number }[];
  /**
   * Set when the report states only totals for the file (Istanbul `coverage-summary.json`):
   * `lines` is then empty, and new-code coverage cannot be assessed for the file.
   */
  summaryOnly?: ProducerTotals;
}

/** Totals as the producer itself states them (LCOV LF/LH, Cobertura lines-valid/lines-covered...). */
export interface ProducerTotals {
  linesFound?: number;
  linesHit?: number;
  branchesFound?: number;
  branchesHit?: number;
  functionsFound?: number;
  functionsHit?: number;
  /**
   * Statements, for formats that count them rather than lines (Clover `statements`). Equal to
   * the line counts only when no line holds two statements (true of Istanbul's Clover output).
   */
  statementsFound?: number;
  statementsHit?: number;
}

export interface CoverageParseSummary {
  format: CoverageFormat;
  files: number;
  /** When the report states totals; used to cross-check our own counting. */
  producerTotals?: ProducerTotals;
  /** Source roots the report declares (Cobertura <source>, JaCoCo package names). */
  sourceRoots?: string[];
  warnings: string[];
}

export type CoverageSink = (record: FileCoverageRecord) => void;

export type TestStatus = 'passed' | 'failed' | 'error' | 'skipped';

export interface TestCaseRecord {
  /** Enclosing suite names, outermost first. */
  suites: string[];
  classname?: string;
  name: string;
  status: TestStatus;
  durationMs?: number;
  /** Failure or error message (first line), and the details (stack, system-out excerpt), capped. */
  message?: string;
  details?: string;
  /** Where it failed: from file/line attributes or the first project frame of the stack trace. */
  file?: string;
  line?: number;
  /** Failed, then passed when the runner retried it (Surefire <flakyFailure>): not a plain pass. */
  flaky?: boolean;
  /** Runs of this case when the runner retried it (Surefire reruns); absent = 1. */
  attempts?: number;
}

export interface TestParseSummary {
  format: 'junit';
  /** What the document's own <testsuites>/<testsuite> attributes claim, when present. */
  declared?: { tests?: number; failures?: number; errors?: number; skipped?: number };
  warnings: string[];
}

export type TestSink = (record: TestCaseRecord) => void;

export interface Vulnerability {
  /** Advisory id, e.g. GHSA-xxxx or CVE-..., and its aliases. */
  id: string;
  aliases: string[];
  package: string;
  ecosystem?: string;
  installedVersion?: string;
  severity: Severity;
  title?: string;
  url?: string;
  /** A version (or `true`) that fixes it, when the tool knows. */
  fixAvailable?: string | boolean;
  /** Manifest or lockfile that pulls it in, repository-relative when known. */
  manifest?: string;
}

/** Findings from static analysis are the kernel's Finding (ruleId, severity, location...). */
export type AnalysisFinding = Finding & { tool: string };

/** A report file after detection: what it is and where it came from. */
export interface DetectedReport {
  path: string;
  kind: ReportKind;
  format: ReportFormat;
}
