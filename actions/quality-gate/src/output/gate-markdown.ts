/**
 * The quality gate as markdown, in the three places people read it: the sticky PR comment
 * (65,536 characters), the check run's summary (65,535) and the job summary (1 MiB). One layout,
 * most important first, each within its limit by construction (BudgetedMarkdown), ending with
 * "… N more, see the result file `<path>`" when something had to be left out:
 *
 *   verdict and score -> why it failed closed -> conditions (value, threshold, verdict, delta)
 *   -> waivers -> remediation plan (files and lines to fix, by impact) -> findings (changed lines
 *   first, then severity) -> matrix legs -> notes -> reports read -> footer.
 *
 * Everything that came from a report, a leg or a configuration is escaped.
 */
import type { Finding, PhaseResult } from '../../../../shared/result/phase-result.js';
import { BudgetedMarkdown, moreLine } from '../../../../shared/render/budget.js';
import { codeSpan, escapeMarkdown, escapeTableCell, safeLink } from '../../../../shared/render/escape.js';
import { rankFindings } from '../../../../shared/render/finding-order.js';
import { formatBytes, formatNumber } from '../../../../shared/render/format.js';
import { markdown, tableHead, tableRow } from '../../../../shared/render/markdown-table.js';
import {
  findingCounts,
  findingRow,
  metricRow,
  phaseFacts,
  phaseHeading,
} from '../../../../shared/render/phase-markdown.js';
import { locationMarkdown, type SourceContext } from '../../../../shared/render/source-link.js';
import type { QualityGateDetails, RemediationDetail } from '../engine/details.js';
import type { LegStatus } from '../matrix/merge-legs.js';

export interface GateMarkdownOptions {
  /** Path of the complete result file, named whenever something is left out. */
  resultFile: string;
  /** The hard limit in UTF-8 bytes. */
  limit: number;
  /** Findings listed at most before the size budget applies (0: no findings section). */
  maxFindings: number;
  serverUrl?: string;
  checkRunUrl?: string;
  /** Trusted markdown right after the heading (e.g. the annotation count of a check run). */
  note?: string;
  /** Reports read and notes (long lists; the job summary has room, a comment does not). */
  verbose?: boolean;
}

const METRIC_HEADERS = ['Condition', 'Value', 'Threshold', 'Verdict', 'Δ vs base', 'Detail'];
const FINDING_HEADERS = ['Severity', 'Changed line', 'Rule', 'Location', 'Message'];

export function renderGateMarkdown(result: PhaseResult, options: GateMarkdownOptions): string {
  const details = result.details as unknown as QualityGateDetails | undefined;
  const doc = new BudgetedMarkdown({ limit: options.limit, resultFile: options.resultFile });
  const source: SourceContext = {
    serverUrl: options.serverUrl,
    repository: result.source?.repository,
    commit: result.source?.commit,
  };

  doc.required(phaseHeading(result));
  doc.required(phaseFacts(result));
  const summary = escapeMarkdown(result.summary, { maxLength: 2000 });
  if (summary !== '') doc.required(`${summary}\n\n`);
  if (options.note !== undefined) doc.required(options.note);
  if (details === undefined) return doc.toString();

  if (details.failedClosed && details.failedClosedReasons.length > 0) {
    doc.ranked({
      head: '**Failed closed** — the gate could not see all the evidence it needs, so it does not pass:\n\n',
      items: details.failedClosedReasons,
      render: (reason) => `- ${escapeMarkdown(reason, { maxLength: 500 })}\n`,
      tail: '\n',
    });
  }

  const conditionNames = new Set(details.conditions.map((condition) => condition.name));
  const conditions = result.metrics.filter((metric) => conditionNames.has(metric.name));
  const informational = result.metrics.filter((metric) => !conditionNames.has(metric.name));
  doc.ranked({
    head: `### Conditions of the ${escapeMarkdown(details.gate)} gate (${conditions.length})\n\n${tableHead(METRIC_HEADERS, ['left', 'right', 'left', 'left', 'right', 'left'])}`,
    items: conditions,
    render: metricRow,
    tail: '\n',
  });
  if (conditions.length === 0) doc.optional('_This gate has no conditions._\n\n');

  if (details.waivers.length > 0) {
    doc.ranked({
      head: '**Waivers in force** (shown, never counted as a pass):\n\n',
      items: details.waivers,
      render: (waiver) => `- ${escapeMarkdown(waiver, { maxLength: 500 })}\n`,
      tail: '\n',
    });
  }

  const plan = details.remediation;
  if (plan.items.length > 0) {
    doc.ranked({
      head: '### Remediation plan\n\nWhat to fix to pass the gate, most urgent first:\n\n',
      items: plan.items,
      render: (item) => remediationItem(item, source),
      tail: '\n',
      alreadyOmitted: plan.omitted,
    });
    if (plan.notes.length > 0) {
      doc.ranked({
        head: '',
        items: plan.notes,
        render: (note) => `- ${escapeMarkdown(note, { maxLength: 500 })}\n`,
        tail: '\n',
      });
    }
  }

  if (options.maxFindings > 0) {
    const ranked = rankFindings(result.findings);
    const shown = ranked.slice(0, options.maxFindings);
    if (ranked.length > 0) {
      doc.ranked({
        head: `### Findings (${findingCounts(ranked)})\n\nChanged lines first, then by severity.\n\n${tableHead(FINDING_HEADERS)}`,
        items: shown,
        render: (finding: Finding) => findingRow(finding, source),
        tail: '\n',
        alreadyOmitted: ranked.length - shown.length,
      });
    } else {
      doc.optional('### Findings\n\nNo findings.\n\n');
    }
  }

  if (details.legs !== undefined && details.legs.length > 0) {
    doc.ranked({
      head: `### Matrix legs (${details.legs.length})\n\n${tableHead(['Leg', 'State', 'Attempt', 'Coverage files', 'Tests run', 'Failing', 'Findings', 'Detail'])}`,
      items: details.legs,
      render: legRow,
      tail: '\n',
    });
  }

  if (informational.length > 0) {
    doc.ranked({
      head: `#### Other figures\n\n${tableHead(METRIC_HEADERS, ['left', 'right', 'left', 'left', 'right', 'left'])}`,
      items: informational,
      render: metricRow,
      tail: '\n',
    });
  }

  const context = [
    `**Change:** ${escapeMarkdown(details.change.detail, { maxLength: 500 })}`,
    `**Baseline:** ${escapeMarkdown(details.baselineComparison.note, { maxLength: 500 })}`,
  ];
  doc.optional(`${context.join('  \n')}\n\n`);

  if (options.verbose) {
    const notes = [...details.notes, ...details.warnings];
    if (details.warningsOmitted > 0) notes.push(`${details.warningsOmitted} more warnings not shown`);
    if (notes.length > 0) {
      doc.ranked({
        head: '#### Notes\n\n',
        items: notes,
        render: (note) => `- ${escapeMarkdown(note, { maxLength: 1000 })}\n`,
        tail: '\n',
      });
    }
    if (details.reports.length > 0) {
      doc.ranked({
        head: `#### Reports read (${details.reports.length})\n\n${tableHead(['Report', 'Kind', 'Format', 'Size', 'sha256'])}`,
        items: details.reports,
        render: (report) =>
          tableRow([
            markdown(codeSpan(`${report.leg ? `${report.leg}: ` : ''}${report.path}`, { maxLength: 300 })),
            report.kind,
            report.format,
            formatBytes(report.bytes),
            markdown(codeSpan(report.sha256.slice(0, 16), { maxLength: 16 })),
          ]),
        tail: '\n',
      });
    }
  }

  const footer: string[] = [];
  if (result.source?.runUrl !== undefined) footer.push(safeLink('Workflow run', result.source.runUrl));
  const checkRun = options.checkRunUrl ?? result.source?.checkRunUrl;
  if (checkRun !== undefined) footer.push(safeLink('Check run', checkRun));
  footer.push(`complete result: ${codeSpan(options.resultFile, { maxLength: 512 })}`);
  doc.optional(`<sub>${footer.join(' · ')}</sub>\n`);
  return doc.toString();
}

function remediationItem(item: RemediationDetail, source: SourceContext): string {
  const parts = [`1. ${escapeMarkdown(item.title, { maxLength: 300 })}`];
  if (item.file !== undefined) {
    const ranges = item.ranges ?? [];
    if (ranges.length > 0) {
      const shown = ranges.slice(0, 8).map(([start, end]) =>
        locationMarkdown(source, {
          file: item.file as string,
          line: start,
          ...(end > start ? { endLine: end } : {}),
        }),
      );
      parts.push(
        `— ${shown.join(', ')}${ranges.length > shown.length ? ` and ${ranges.length - shown.length} more ranges` : ''}`,
      );
    } else {
      parts.push(
        `— ${locationMarkdown(source, { file: item.file, ...(item.line !== undefined ? { line: item.line } : {}) })}`,
      );
    }
  }
  if (item.onChangedLine === true) parts.push('(changed lines)');
  if (item.helps.length > 0)
    parts.push(`· for ${item.helps.map((name) => codeSpan(name, { maxLength: 100 })).join(', ')}`);
  let line = `${parts.join(' ')}\n`;
  if (item.detail !== undefined && item.detail !== '') {
    line += `   ${escapeMarkdown(item.detail, { maxLength: 300 })}\n`;
  }
  return line;
}

function legRow(leg: LegStatus): string {
  const icon = leg.state === 'merged' ? '✅ merged' : `❌ ${leg.state}`;
  return tableRow([
    markdown(codeSpan(leg.leg, { maxLength: 100 })),
    icon,
    leg.attempt === undefined ? '' : String(leg.attempt),
    leg.coverageFiles === undefined ? '' : formatNumber(leg.coverageFiles),
    leg.testsRun === undefined ? '' : formatNumber(leg.testsRun),
    leg.failingTests === undefined ? '' : formatNumber(leg.failingTests),
    leg.findings === undefined ? '' : formatNumber(leg.findings),
    markdown(escapeTableCell(leg.reason ?? '', { maxLength: 300 })),
  ]);
}

/** The annotation sentence of a check run's summary, with the predictable closing line. */
export function annotationNote(sent: number, notSent: number, withoutLocation: number, resultFile: string): string {
  if (notSent === 0 && withoutLocation === 0) {
    return sent === 0 ? '' : `**Annotations:** ${formatNumber(sent)}, changed lines first, then by severity.\n\n`;
  }
  const parts = [`**Annotations:** ${formatNumber(sent)} sent, changed lines first, then by severity.`];
  if (withoutLocation > 0) parts.push(`${formatNumber(withoutLocation)} findings have no file location.`);
  let text = `${parts.join(' ')}\n\n`;
  if (notSent > 0) text += `${moreLine(notSent, resultFile)}\n\n`;
  return text;
}
