import type { Readiness } from '../../actions/report/src/readiness.js';

const STATUS_TEXT = { success: 'passed', failure: 'FAILED', neutral: 'neutral', not_assessed: 'not assessed' } as const;

/** The readiness table for a terminal: aligned columns, no colour codes (safe in CI logs). */
export function readinessText(readiness: Readiness): string {
  const header = ['phase', 'status', 'score', 'weight', 'key figure'];
  const rows = readiness.rows.map((row) => [
    row.phase,
    STATUS_TEXT[row.status],
    row.score === null ? '-' : `${(row.score * 100).toFixed(1)} %`,
    String(row.weight),
    row.keyFigure ? `${row.keyFigure.name} ${row.keyFigure.value ?? 'n/a'} ${row.keyFigure.unit}` : row.summary,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  const verdict = STATUS_TEXT[readiness.status];
  return [
    `Readiness for ${readiness.environment} (${readiness.tier}): ${(readiness.score * 100).toFixed(1)} % — ${verdict}`,
    `bar ${(readiness.failUnder * 100).toFixed(1)} %, assessed ${(readiness.coverage * 100).toFixed(0)} % of the weighted pipeline`,
    '',
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    ...(readiness.reasons.length > 0 ? ['', ...readiness.reasons.map((r) => `- ${r}`)] : []),
  ].join('\n');
}
