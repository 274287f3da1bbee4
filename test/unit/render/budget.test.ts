import { describe, expect, it } from 'vitest';
import { BudgetedMarkdown, fitSections, moreLine } from '../../../shared/render/budget.js';
import { COMMENT_BODY_MAX, JOB_SUMMARY_MAX_BYTES } from '../../../shared/render/limits.js';
import { renderPhaseComment, renderPhaseJobSummary } from '../../../shared/render/phase-markdown.js';
import { measure, utf8Bytes } from '../../../shared/render/text-size.js';
import { baseResult, manyFindings } from './render-fixtures.js';

const RESULT_FILE = 'elder/quality-gate-production.json';
const MORE_LINE = /\n… (\d+) more, see the result file `elder\/quality-gate-production\.json`\n$/;

/** Rows of the findings table: lines that start with a severity icon cell. */
function findingRows(markdown: string): number {
  return markdown.split('\n').filter((line) => /^\| (🔴|🟠|🟡|🔵|⚪) (critical|high|medium|low|info) \|/.test(line))
    .length;
}

function omittedCount(markdown: string): number {
  const match = MORE_LINE.exec(markdown);
  if (match === null) throw new Error('no closing line');
  return Number(match[1]);
}

describe('BudgetedMarkdown', () => {
  it('shows everything and adds no closing line when it all fits', () => {
    const doc = new BudgetedMarkdown({ limit: 1_000, resultFile: 'r.json' });
    doc.required('# title\n\n');
    doc.ranked({ head: 'items:\n', items: ['a', 'b'], render: (x) => `- ${x}\n`, tail: '\n' });
    expect(doc.toString()).toBe('# title\n\nitems:\n- a\n- b\n\n');
    expect(doc.omitted).toBe(0);
  });

  it('takes exactly as many items as fit after reserving room for the closing line', () => {
    const limit = 400;
    const doc = new BudgetedMarkdown({ limit, resultFile: 'r.json' });
    const reserve = utf8Bytes(`\n${moreLine(Number.MAX_SAFE_INTEGER, 'r.json')}\n`);
    const items = Array.from({ length: 100 }, (_, i) => i);
    const outcome = doc.ranked({ head: 'H\n', items, render: () => '0123456789\n', tail: 'T\n' });
    expect(outcome.shown).toBe(Math.floor((limit - reserve - 2 - 2) / 11));
    expect(outcome.omitted).toBe(100 - outcome.shown);
    const text = doc.toString();
    expect(utf8Bytes(text)).toBeLessThanOrEqual(limit);
    expect(text.endsWith(`\n… ${outcome.omitted} more, see the result file \`r.json\`\n`)).toBe(true);
  });

  it('counts the items of later sections once one section ran out of room', () => {
    const doc = new BudgetedMarkdown({ limit: 300, resultFile: 'r.json' });
    const first = doc.ranked({
      head: '',
      items: Array.from({ length: 50 }, () => 'x'),
      render: () => 'line of text\n',
    });
    const second = doc.ranked({ head: '', items: ['tiny'], render: () => 't\n' });
    expect(second).toEqual({ shown: 0, omitted: 1 });
    expect(doc.omitted).toBe(first.omitted + 1);
  });

  it('shows nothing of a section whose first item does not fit', () => {
    const doc = new BudgetedMarkdown({ limit: 200, resultFile: 'r.json' });
    const outcome = doc.ranked({ head: '## head\n', items: ['x'.repeat(500)], render: (x) => x });
    expect(outcome).toEqual({ shown: 0, omitted: 1 });
    expect(doc.toString()).not.toContain('## head');
  });

  it('cuts a required block that is too long and still adds the closing line', () => {
    const doc = new BudgetedMarkdown({ limit: 200, resultFile: 'r.json' });
    doc.required('é'.repeat(1_000));
    const text = doc.toString();
    expect(utf8Bytes(text)).toBeLessThanOrEqual(200);
    expect(text).toMatch(/…\n… 0 more, see the result file `r\.json`\n$/);
  });

  it('skips an optional block that does not fit and keeps going', () => {
    const doc = new BudgetedMarkdown({ limit: 200, resultFile: 'r.json' });
    expect(doc.optional('x'.repeat(500))).toBe(false);
    expect(doc.optional('small\n')).toBe(true);
    expect(doc.toString()).toBe('small\n');
  });

  it('counts items left out before they reached it', () => {
    const doc = new BudgetedMarkdown({ limit: 1_000, resultFile: 'r.json' });
    doc.ranked({ head: '', items: ['a'], render: (x) => `${x}\n`, alreadyOmitted: 9 });
    expect(doc.toString()).toBe('a\n\n… 9 more, see the result file `r.json`\n');
  });

  it('refuses a limit that cannot even hold the closing line', () => {
    expect(() => new BudgetedMarkdown({ limit: 20, resultFile: 'r.json' })).toThrow(RangeError);
  });

  it('measures in the unit it is given', () => {
    for (const unit of ['utf8-bytes', 'utf16-code-units', 'code-points'] as const) {
      const { text } = fitSections(
        ['head\n', { head: '', items: Array.from({ length: 500 }, (_, i) => i), render: () => '😀日é\n' }],
        { limit: 1_000, unit, resultFile: 'r.json' },
      );
      expect(measure(text, unit)).toBeLessThanOrEqual(1_000);
      expect(text).toMatch(/more, see the result file/);
    }
  });
});

describe('outputs with 100,000 findings', () => {
  const findings = manyFindings(100_000);
  const result = baseResult({ findings });

  it('keeps the PR comment within 65,536 and counts what it left out', () => {
    const comment = renderPhaseComment(result, {
      resultFile: RESULT_FILE,
      preamble: '<!-- elder:quality-gate:production -->',
    });
    expect(utf8Bytes(comment)).toBeLessThanOrEqual(COMMENT_BODY_MAX);
    const shown = findingRows(comment);
    expect(shown).toBeGreaterThan(0);
    expect(omittedCount(comment)).toBe(findings.length - shown);
  });

  it('keeps the job summary within 1 MiB of UTF-8 and counts what it left out', () => {
    const summary = renderPhaseJobSummary(result, { resultFile: RESULT_FILE });
    expect(utf8Bytes(summary)).toBeLessThanOrEqual(JOB_SUMMARY_MAX_BYTES);
    const shown = findingRows(summary);
    expect(shown).toBeGreaterThan(1_000);
    // Findings that did not fit, plus the evidence and timing items after them.
    const later = result.evidence.length + (result.timings.steps?.length ?? 0);
    expect(omittedCount(summary)).toBe(findings.length - shown + later);
  });

  it('stays within the byte limit when every message is multi-byte', () => {
    const wide = baseResult({ findings: manyFindings(100_000, (i) => `日本語のメッセージ 😀👨‍👩‍👧‍👦 ${i} `.repeat(8)) });
    const summary = renderPhaseJobSummary(wide, { resultFile: RESULT_FILE });
    expect(utf8Bytes(summary)).toBeLessThanOrEqual(JOB_SUMMARY_MAX_BYTES);
    // Characters would have let far more through: the byte measure is the binding one here.
    expect(summary.length).toBeLessThan(JOB_SUMMARY_MAX_BYTES);
    const comment = renderPhaseComment(wide, { resultFile: RESULT_FILE });
    expect(utf8Bytes(comment)).toBeLessThanOrEqual(COMMENT_BODY_MAX);
    // Once the findings ran out of room, the evidence after them is counted, not shown.
    expect(comment).not.toContain('### Evidence');
    expect(omittedCount(comment)).toBe(100_000 - findingRows(comment) + wide.evidence.length);
  });
});
