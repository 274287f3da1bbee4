import type { CheckRunContent } from '../../../../shared/github/publish.js';
import { truncateReporting } from '../../../../shared/github/limits.js';
import { buildCheckRunOutput, conclusionFor } from '../../../../shared/render/check-output.js';
import { CHECK_RUN_SUMMARY_MAX } from '../../../../shared/render/limits.js';
import { renderPhaseComment, renderPhaseJobSummary } from '../../../../shared/render/phase-markdown.js';
import type { ComplianceOutcome } from '../engine.js';

export interface AuditOutputOptions {
  resultFile: string;
  serverUrl?: string;
  checkRunUrl?: string;
  maxAnnotations?: number;
}

/** Framework blocks never take more than this; the rest of each output goes to the findings. */
const FRAMEWORK_BLOCK_MAX = 24_000;

/**
 * The per-framework table (score, critical findings, coverage), what was not assessed and why,
 * waivers and certificates: the part an auditor reads first, placed before the findings. The
 * blocks are built by the engine from escaped text, so they are trusted markdown here.
 */
function frameworkBlocks(outcome: ComplianceOutcome, withDetails: boolean): string {
  const { frameworks, notAssessed, waived, certificates } = outcome.markdown;
  const blocks = withDetails ? [frameworks, notAssessed, waived, certificates] : [frameworks, certificates];
  const text = blocks.filter((b) => b.trim() !== '').join('\n\n');
  return truncateReporting(
    text,
    FRAMEWORK_BLOCK_MAX,
    'utf8-bytes',
    '\n\n… cut here; the result file has every control.\n',
  ).text;
}

export function auditCheckRun(outcome: ComplianceOutcome, options: AuditOutputOptions): CheckRunContent {
  const output = buildCheckRunOutput(outcome.result, {
    resultFile: options.resultFile,
    ...(options.serverUrl ? { serverUrl: options.serverUrl } : {}),
    ...(options.maxAnnotations !== undefined ? { maxAnnotations: options.maxAnnotations } : {}),
  });
  const summary = truncateReporting(
    `${frameworkBlocks(outcome, false)}\n\n${output.summary}`,
    CHECK_RUN_SUMMARY_MAX,
    'utf8-bytes',
    `\n\n… see ${options.resultFile}\n`,
  ).text;
  return {
    conclusion: conclusionFor(outcome.result.status),
    title: output.title,
    summary,
    ...(output.text !== undefined ? { text: output.text } : {}),
    annotations: output.annotations,
  };
}

export function auditComment(outcome: ComplianceOutcome, options: AuditOutputOptions): string {
  return renderPhaseComment(outcome.result, {
    resultFile: options.resultFile,
    ...(options.serverUrl ? { serverUrl: options.serverUrl } : {}),
    preamble: frameworkBlocks(outcome, true),
  });
}

export function auditJobSummary(outcome: ComplianceOutcome, options: AuditOutputOptions): string {
  const link = options.checkRunUrl ? `\n\n[Check run](${options.checkRunUrl})` : '';
  return renderPhaseJobSummary(outcome.result, {
    resultFile: options.resultFile,
    ...(options.serverUrl ? { serverUrl: options.serverUrl } : {}),
    preamble: `${frameworkBlocks(outcome, true)}${link}`,
  });
}
