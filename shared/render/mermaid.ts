/**
 * Mermaid charts for the places where a picture helps (values against thresholds, findings
 * by severity). Labels come from configuration and tools, so they are reduced to characters
 * that cannot end a quoted mermaid string or smuggle in a `%%{init}%%` directive, and the
 * chart sits in a code fence chosen by `codeBlock`.
 */
import type { Finding } from '../result/phase-result.js';
import { codeBlock } from './escape.js';
import { SEVERITY_ORDER, countBySeverity } from './finding-order.js';
import { truncateCodePoints } from './truncate.js';

/** Longest label we draw; longer labels overlap on the axis. */
const MAX_LABEL_LENGTH = 40;

/**
 * A label as a double-quoted mermaid string. Anything but letters, digits, spaces and
 * `._,:/+()-%` becomes a space (quotes, brackets, `#` entity codes, `;`, `<`, braces, line
 * breaks); runs of `%` shrink to one so no `%%` comment or directive can form.
 */
export function mermaidString(label: string, maxLength: number = MAX_LABEL_LENGTH): string {
  const cleaned = label
    .replace(/[^\p{L}\p{N} ._,:/+()%-]/gu, ' ')
    .replace(/%+/g, '%')
    .replace(/\s+/g, ' ')
    .trim();
  return `"${truncateCodePoints(cleaned === '' ? '-' : cleaned, maxLength)}"`;
}

/** A number as mermaid's parser reads it: plain decimal, never exponent notation. */
export function mermaidNumber(value: number): string {
  if (!Number.isFinite(value)) return '0';
  // `toFixed` itself switches to exponent notation from 1e21 on.
  if (Math.abs(value) >= 1e21) return BigInt(Math.round(value)).toString();
  const fixed = value.toFixed(6).replace(/\.?0+$/, '');
  return fixed === '-0' || fixed === '' ? '0' : fixed;
}

export interface BarChartOptions {
  /** Top of the y axis; defaults to 10 % above the largest value drawn. */
  max?: number;
  /** Bottom of the y axis; defaults to 0, or the smallest value when one is negative. */
  min?: number;
  /** Title of the y axis, e.g. the unit. */
  yAxisLabel?: string;
  /** A second series drawn as a line over the bars, e.g. each metric's threshold. */
  line?: readonly number[];
}

/**
 * An `xychart-beta` bar chart in a mermaid code fence, or '' when there is nothing to draw
 * (no labels, or labels and values of different lengths).
 */
export function mermaidBarChart(
  title: string,
  labels: readonly string[],
  values: readonly number[],
  options: BarChartOptions = {},
): string {
  if (labels.length === 0 || labels.length !== values.length) return '';
  const line = options.line !== undefined && options.line.length === values.length ? options.line : undefined;
  const drawn = [...values, ...(line ?? [])].filter((v) => Number.isFinite(v));
  const largest = Math.max(0, ...drawn);
  const smallest = Math.min(0, ...drawn);
  const max = options.max ?? (largest === 0 ? 1 : largest * 1.1);
  const min = options.min ?? smallest;
  const lines = [
    'xychart-beta',
    `    title ${mermaidString(title, 80)}`,
    `    x-axis [${labels.map((l) => mermaidString(l)).join(', ')}]`,
    `    y-axis ${mermaidString(options.yAxisLabel ?? 'value')} ${mermaidNumber(min)} --> ${mermaidNumber(max)}`,
    `    bar [${values.map(mermaidNumber).join(', ')}]`,
  ];
  if (line !== undefined) lines.push(`    line [${line.map(mermaidNumber).join(', ')}]`);
  return codeBlock(lines.join('\n'), { language: 'mermaid' });
}

/** Findings per severity as a bar chart, every severity shown so charts compare at a glance. */
export function severityChart(findings: readonly Finding[], title = 'Findings by severity'): string {
  if (findings.length === 0) return '';
  const counts = countBySeverity(findings);
  return mermaidBarChart(
    title,
    SEVERITY_ORDER.map((s) => s),
    SEVERITY_ORDER.map((s) => counts[s]),
    // Counts are whole numbers: keep the axis on whole numbers too.
    { yAxisLabel: 'findings', max: Math.max(1, Math.ceil(Math.max(...SEVERITY_ORDER.map((s) => counts[s])) * 1.1)) },
  );
}
