/**
 * A PhaseResult as a check run: the conclusion, and the `output` object of the Checks API
 * (title, summary, text, annotations). The summary carries the verdict and the numbers, the
 * text the ranked findings; each stays within 65,535 (UTF-8 bytes, see `limits.ts`) and
 * points to the result file when something was left out. Annotations follow the API's rules
 * (columns only on a single line, 50 per request) and are capped in total, with the rest
 * counted in the summary.
 */
import type { Finding, PhaseResult, Severity, Status } from '../result/phase-result.js';
import { BudgetedMarkdown } from './budget.js';
import { codeSpan, escapeMarkdown, sanitizeText } from './escape.js';
import { rankFindings } from './finding-order.js';
import { formatScore, phaseTitle, statusWord } from './format.js';
import {
  ANNOTATION_MESSAGE_MAX_BYTES,
  ANNOTATION_RAW_DETAILS_MAX_BYTES,
  ANNOTATION_TITLE_MAX,
  ANNOTATIONS_PER_REQUEST,
  CHECK_RUN_SUMMARY_MAX,
  CHECK_RUN_TEXT_MAX,
  DEFAULT_MAX_ANNOTATIONS,
} from './limits.js';
import { tableHead } from './markdown-table.js';
import { findingCounts, findingRow, metricRow, phaseFacts, phaseHeading } from './phase-markdown.js';
import { normalizePath, type SourceContext } from './source-link.js';
import { truncateCodeUnits, truncateUtf8Bytes } from './truncate.js';

export type CheckConclusion = 'success' | 'failure' | 'neutral';
export type AnnotationLevel = 'notice' | 'warning' | 'failure';

/** One entry of `output.annotations`, exactly as the Checks API takes it. */
export interface CheckRunAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  start_column?: number;
  end_column?: number;
  annotation_level: AnnotationLevel;
  message: string;
  title?: string;
  raw_details?: string;
}

/** The Checks API `output` object. */
export interface CheckRunOutput {
  title: string;
  summary: string;
  text?: string;
  annotations: CheckRunAnnotation[];
}

export interface CheckOutputOptions {
  /** Path of the complete result file, named whenever something is left out. */
  resultFile: string;
  /** Base URL for source links, e.g. `GITHUB_SERVER_URL`. */
  serverUrl?: string;
  /** Annotations sent at most; defaults to 1,000 (20 requests of 50). */
  maxAnnotations?: number;
}

/**
 * The check conclusion. `not_assessed` maps to `neutral` — a check cannot say "not assessed",
 * and it must never say success — and the title spells out "not assessed".
 */
export function conclusionFor(status: Status): CheckConclusion {
  switch (status) {
    case 'success':
      return 'success';
    case 'failure':
      return 'failure';
    case 'neutral':
    case 'not_assessed':
      return 'neutral';
  }
}

const LEVELS: Record<Severity, AnnotationLevel> = {
  critical: 'failure',
  high: 'failure',
  medium: 'warning',
  low: 'notice',
  info: 'notice',
};

export function annotationLevel(severity: Severity): AnnotationLevel {
  return LEVELS[severity];
}

/** Longest check-run title we send; the API documents none, the UI shows one line. */
const MAX_TITLE_LENGTH = 200;

/** e.g. "Deploy · production: passed, score 92%, 3 findings" or "…: not assessed, …". */
export function checkRunTitle(result: PhaseResult): string {
  const place = [result.environment, result.key].filter((p): p is string => !!p).join(' · ');
  const facts = [statusWord(result.status)];
  if (result.score !== null) facts.push(`score ${formatScore(result.score)}`);
  facts.push(result.findings.length === 1 ? '1 finding' : `${result.findings.length} findings`);
  const title = `${phaseTitle(result.phase)}${place === '' ? '' : ` · ${place}`}: ${facts.join(', ')}`;
  return truncateCodeUnits(sanitizeText(title).replace(/\s+/g, ' '), MAX_TITLE_LENGTH);
}

function positiveInteger(value: number | undefined): number | undefined {
  return value !== undefined && Number.isFinite(value) && value >= 1 ? Math.floor(value) : undefined;
}

/**
 * The annotation for a finding, or undefined when the finding has no file to point at.
 * A finding without a line is placed on line 1 of its file.
 */
export function toAnnotation(finding: Finding): CheckRunAnnotation | undefined {
  const location = finding.location;
  if (location === undefined) return undefined;
  const path = normalizePath(sanitizeText(location.file));
  if (path === '') return undefined;
  const startLine = positiveInteger(location.line) ?? 1;
  const endLine = Math.max(startLine, positiveInteger(location.endLine) ?? startLine);
  const annotation: CheckRunAnnotation = {
    path,
    start_line: startLine,
    end_line: endLine,
    annotation_level: annotationLevel(finding.severity),
    message: truncateUtf8Bytes(sanitizeText(finding.message) || finding.ruleId, ANNOTATION_MESSAGE_MAX_BYTES),
    title: truncateCodeUnits(sanitizeText(`${finding.severity}: ${finding.ruleId}`), ANNOTATION_TITLE_MAX),
  };
  // "Annotations only support start_column and end_column on the same line."
  const startColumn = positiveInteger(location.column);
  if (startColumn !== undefined && startLine === endLine) {
    annotation.start_column = startColumn;
    annotation.end_column = Math.max(startColumn, positiveInteger(location.endColumn) ?? startColumn);
  }
  const details = rawDetails(finding);
  if (details !== '') annotation.raw_details = truncateUtf8Bytes(details, ANNOTATION_RAW_DETAILS_MAX_BYTES);
  return annotation;
}

function rawDetails(finding: Finding): string {
  const lines: string[] = [];
  if (finding.evidence !== undefined && finding.evidence !== '') lines.push(`Evidence: ${finding.evidence}`);
  if (finding.help !== undefined && finding.help !== '') lines.push(`How to fix: ${finding.help}`);
  if (finding.controls !== undefined && finding.controls.length > 0)
    lines.push(`Controls: ${finding.controls.join(', ')}`);
  return sanitizeText(lines.join('\n'));
}

/** Consecutive batches of at most `size` (default 50, the Checks API limit per request). */
export function chunkAnnotations<T>(annotations: readonly T[], size: number = ANNOTATIONS_PER_REQUEST): T[][] {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`batch size must be a positive integer, got ${size}`);
  const batches: T[][] = [];
  for (let start = 0; start < annotations.length; start += size) batches.push(annotations.slice(start, start + size));
  return batches;
}

/** Annotations for the findings, ranked (changed lines first, then severity), capped. */
export function annotationsFor(
  findings: readonly Finding[],
  maxAnnotations: number = DEFAULT_MAX_ANNOTATIONS,
): { annotations: CheckRunAnnotation[]; notSent: number; withoutLocation: number } {
  const annotations: CheckRunAnnotation[] = [];
  let withoutLocation = 0;
  let notSent = 0;
  for (const finding of rankFindings(findings)) {
    const annotation = toAnnotation(finding);
    if (annotation === undefined) withoutLocation++;
    else if (annotations.length < maxAnnotations) annotations.push(annotation);
    else notSent++;
  }
  return { annotations, notSent, withoutLocation };
}

function annotationNote(
  sent: number,
  notSent: number,
  withoutLocation: number,
  maxAnnotations: number,
  resultFile: string,
): string {
  const notes: string[] = [];
  if (notSent > 0) {
    notes.push(
      `Annotations: ${sent} shown, ${notSent} more not annotated (at most ${maxAnnotations} per check run); ` +
        `all findings are in the result file ${codeSpan(resultFile, { maxLength: 512 })}.`,
    );
  }
  if (withoutLocation > 0) {
    notes.push(
      `${withoutLocation} finding${withoutLocation === 1 ? ' has' : 's have'} no file location and no annotation.`,
    );
  }
  return notes.length === 0 ? '' : `${notes.join(' ')}\n\n`;
}

export function buildCheckRunOutput(result: PhaseResult, options: CheckOutputOptions): CheckRunOutput {
  const maxAnnotations = options.maxAnnotations ?? DEFAULT_MAX_ANNOTATIONS;
  const { annotations, notSent, withoutLocation } = annotationsFor(result.findings, maxAnnotations);
  const source: SourceContext = {
    serverUrl: options.serverUrl,
    repository: result.source?.repository,
    commit: result.source?.commit,
  };

  const summary = new BudgetedMarkdown({ limit: CHECK_RUN_SUMMARY_MAX, resultFile: options.resultFile });
  summary.required(phaseHeading(result, 3));
  summary.required(phaseFacts(result));
  const line = escapeMarkdown(result.summary, { maxLength: 2_000 });
  if (line !== '') summary.required(`${line}\n\n`);
  summary.required(`${findingCounts(result.findings)}.\n\n`);
  const note = annotationNote(annotations.length, notSent, withoutLocation, maxAnnotations, options.resultFile);
  if (note !== '') summary.required(note);
  summary.ranked({
    head: `#### Metrics (${result.metrics.length})\n\n${tableHead(['Metric', 'Value', 'Threshold', 'Verdict', 'Δ vs base', 'Detail'])}`,
    items: result.metrics,
    render: metricRow,
    tail: '\n',
  });

  const output: CheckRunOutput = { title: checkRunTitle(result), summary: summary.toString(), annotations };
  if (result.findings.length > 0) {
    const text = new BudgetedMarkdown({ limit: CHECK_RUN_TEXT_MAX, resultFile: options.resultFile });
    text.ranked({
      head:
        `#### Findings (${findingCounts(result.findings)})\n\nChanged lines first, then by severity.\n\n` +
        tableHead(['Severity', 'Changed line', 'Rule', 'Location', 'Message']),
      items: rankFindings(result.findings),
      render: (finding) => findingRow(finding, source),
      tail: '\n',
    });
    output.text = text.toString();
  }
  return output;
}
