import { BudgetedMarkdown } from '../../../shared/render/budget.js';
import { escapeMarkdown, safeLink } from '../../../shared/render/escape.js';
import { formatNumber, formatScore, phaseTitle, statusIcon, statusWord } from '../../../shared/render/format.js';
import { COMMENT_BODY_MAX, JOB_SUMMARY_MAX_BYTES } from '../../../shared/render/limits.js';
import { markdown, tableHead, tableRow } from '../../../shared/render/markdown-table.js';
import { mermaidBarChart } from '../../../shared/render/mermaid.js';
import type { PhaseRow, Readiness } from './readiness.js';

export interface ReadinessMarkdownOptions {
  /** Path of the readiness result file, named when something is left out. */
  resultFile: string;
  /** Trusted markdown placed first, e.g. the sticky-comment marker. */
  preamble?: string;
  /** Link to the readiness check run, when it was posted. */
  checkRunUrl?: string;
}

const HEADERS = ['Phase', 'Status', 'Score', 'Weight', 'Key figure', 'Details'];

/**
 * The readiness table: one row per expected phase, in pipeline order, a phase that did not run
 * shown as "not assessed" (never as passed). Every cell that came from a PhaseResult is escaped.
 */
function renderReadiness(
  readiness: Readiness,
  options: ReadinessMarkdownOptions,
  limit: number,
  chart: boolean,
): string {
  const doc = new BudgetedMarkdown({ limit, resultFile: options.resultFile });
  if (options.preamble) doc.required(options.preamble);
  const env = escapeMarkdown(readiness.environment, { maxLength: 100 });
  doc.required(
    `## ${statusIcon(readiness.status)} Production readiness · ${env} — ${statusWord(readiness.status)}\n\n` +
      `**Readiness:** ${formatScore(readiness.score)} · **Bar:** ${formatScore(readiness.failUnder)} · ` +
      `**Assessed:** ${formatScore(readiness.coverage)} of the weighted pipeline · **Tier:** ${escapeMarkdown(readiness.tier)}\n\n`,
  );
  doc.ranked({
    head: tableHead(HEADERS, ['left', 'left', 'right', 'right', 'left', 'left']),
    items: readiness.rows,
    render: row,
    tail: '\n',
  });
  if (readiness.reasons.length > 0) {
    doc.ranked({
      head: '**Why it is not ready:**\n\n',
      items: readiness.reasons,
      render: (reason) => `- ${escapeMarkdown(reason, { maxLength: 500 })}\n`,
      tail: '\n',
    });
  }
  if (chart) {
    doc.optional(
      `${mermaidBarChart(
        'Phase scores (%)',
        readiness.rows.map((r) => r.phase),
        readiness.rows.map((r) => Math.round((r.score ?? 0) * 1000) / 10),
        { max: 100, yAxisLabel: 'score %', line: readiness.rows.map(() => readiness.failUnder * 100) },
      )}\n`,
    );
  }
  const footer = options.checkRunUrl ? `${safeLink('Readiness check run', options.checkRunUrl)} · ` : '';
  doc.optional(
    `<sub>${footer}A phase that did not run scores 0 and is shown as not assessed. Weights: ${readiness.rows
      .map((r) => `${r.phase} ${r.weight}`)
      .join(', ')}.</sub>\n`,
  );
  return doc.toString();
}

function row(phase: PhaseRow): string {
  const figure = phase.keyFigure
    ? `${escapeMarkdown(phase.keyFigure.name, { maxLength: 60 })}: ${formatNumber(phase.keyFigure.value, phase.keyFigure.unit)}`
    : '';
  const details =
    phase.status === 'not_assessed' && phase.sources === 0
      ? 'did not run'
      : (phase.checkRunUrl ? `${safeLink('check', phase.checkRunUrl)} · ` : '') +
        escapeMarkdown(phase.summary, { maxLength: 200 });
  return tableRow([
    phaseTitle(phase.phase),
    markdown(`${statusIcon(phase.status)} ${statusWord(phase.status)}`),
    formatScore(phase.score),
    String(phase.weight),
    markdown(figure),
    markdown(details),
  ]);
}

/** The sticky PR comment (65,536 characters at most). */
export function readinessComment(readiness: Readiness, options: ReadinessMarkdownOptions): string {
  return renderReadiness(readiness, options, COMMENT_BODY_MAX, false);
}

/** The job summary, with a chart of the phase scores (1 MiB at most). */
export function readinessJobSummary(readiness: Readiness, options: ReadinessMarkdownOptions): string {
  return renderReadiness(readiness, options, JOB_SUMMARY_MAX_BYTES, true);
}
