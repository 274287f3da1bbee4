import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../shared/result/phase-result.js';
import {
  findingCounts,
  metricsChart,
  renderPhaseComment,
  renderPhaseJobSummary,
} from '../../../shared/render/phase-markdown.js';
import { blobUrl, locationLabel } from '../../../shared/render/source-link.js';
import { baseResult, hostileResult, manyFindings, renderGfm, tagNames } from './render-fixtures.js';

const OPTIONS = { resultFile: 'elder/quality-gate-production.json' };
const SHA = '0123456789abcdef0123456789abcdef01234567';

/** Tags our own layout uses; anything else in the HTML came from input and is a leak. */
const LAYOUT_TAGS = new Set([
  'h2',
  'h3',
  'p',
  'strong',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
  'code',
  'pre',
  'a',
  'ul',
  'li',
  'sub',
]);

describe('renderPhaseComment and renderPhaseJobSummary', () => {
  it('lead with the status in words, the score and the summary', () => {
    const comment = renderPhaseComment(baseResult(), OPTIONS);
    expect(comment.startsWith('## ❌ Quality gate · production — failed\n\n')).toBe(true);
    expect(comment).toContain('**Score:** 62.5%');
    expect(comment).toContain('coverage on new code is below the threshold');
  });

  it('say "not assessed" for a phase that could not look, never "passed"', () => {
    const result = baseResult({
      status: 'not_assessed',
      score: null,
      metrics: [],
      summary: 'token cannot read branch protection',
    });
    for (const text of [renderPhaseComment(result, OPTIONS), renderPhaseJobSummary(result, OPTIONS)]) {
      expect(text).toContain('— not assessed');
      expect(text).toContain('**Score:** not assessed');
      expect(text).not.toContain('passed');
    }
  });

  it('show each metric with value, threshold, verdict, delta and detail', () => {
    const html = renderGfm(renderPhaseComment(baseResult(), OPTIONS));
    expect(html).toContain('<td align="left"><code>new_line_coverage</code></td>');
    expect(html).toMatch(
      /<td align="right">71\.4%<\/td>\s*<td align="left">&gt;= 80%<\/td>\s*<td align="left">❌ failed<\/td>\s*<td align="right">-2\.5%<\/td>\s*<td align="left">lines added by the pull request<\/td>/,
    );
    expect(html).toContain('not measured');
    expect(html).toContain('⚪ not assessed');
  });

  it('rank findings with changed lines first, then by severity, each linked to the analysed commit', () => {
    const findings: Finding[] = [
      { ruleId: 'a', severity: 'critical', message: 'crit', location: { file: 'src/a.ts', line: 1 } },
      {
        ruleId: 'b',
        severity: 'low',
        message: 'low changed',
        location: { file: 'src/b.ts', line: 2, endLine: 4 },
        onChangedLine: true,
      },
      { ruleId: 'c', severity: 'high', message: 'high', location: { file: 'src/c.ts', line: 3 } },
      { ruleId: 'd', severity: 'info', message: 'no place' },
    ];
    const comment = renderPhaseComment(baseResult({ findings }), OPTIONS);
    const order = ['low changed', 'crit', 'high', 'no place'].map((m) => comment.indexOf(`| ${m} |`));
    expect(order.every((position) => position > 0)).toBe(true);
    expect([...order].sort((x, y) => x - y)).toEqual(order);
    expect(comment).toContain(`[src/b.ts:2](https://github.com/acme/shop/blob/${SHA}/src/b.ts#L2-L4)`);
    expect(comment).toContain('### Findings (4 findings: 1 critical, 1 high, 1 low, 1 info)');
  });

  it('link to a GitHub Enterprise Server when given its URL, and not at all without a commit', () => {
    const findings = manyFindings(1);
    const ghes = renderPhaseComment(baseResult({ findings }), { ...OPTIONS, serverUrl: 'https://ghe.example.com/' });
    expect(ghes).toContain(`](https://ghe.example.com/acme/shop/blob/${SHA}/src/module-0/file-0.ts#L1)`);
    const local = renderPhaseComment(baseResult({ findings, source: undefined }), OPTIONS);
    expect(local).toContain('| `src/module-0/file-0.ts:1:1` |');
    expect(local).not.toContain('/blob/');
  });

  it('list evidence with its sha256', () => {
    const summary = renderPhaseJobSummary(baseResult(), OPTIONS);
    expect(summary).toContain(`- coverage report: \`coverage/lcov.info\` (20 KiB), sha256 \`${'a'.repeat(64)}\``);
    expect(summary).toContain('- run log: [https://example.com/logs/1](https://example.com/logs/1), sha256');
  });

  it('include step timings and a severity chart in the job summary only', () => {
    const result = baseResult({ findings: manyFindings(5) });
    const summary = renderPhaseJobSummary(result, OPTIONS);
    const comment = renderPhaseComment(result, OPTIONS);
    expect(summary).toContain('### Timings');
    expect(summary).toContain('title "Findings by severity"');
    expect(comment).not.toContain('### Timings');
    expect(comment).not.toContain('Findings by severity');
  });

  it('draw the metrics chart only when the metrics share a unit', () => {
    expect(metricsChart(baseResult().metrics)).toContain('x-axis ["new_line_coverage", "new_duplicated_lines"]');
    expect(
      metricsChart([
        ...baseResult().metrics,
        { name: 'p95', value: 1, unit: 'ms', threshold: { operator: '<', value: 2 }, verdict: 'pass' },
      ]),
    ).toBe('');
    expect(renderPhaseComment(baseResult(), { ...OPTIONS, charts: false })).not.toContain('```mermaid');
  });

  it('put the trusted preamble first and count it in the budget', () => {
    const comment = renderPhaseComment(baseResult(), {
      ...OPTIONS,
      preamble: '<!-- elder:quality-gate:production -->',
    });
    expect(comment.startsWith('<!-- elder:quality-gate:production -->\n## ')).toBe(true);
  });

  it('cap the comment at 100 findings and say how many more there are', () => {
    const comment = renderPhaseComment(baseResult({ findings: manyFindings(150) }), OPTIONS);
    expect(comment).toMatch(/\n… 50 more, see the result file `elder\/quality-gate-production\.json`\n$/);
  });

  it('let no hostile input add markup: only our own layout tags appear', () => {
    const result = hostileResult();
    for (const text of [renderPhaseComment(result, OPTIONS), renderPhaseJobSummary(result, OPTIONS)]) {
      const html = renderGfm(text);
      expect(tagNames(html).filter((tag) => !LAYOUT_TAGS.has(tag))).toEqual([]);
      expect(html).not.toContain('<!--');
      expect(html).not.toMatch(/href="(?!https?:)/);
      // Every table row has as many cells as its header.
      for (const tableHtml of html.match(/<table>[\s\S]*?<\/table>/g) ?? []) {
        const headers = (tableHtml.match(/<th[ >]/g) ?? []).length;
        for (const row of tableHtml.match(/<tr>[\s\S]*?<\/tr>/g)?.slice(1) ?? []) {
          expect((row.match(/<td[ >]/g) ?? []).length).toBe(headers);
        }
      }
    }
  });
});

describe('source links', () => {
  it('builds blob URLs pinned to the commit, with encoded paths and line ranges', () => {
    const context = { repository: 'acme/shop', commit: SHA };
    expect(blobUrl(context, { file: './src/a b#?.ts', line: 7 })).toBe(
      `https://github.com/acme/shop/blob/${SHA}/src/a%20b%23%3F.ts#L7`,
    );
    expect(blobUrl(context, { file: 'x.ts', line: 7, endLine: 9 })).toBe(
      `https://github.com/acme/shop/blob/${SHA}/x.ts#L7-L9`,
    );
    expect(blobUrl(context, { file: '../../etc/passwd' })).toBe(`https://github.com/acme/shop/blob/${SHA}/etc/passwd`);
  });

  it('refuses repositories, commits and servers that do not look like one', () => {
    expect(blobUrl({ repository: 'acme/shop/../x', commit: SHA }, { file: 'a' })).toBeUndefined();
    expect(blobUrl({ repository: 'acme/shop', commit: 'main' }, { file: 'a' })).toBeUndefined();
    expect(
      blobUrl({ repository: 'acme/shop', commit: SHA, serverUrl: 'javascript:alert(1)' }, { file: 'a' }),
    ).toBeUndefined();
  });

  it('labels locations as file:line:column', () => {
    expect(locationLabel({ file: 'src\\a.ts', line: 3, column: 4 })).toBe('src/a.ts:3:4');
    expect(locationLabel({ file: 'README.md' })).toBe('README.md');
  });
});

describe('findingCounts', () => {
  it('counts by severity, leaving out zeros', () => {
    expect(findingCounts([])).toBe('0 findings');
    expect(findingCounts(manyFindings(1))).toBe('1 finding: 1 info');
  });
});
