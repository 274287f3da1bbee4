/**
 * What the action publishes for one gate result, each within its GitHub limit at once: the
 * check run's output (title, summary, text, annotations ranked changed lines first, then
 * severity), the sticky comment and the job summary. Annotations are capped (`maxAnnotations`,
 * default 1,000 = 20 requests of 50); the rest are counted in the summary with the predictable
 * "… N more, see the result file" line.
 */
import type { PhaseResult } from '../../../../shared/result/phase-result.js';
import {
  annotationsFor,
  buildCheckRunOutput,
  conclusionFor,
  type CheckRunAnnotation,
  type CheckConclusion,
} from '../../../../shared/render/check-output.js';
import {
  CHECK_RUN_SUMMARY_MAX,
  COMMENT_BODY_MAX,
  DEFAULT_MAX_ANNOTATIONS,
  JOB_SUMMARY_MAX_BYTES,
} from '../../../../shared/render/limits.js';
import { COMMENT_MAX_FINDINGS } from '../../../../shared/render/phase-markdown.js';
import { stickyCommentMarker } from '../../../../shared/github/sticky-comment.js';
import { annotationNote, renderGateMarkdown } from './gate-markdown.js';

export interface GateOutputsOptions {
  resultFile: string;
  serverUrl?: string;
  maxAnnotations?: number;
  checkRunUrl?: string;
}

export interface CheckRunContent {
  conclusion: CheckConclusion;
  title: string;
  summary: string;
  text?: string;
  annotations: CheckRunAnnotation[];
  /** Findings with a location that were not annotated (past the cap). */
  notAnnotated: number;
}

/** Room for the job summary: 1 MiB less a margin for what the step may already have written. */
const JOB_SUMMARY_BUDGET = JOB_SUMMARY_MAX_BYTES - 4096;

export function checkRunContent(result: PhaseResult, options: GateOutputsOptions): CheckRunContent {
  const maxAnnotations = options.maxAnnotations ?? DEFAULT_MAX_ANNOTATIONS;
  const generic = buildCheckRunOutput(result, {
    resultFile: options.resultFile,
    ...(options.serverUrl ? { serverUrl: options.serverUrl } : {}),
    maxAnnotations,
  });
  const counts = annotationsFor(result.findings, maxAnnotations);
  const summary = renderGateMarkdown(result, {
    resultFile: options.resultFile,
    limit: CHECK_RUN_SUMMARY_MAX,
    maxFindings: 0,
    ...(options.serverUrl ? { serverUrl: options.serverUrl } : {}),
    note: annotationNote(counts.annotations.length, counts.notSent, counts.withoutLocation, options.resultFile),
  });
  const content: CheckRunContent = {
    conclusion: conclusionFor(result.status),
    title: generic.title,
    summary,
    annotations: generic.annotations,
    notAnnotated: counts.notSent,
  };
  if (generic.text !== undefined) content.text = generic.text;
  return content;
}

/** The sticky comment's markdown; the marker StickyComment adds is counted in the budget. */
export function commentMarkdown(result: PhaseResult, options: GateOutputsOptions): string {
  const marker = stickyCommentMarker('quality-gate', result.environment, result.key);
  return renderGateMarkdown(result, {
    resultFile: options.resultFile,
    limit: COMMENT_BODY_MAX - marker.length - 1,
    maxFindings: COMMENT_MAX_FINDINGS,
    ...(options.serverUrl ? { serverUrl: options.serverUrl } : {}),
    ...(options.checkRunUrl ? { checkRunUrl: options.checkRunUrl } : {}),
  });
}

export function jobSummaryMarkdown(result: PhaseResult, options: GateOutputsOptions): string {
  return renderGateMarkdown(result, {
    resultFile: options.resultFile,
    limit: JOB_SUMMARY_BUDGET,
    maxFindings: Number.POSITIVE_INFINITY,
    verbose: true,
    ...(options.serverUrl ? { serverUrl: options.serverUrl } : {}),
    ...(options.checkRunUrl ? { checkRunUrl: options.checkRunUrl } : {}),
  });
}
