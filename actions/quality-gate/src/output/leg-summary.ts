/**
 * The job summary of a matrix leg: what it read and wrote. The leg judges nothing (the merging
 * step does, with every leg), so this says so rather than showing a verdict of one leg's data.
 */
import { codeSpan, escapeMarkdown } from '../../../../shared/render/escape.js';
import { formatNumber } from '../../../../shared/render/format.js';
import type { QualityGateOutcome } from '../engine.js';

export function legSummaryMarkdown(outcome: QualityGateOutcome): string {
  const { details, figures } = outcome;
  const lines = [
    `## Quality gate · ${escapeMarkdown(outcome.result.environment)} · ${escapeMarkdown(details.gate)} — matrix leg`,
    '',
    `This leg wrote its partial result ${codeSpan(outcome.files.partial ?? '', { maxLength: 300 })}; the step that merges the legs judges the gate.`,
    '',
    `- Reports read: ${details.reports.length}${details.problems.length > 0 ? ` (${details.problems.length} could not be used)` : ''}`,
    `- Line coverage (this leg): ${formatNumber(figures.lineCoverage, '%')}`,
    `- Failing tests (this leg): ${formatNumber(figures.failingTests)}, flaky: ${formatNumber(figures.flakyTests)}`,
  ];
  for (const problem of details.problems.slice(0, 20)) {
    lines.push(
      `- could not use ${codeSpan(problem.file, { maxLength: 300 })}: ${escapeMarkdown(problem.message, { maxLength: 300 })}`,
    );
  }
  for (const [kind, reason] of Object.entries(details.unreadable)) {
    lines.push(`- ${escapeMarkdown(kind)} unreadable: ${escapeMarkdown(reason, { maxLength: 300 })}`);
  }
  return `${lines.join('\n')}\n`;
}
