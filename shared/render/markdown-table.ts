/**
 * GFM tables whose cells can never break the table: plain strings are escaped, and markdown
 * the renderers built themselves (links, code spans) is marked as such and only made
 * table-safe (one line, every pipe escaped).
 */
import { escapeTableCell } from './escape.js';

/** Markdown we produced from escaped parts; a table cell keeps it as markup. */
export interface MarkdownFragment {
  readonly markdown: string;
}

/** Marks already-safe markdown (built from `escape.ts` functions) for use in a table cell. */
export function markdown(text: string): MarkdownFragment {
  return { markdown: text };
}

export type TableCell = string | number | MarkdownFragment | null | undefined;
export type ColumnAlignment = 'left' | 'right' | 'center';

const DELIMITERS: Record<ColumnAlignment, string> = { left: ':--', right: '--:', center: ':-:' };

/**
 * Trusted markdown made safe for a cell: line breaks become spaces, and a pipe not already
 * escaped gets a backslash (GFM honours `\|` even inside a code span in a table).
 */
function tableSafeMarkdown(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').replace(/(?<!\\)\|/g, '\\|');
}

export function tableCell(cell: TableCell): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'number') return String(cell);
  if (typeof cell === 'string') return escapeTableCell(cell);
  return tableSafeMarkdown(cell.markdown);
}

/** One row, with exactly `columns` cells (missing ones empty, extra ones dropped), and a newline. */
export function tableRow(cells: readonly TableCell[], columns: number = cells.length): string {
  const rendered: string[] = [];
  for (let i = 0; i < columns; i++) rendered.push(tableCell(cells[i]));
  return `| ${rendered.join(' | ')} |\n`;
}

/** The header row and the delimiter row. */
export function tableHead(headers: readonly TableCell[], alignments: readonly ColumnAlignment[] = []): string {
  const delimiters = headers.map((_, i) => DELIMITERS[alignments[i] ?? 'left']);
  return tableRow(headers) + `| ${delimiters.join(' | ')} |\n`;
}

/** A whole table; `rows` may hold untrusted strings. */
export function table(
  headers: readonly TableCell[],
  rows: readonly (readonly TableCell[])[],
  alignments: readonly ColumnAlignment[] = [],
): string {
  return tableHead(headers, alignments) + rows.map((row) => tableRow(row, headers.length)).join('');
}
