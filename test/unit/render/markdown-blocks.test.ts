import { describe, expect, it } from 'vitest';
import { STATUSES, type Status } from '../../../shared/result/phase-result.js';
import {
  formatBytes,
  formatDelta,
  formatDuration,
  formatNumber,
  formatScore,
  formatThreshold,
  statusIcon,
  statusWord,
  verdictWord,
} from '../../../shared/render/format.js';
import { markdown, table, tableRow } from '../../../shared/render/markdown-table.js';
import { mermaidBarChart, mermaidNumber, mermaidString, severityChart } from '../../../shared/render/mermaid.js';
import { manyFindings, renderGfm, visibleText } from './render-fixtures.js';

describe('status words and icons', () => {
  it('gives every status an explicit word', () => {
    const words: Record<Status, string> = {
      success: 'passed',
      failure: 'failed',
      neutral: 'neutral',
      not_assessed: 'not assessed',
    };
    for (const status of STATUSES) expect(statusWord(status)).toBe(words[status]);
  });

  it('gives every status its own icon, and not assessed never the pass icon', () => {
    const icons = STATUSES.map(statusIcon);
    expect(new Set(icons).size).toBe(STATUSES.length);
    expect(statusIcon('not_assessed')).not.toBe(statusIcon('success'));
    expect(verdictWord('not_assessed')).toBe('not assessed');
  });
});

describe('number formatting', () => {
  it('shows scores as percentages that never round up to a pass', () => {
    expect(formatScore(1)).toBe('100%');
    expect(formatScore(0.9996)).toBe('99.9%');
    expect(formatScore(0.875)).toBe('87.5%');
    expect(formatScore(0.29)).toBe('29%');
    expect(formatScore(0)).toBe('0%');
    expect(formatScore(null)).toBe('not assessed');
    expect(formatScore(Number.NaN)).toBe('not assessed');
    expect(formatScore(1.7)).toBe('100%');
  });

  it('formats values with their unit in a fixed locale', () => {
    expect(formatNumber(1234.567, 'ms')).toBe('1,234.57 ms');
    expect(formatNumber(71.4, '%')).toBe('71.4%');
    expect(formatNumber(0.000123, 'ratio')).toBe('0.000123 ratio');
    expect(formatNumber(42, 'count')).toBe('42');
    expect(formatNumber(null, 'ms')).toBe('not measured');
    expect(formatNumber(Number.POSITIVE_INFINITY, 's')).toBe('∞ s');
  });

  it('formats thresholds, deltas, durations and sizes', () => {
    expect(formatThreshold({ operator: '<=', value: 500 }, 'ms')).toBe('<= 500 ms');
    expect(formatThreshold(undefined)).toBe('—');
    expect(formatDelta(2.5, '%')).toBe('+2.5%');
    expect(formatDelta(-3, 'ms')).toBe('-3 ms');
    expect(formatDelta(0, 'ms')).toBe('±0 ms');
    expect(formatDelta(undefined)).toBe('—');
    expect(formatDuration(89)).toBe('89ms');
    expect(formatDuration(6_789)).toBe('6.7s');
    expect(formatDuration(300_000)).toBe('5m 0s');
    expect(formatDuration(3_723_000)).toBe('1h 2m 3s');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(12_600)).toBe('12.3 KiB');
    expect(formatBytes(5 * 1024 * 1024)).toBe('5 MiB');
  });
});

describe('table', () => {
  it('escapes plain cells and keeps marked markdown as markup', () => {
    const html = renderGfm(table(['Name', 'Link'], [['**not bold** | <b>', markdown('[ok](https://example.com/)')]]));
    expect(html).toContain('<td align="left">**not bold** | &lt;b&gt;</td>');
    expect(html).toContain('<a href="https://example.com/">ok</a>');
  });

  it('makes marked markdown table-safe: one line, pipes escaped', () => {
    expect(tableRow([markdown('a | b\nc')])).toBe('| a \\| b c |\n');
  });

  it('pads short rows and drops extra cells', () => {
    const html = renderGfm(table(['a', 'b', 'c'], [['1'], ['1', '2', '3', '4']]));
    expect(html.match(/<td/g)).toHaveLength(6);
    expect(visibleText(html)).not.toContain('4');
  });

  it('renders numbers and empty cells', () => {
    expect(tableRow([1.5, null, undefined, ''])).toBe('| 1.5 |  |  |  |\n');
  });
});

describe('mermaid', () => {
  it('quotes labels so that they cannot end the string or add a directive', () => {
    expect(mermaidString('say "hi"')).toBe('"say hi"');
    expect(mermaidString('%%{init: {"theme":"dark"}}%%')).toBe('"% init: theme : dark %"');
    expect(mermaidString('a;b#quot;<script>\n`x`')).toBe('"a b quot script x"');
    expect(mermaidString('')).toBe('"-"');
    expect(mermaidString('p95 latency (ms), 1/2 + 3%')).toBe('"p95 latency (ms), 1/2 + 3%"');
    expect(mermaidString('x'.repeat(100))).toHaveLength(42);
  });

  it('writes numbers without exponents', () => {
    expect(mermaidNumber(1e-7)).toBe('0');
    expect(mermaidNumber(0.0000125)).toBe('0.000013');
    expect(mermaidNumber(1e21)).toBe('1000000000000000000000');
    expect(mermaidNumber(-2.5)).toBe('-2.5');
    expect(mermaidNumber(Number.NaN)).toBe('0');
  });

  it('draws an xychart bar chart with an optional line, in a mermaid fence', () => {
    const chart = mermaidBarChart('Latency', ['p95', 'p99'], [620, 900], { yAxisLabel: 'ms', line: [500, 1000] });
    expect(chart).toBe(
      [
        '```mermaid',
        'xychart-beta',
        '    title "Latency"',
        '    x-axis ["p95", "p99"]',
        '    y-axis "ms" 0 --> 1100',
        '    bar [620, 900]',
        '    line [500, 1000]',
        '```',
      ].join('\n'),
    );
    expect(renderGfm(chart)).toMatch(/^<pre><code class="language-mermaid">/);
  });

  it('draws nothing when there is nothing to draw', () => {
    expect(mermaidBarChart('x', [], [])).toBe('');
    expect(mermaidBarChart('x', ['a'], [1, 2])).toBe('');
    expect(severityChart([])).toBe('');
  });

  it('charts findings by severity with a whole-number axis', () => {
    const chart = severityChart(manyFindings(10));
    expect(chart).toContain('x-axis ["critical", "high", "medium", "low", "info"]');
    expect(chart).toContain('bar [2, 2, 2, 2, 2]');
    expect(chart).toContain('y-axis "findings" 0 --> 3');
  });
});
