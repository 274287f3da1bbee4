/**
 * One PhaseResult as markdown, in the two places people read it: the sticky PR comment
 * (compact, 65,536 limit) and the job summary (complete, 1 MiB limit). Both lead with the
 * verdict in words, then the numbers behind it, then the findings ranked for a reviewer,
 * then the evidence with its hashes; both always fit their limit, ending with
 * "… N more, see the result file `<path>`" when something had to be left out.
 */
import type { Evidence, Finding, Metric, PhaseResult } from '../result/phase-result.js';
import { BudgetedMarkdown } from './budget.js';
import { codeSpan, escapeMarkdown, escapeTableCell, safeLink } from './escape.js';
import { countBySeverity, rankFindings, SEVERITY_ORDER } from './finding-order.js';
import {
  formatBytes,
  formatDelta,
  formatDuration,
  formatMetricValue,
  formatScore,
  formatThreshold,
  phaseTitle,
  severityIcon,
  statusIcon,
  statusWord,
  verdictIcon,
  verdictWord,
} from './format.js';
import { COMMENT_BODY_MAX, JOB_SUMMARY_MAX_BYTES } from './limits.js';
import { markdown, tableHead, tableRow, type ColumnAlignment } from './markdown-table.js';
import { mermaidBarChart, severityChart } from './mermaid.js';
import { locationMarkdown, type SourceContext } from './source-link.js';

export interface PhaseMarkdownOptions {
  /** Path of the complete result file, named whenever something is left out. */
  resultFile: string;
  /** Base URL for source links, e.g. `GITHUB_SERVER_URL`; defaults to github.com. */
  serverUrl?: string;
  /**
   * Trusted markdown placed first and counted in the budget, e.g. the sticky-comment marker
   * `<!-- elder:deploy:production -->`. Never pass untrusted text here.
   */
  preamble?: string;
  /** Overrides the limit (e.g. when appending to a job summary that already has content). */
  limit?: number;
  /** Findings shown at most, before the size budget applies. */
  maxFindings?: number;
  /** Draw mermaid charts (default true). */
  charts?: boolean;
}

/** Findings a PR comment shows before it points to the result file: more is not read. */
export const COMMENT_MAX_FINDINGS = 100;

const MAX_SUMMARY_LENGTH = 2_000;
const MAX_MESSAGE_LENGTH = 500;
const MAX_DETAIL_LENGTH = 300;

/** `## ✅ Deploy · production — passed`, with the matrix key when there is one. */
export function phaseHeading(result: PhaseResult, level = 2): string {
  const where = [result.environment, result.key].filter((part): part is string => !!part);
  const place = where.map((part) => escapeMarkdown(part, { maxLength: 100 })).join(' · ');
  const title = place === '' ? phaseTitle(result.phase) : `${phaseTitle(result.phase)} · ${place}`;
  return `${'#'.repeat(level)} ${statusIcon(result.status)} ${title} — ${statusWord(result.status)}\n\n`;
}

/** The line under the heading: score, tier, tool and duration. */
export function phaseFacts(result: PhaseResult): string {
  const facts = [
    `**Score:** ${formatScore(result.score)}`,
    `**Status:** ${statusWord(result.status)}`,
    `**Tier:** ${escapeMarkdown(result.tier)}`,
    `**Duration:** ${formatDuration(result.timings.durationMs)}`,
    `**Tool:** ${escapeMarkdown(`${result.tool.name} ${result.tool.version}`, { maxLength: 100 })}`,
  ];
  return `${facts.join(' · ')}\n\n`;
}

const METRIC_HEADERS = ['Metric', 'Value', 'Threshold', 'Verdict', 'Δ vs base', 'Detail'];
const METRIC_ALIGNMENT: ColumnAlignment[] = ['left', 'right', 'left', 'left', 'right', 'left'];

export function metricRow(metric: Metric): string {
  return tableRow([
    markdown(codeSpan(metric.name, { maxLength: 100 })),
    formatMetricValue(metric),
    formatThreshold(metric.threshold, metric.unit),
    `${verdictIcon(metric.verdict)} ${verdictWord(metric.verdict)}`,
    formatDelta(metric.delta, metric.unit),
    metric.detail === undefined ? '' : markdown(escapeTableCell(metric.detail, { maxLength: MAX_DETAIL_LENGTH })),
  ]);
}

const FINDING_HEADERS = ['Severity', 'Changed line', 'Rule', 'Location', 'Message'];

export function findingRow(finding: Finding, source: SourceContext): string {
  return tableRow([
    `${severityIcon(finding.severity)} ${finding.severity}`,
    finding.onChangedLine === true ? 'yes' : '',
    markdown(codeSpan(finding.ruleId, { maxLength: 100 })),
    finding.location === undefined ? '—' : markdown(locationMarkdown(source, finding.location)),
    markdown(escapeTableCell(finding.message, { maxLength: MAX_MESSAGE_LENGTH })),
  ]);
}

export function evidenceItem(evidence: Evidence): string {
  const size = evidence.bytes === undefined ? '' : ` (${formatBytes(evidence.bytes)})`;
  const name = escapeMarkdown(evidence.name, { maxLength: 200 });
  const where = /^https?:\/\//i.test(evidence.path)
    ? safeLink(evidence.path, evidence.path, { maxLength: 300 })
    : codeSpan(evidence.path, { maxLength: 300 });
  return `- ${name}: ${where}${size}, sha256 ${codeSpan(evidence.sha256, { maxLength: 64 })}\n`;
}

/** "12 findings: 1 critical, 3 high, 8 low" (zero counts left out). */
export function findingCounts(findings: readonly Finding[]): string {
  const counts = countBySeverity(findings);
  const parts = SEVERITY_ORDER.filter((s) => counts[s] > 0).map((s) => `${counts[s]} ${s}`);
  const noun = findings.length === 1 ? 'finding' : 'findings';
  return parts.length === 0 ? `0 ${noun}` : `${findings.length} ${noun}: ${parts.join(', ')}`;
}

/**
 * Metrics that share a unit, drawn as value bars against a threshold line: a picture only
 * helps when the bars are comparable, so mixed units draw nothing.
 */
export function metricsChart(metrics: readonly Metric[]): string {
  const drawable = metrics.filter((m) => m.value !== null && Number.isFinite(m.value) && m.threshold !== undefined);
  if (drawable.length < 2) return '';
  const unit = drawable[0]?.unit ?? '';
  if (!drawable.every((m) => m.unit === unit)) return '';
  return mermaidBarChart(
    'Metrics against thresholds',
    drawable.map((m) => m.name),
    drawable.map((m) => m.value as number),
    { yAxisLabel: unit === '' ? 'value' : unit, line: drawable.map((m) => m.threshold?.value ?? 0) },
  );
}

function sourceOf(result: PhaseResult, options: PhaseMarkdownOptions): SourceContext {
  return {
    serverUrl: options.serverUrl,
    repository: result.source?.repository,
    commit: result.source?.commit,
  };
}

function footer(result: PhaseResult, options: PhaseMarkdownOptions): string {
  const parts: string[] = [];
  if (result.source?.runUrl !== undefined) parts.push(safeLink('Workflow run', result.source.runUrl));
  if (result.source?.checkRunUrl !== undefined) parts.push(safeLink('Check run', result.source.checkRunUrl));
  parts.push(`complete result: ${codeSpan(options.resultFile, { maxLength: 512 })}`);
  return `<sub>${parts.join(' · ')}</sub>\n`;
}

interface Layout {
  limit: number;
  maxFindings: number;
  evidence: boolean;
  timings: boolean;
  severityChart: boolean;
}

function renderPhase(result: PhaseResult, options: PhaseMarkdownOptions, layout: Layout): string {
  const doc = new BudgetedMarkdown({ limit: options.limit ?? layout.limit, resultFile: options.resultFile });
  const charts = options.charts !== false;
  const source = sourceOf(result, options);

  if (options.preamble !== undefined) doc.required(`${options.preamble}\n`);
  doc.required(phaseHeading(result));
  doc.required(phaseFacts(result));
  const summary = escapeMarkdown(result.summary, { maxLength: MAX_SUMMARY_LENGTH });
  if (summary !== '') doc.required(`${summary}\n\n`);

  doc.ranked({
    head: `### Metrics (${result.metrics.length})\n\n${tableHead(METRIC_HEADERS, METRIC_ALIGNMENT)}`,
    items: result.metrics,
    render: metricRow,
    tail: '\n',
  });
  if (charts) {
    const chart = metricsChart(result.metrics);
    if (chart !== '') doc.optional(`${chart}\n\n`);
  }

  const ranked = rankFindings(result.findings);
  const shown = ranked.slice(0, layout.maxFindings);
  if (charts && layout.severityChart && ranked.length > 0) doc.optional(`${severityChart(ranked)}\n\n`);
  doc.ranked({
    head:
      `### Findings (${findingCounts(ranked)})\n\n` +
      'Changed lines first, then by severity.\n\n' +
      tableHead(FINDING_HEADERS),
    items: shown,
    render: (finding) => findingRow(finding, source),
    tail: '\n',
    alreadyOmitted: ranked.length - shown.length,
  });
  if (ranked.length === 0) doc.optional('### Findings\n\nNo findings.\n\n');

  if (layout.evidence) {
    doc.ranked({
      head: `### Evidence (${result.evidence.length})\n\n`,
      items: result.evidence,
      render: evidenceItem,
      tail: '\n',
    });
  }
  if (layout.timings && result.timings.steps !== undefined) {
    doc.ranked({
      head: `### Timings\n\n${tableHead(['Step', 'Duration'], ['left', 'right'])}`,
      items: result.timings.steps,
      render: (step) => tableRow([step.name, formatDuration(step.durationMs)]),
      tail: '\n',
    });
  }
  doc.optional(footer(result, options));
  return doc.toString();
}

/** The sticky PR comment: at most `COMMENT_MAX_FINDINGS` findings, always within 65,536. */
export function renderPhaseComment(result: PhaseResult, options: PhaseMarkdownOptions): string {
  return renderPhase(result, options, {
    limit: COMMENT_BODY_MAX,
    maxFindings: options.maxFindings ?? COMMENT_MAX_FINDINGS,
    evidence: true,
    timings: false,
    // The findings heading already counts them by severity; a comment stays short.
    severityChart: false,
  });
}

/** The job summary: everything that fits in 1 MiB of UTF-8, step timings included. */
export function renderPhaseJobSummary(result: PhaseResult, options: PhaseMarkdownOptions): string {
  return renderPhase(result, options, {
    limit: JOB_SUMMARY_MAX_BYTES,
    maxFindings: options.maxFindings ?? Number.POSITIVE_INFINITY,
    evidence: true,
    timings: true,
    severityChart: true,
  });
}
