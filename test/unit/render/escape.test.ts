import { describe, expect, it } from 'vitest';
import {
  codeBlock,
  codeSpan,
  escapeHtml,
  escapeMarkdown,
  escapeTableCell,
  neutralizeReferences,
  safeLink,
  safeUrl,
  sanitizeText,
  ZERO_WIDTH_SPACE,
} from '../../../shared/render/escape.js';
import { markdown, table } from '../../../shared/render/markdown-table.js';
import {
  expectedInline,
  HOSTILE_STRINGS,
  renderGfm,
  tagNames,
  visibleText,
  withoutZeroWidthSpaces,
} from './render-fixtures.js';

/** Text outside links, where GitHub would turn `@name` into a ping and `#1` into a reference. */
function textOutsideLinks(html: string): string {
  return visibleText(html.replace(/<a\b[^>]*>.*?<\/a>/g, ' '));
}

describe('sanitizeText', () => {
  it('removes control characters and keeps tabs and line breaks', () => {
    expect(sanitizeText('a\u0000b\u0007c\u001bd\u007fe\u0085f\tg\nh')).toBe('abcdef\tg\nh');
  });

  it('replaces lone surrogates and bidi overrides with U+FFFD and keeps valid pairs', () => {
    expect(sanitizeText('x\uD800y\uDC00z')).toBe('x\uFFFDy\uFFFDz');
    expect(sanitizeText('\u202Eabc\u202C')).toBe('\uFFFDabc\uFFFD');
    expect(sanitizeText('😀')).toBe('😀');
  });

  it('normalises CRLF and CR to LF', () => {
    expect(sanitizeText('a\r\nb\rc')).toBe('a\nb\nc');
  });
});

describe('escapeMarkdown', () => {
  it.each(HOSTILE_STRINGS.map((s) => [s]))('renders %j as exactly its text, in one paragraph', (text) => {
    const html = renderGfm(escapeMarkdown(text));
    const expected = expectedInline(text);
    if (expected === '') {
      expect(html).toBe('');
      return;
    }
    // Only a paragraph (and links GitHub makes of http(s) URLs) may come out of untrusted text.
    expect(tagNames(html).filter((tag) => tag !== 'p' && tag !== 'a')).toEqual([]);
    for (const href of html.matchAll(/href="([^"]*)"/g)) expect(href[1]).toMatch(/^https?:\/\//);
    expect(withoutZeroWidthSpaces(visibleText(html)).trim()).toBe(expected);
  });

  it.each(HOSTILE_STRINGS.map((s) => [s]))('leaves no ping or issue reference in %j', (text) => {
    const outside = textOutsideLinks(renderGfm(escapeMarkdown(text)));
    expect(outside).not.toMatch(/(^|[^A-Za-z0-9])@[A-Za-z0-9]/);
    expect(outside).not.toMatch(/#\d/);
    expect(outside).not.toMatch(/\bGH-\d/i);
  });

  it('turns every HTML construct into text', () => {
    const escaped = escapeMarkdown('<!-- x --> <details> <b>&copy;</b>');
    expect(escaped).not.toMatch(/[<>]/);
    expect(escaped).toContain('&lt;\\!-- x --&gt;');
    expect(escaped).toContain('&amp;copy;');
  });

  it('puts a zero-width space after @ and # where GitHub would link', () => {
    expect(escapeMarkdown('@octocat @org/team #12 GH-3')).toBe(
      `@${ZERO_WIDTH_SPACE}octocat @${ZERO_WIDTH_SPACE}org/team #${ZERO_WIDTH_SPACE}12 GH-${ZERO_WIDTH_SPACE}3`,
    );
    expect(neutralizeReferences('a@b #x')).toBe(`a@${ZERO_WIDTH_SPACE}b #x`);
  });

  it('escapes block markers only at the start', () => {
    expect(escapeMarkdown('# a # b')).toBe('\\# a # b');
    expect(escapeMarkdown('- a - b')).toBe('\\- a - b');
    expect(escapeMarkdown('12. twelve')).toBe('12\\. twelve');
    expect(renderGfm(escapeMarkdown('---'))).toBe('<p>---</p>');
  });

  it('collapses any line break with its surrounding whitespace into one space', () => {
    expect(escapeMarkdown('one  \n\n  two\r\nthree')).toBe('one two three');
  });

  it('keeps http(s) URLs clickable and unescaped, trailing punctuation outside', () => {
    const html = renderGfm(escapeMarkdown('see https://example.com/a_b_(c)?q=1&r=2. (https://x.example/y) done'));
    expect(html).toContain(
      '<a href="https://example.com/a_b_(c)?q=1&amp;r=2">https://example.com/a_b_(c)?q=1&amp;r=2</a>.',
    );
    expect(html).toContain('(<a href="https://x.example/y">https://x.example/y</a>)');
  });

  it('escapes URL-like text that GitHub would not link, and never links other schemes', () => {
    for (const text of [
      'javascript:alert(1)',
      'https://_[x](javascript:alert(1))',
      'xhttps://a.example/*b*',
      'data:text/html,<b>',
    ]) {
      const html = renderGfm(escapeMarkdown(text));
      expect(tagNames(html)).toEqual(['p']);
      expect(visibleText(html).trim()).toBe(text);
    }
  });

  it('does not let a URL smuggle in a link with other text', () => {
    const html = renderGfm(escapeMarkdown('https://x.example/[Approve](https://evil.example)'));
    expect(html.match(/<a /g)?.length ?? 0).toBeLessThanOrEqual(1);
    expect(html).not.toMatch(/>Approve</);
  });

  it('cuts the raw text before escaping, so no entity or escape is split', () => {
    expect(escapeMarkdown('&&&&&&', { maxLength: 3 })).toBe('&amp;&amp;…');
    expect(escapeMarkdown('****', { maxLength: 2 })).toBe('\\*…');
    const long = 'x'.repeat(100_000);
    expect(escapeMarkdown(long, { maxLength: 500 })).toHaveLength(500);
  });
});

describe('escapeTableCell and table', () => {
  it.each(HOSTILE_STRINGS.map((s) => [s]))('keeps the table shape with %j in every cell', (text) => {
    const html = renderGfm(table(['first', 'second', 'third'], [[text, text, 'end']]));
    expect(html.match(/<tr>/g)).toHaveLength(2);
    const cells = [...html.matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((m) => m[1] as string);
    expect(cells).toHaveLength(3);
    expect(withoutZeroWidthSpaces(visibleText(cells[0] as string))).toBe(expectedInline(text));
    expect(cells[2]).toBe('end');
  });

  it('caps a cell at 1,000 code points by default', () => {
    expect(escapeTableCell('y'.repeat(5_000))).toHaveLength(1_000);
  });

  it('leaves a leading minus alone in a cell (no block can start there)', () => {
    expect(escapeTableCell('-3 ms')).toBe('-3 ms');
  });
});

describe('codeSpan', () => {
  it.each(HOSTILE_STRINGS.filter((s) => expectedInline(s) !== '').map((s) => [s]))(
    'shows %j verbatim (line breaks as spaces) inside one code element',
    (text) => {
      const html = renderGfm(codeSpan(text));
      expect(tagNames(html)).toEqual(['p', 'code']);
      const shown = visibleText(html.replace(/^<p><code>|<\/code><\/p>\n?$/g, ''));
      // Same text as collapsing line breaks gives, without trimming (code keeps spaces).
      const collapsed = sanitizeText(text)
        .replace(/[ \t]*\n\s*/g, ' ')
        .replace(/\t/g, ' ');
      expect(shown).toBe(collapsed);
    },
  );

  it('picks a fence longer than any backtick run inside', () => {
    expect(codeSpan('a ``` b')).toBe('````a ``` b````');
    expect(codeSpan('`x`')).toBe('`` `x` ``');
    expect(codeSpan('')).toBe('` `');
  });

  it('keeps pipes inside a code span in a table cell', () => {
    const html = renderGfm(table(['code'], [[markdown(codeSpan('a | b `c`'))]]));
    expect(html).toContain('<code>a | b `c`</code>');
  });

  it('does not ping from inside code', () => {
    const html = renderGfm(codeSpan('@octocat <b>'));
    expect(html).toBe('<p><code>@octocat &lt;b&gt;</code></p>');
  });
});

describe('codeBlock', () => {
  it.each(HOSTILE_STRINGS.map((s) => [s]))('keeps %j inside one fenced block', (text) => {
    const html = renderGfm(codeBlock(text, { language: 'text' }));
    expect(tagNames(html)).toEqual(['pre', 'code']);
    const body = html.replace(/^<pre><code class="language-text">/, '').replace(/<\/code><\/pre>\n?$/, '');
    let expected = sanitizeText(text).replace(/\t/g, '    ');
    if (!expected.endsWith('\n')) expected += '\n';
    expect(visibleText(body)).toBe(expected);
  });

  it('uses a fence longer than any run of backticks, at least three', () => {
    expect(codeBlock('x')).toBe('```\nx\n```');
    expect(codeBlock('````\ny')).toBe('`````\n````\ny\n`````');
  });

  it('reduces the language to a safe info string', () => {
    expect(codeBlock('x', { language: 'js`onload=1 x' })).toBe('```jsonload1x\nx\n```');
  });
});

describe('safeUrl and safeLink', () => {
  it('accepts only absolute http and https URLs', () => {
    for (const bad of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      'data:text/html,x',
      'vbscript:x',
      '/relative',
      '//evil.example/x',
      'mailto:a@b.example',
      'not a url',
    ]) {
      expect(safeUrl(bad)).toBeUndefined();
    }
    expect(safeUrl('https://example.com/x')).toBe('https://example.com/x');
  });

  it('drops credentials and encodes characters that would end the destination', () => {
    expect(safeUrl('https://user:secret@example.com/a b(c)|d\\e')).toBe('https://example.com/a%20b%28c%29%7Cd/e');
  });

  it('renders a link only for a safe URL, with escaped text', () => {
    expect(safeLink('[x](y) @me', 'https://example.com')).toBe(
      `[\\[x\\]\\(y\\) @${ZERO_WIDTH_SPACE}me](https://example.com/)`,
    );
    expect(safeLink('click', 'javascript:alert(1)')).toBe('click');
    expect(safeLink('', 'https://example.com/')).toBe('[https://example.com/](https://example.com/)');
    const html = renderGfm(safeLink('a) b', 'https://example.com/p)q'));
    expect(html).toBe('<p><a href="https://example.com/p%29q">a) b</a></p>');
  });
});

describe('escapeHtml', () => {
  it('escapes ampersands first so entities are shown, not decoded', () => {
    expect(escapeHtml('&lt;<>')).toBe('&amp;lt;&lt;&gt;');
  });
});
