/**
 * Escaping of untrusted text (finding messages, file names, PR titles, tool output) for
 * GitHub-flavoured markdown, so that what a tool printed is shown as text and never acts as
 * markup: no HTML tags or comments (a `<!--` would hide the rest of a comment, a `<details>`
 * would restructure it), no pings, no broken tables, no links to anything but http(s).
 *
 * Every function here takes raw text. Callers truncate *before* escaping (the `maxLength`
 * options do that), so a cut never lands inside an entity or after a lone backslash.
 *
 * References that GitHub links on its own, and what we do about them:
 * - `@user` and `@org/team` mentions notify people: a zero-width space goes after the `@`.
 * - `#123`, `owner/repo#123` and `GH-123` create cross-references in the named issue's
 *   timeline: a zero-width space goes after the `#` or the `GH-`.
 * - Bare commit SHAs and http(s) URLs are still auto-linked; they notify no one and point
 *   only at http(s) targets, so they are left as they are (see `autolinkPart`).
 */
import { truncateCodePoints } from './truncate.js';

/** Invisible, and breaks GitHub's mention and issue-reference patterns. */
export const ZERO_WIDTH_SPACE = '\u200B';

export interface EscapeOptions {
  /** Cut the raw text to this many code points (with an ellipsis) before escaping. */
  maxLength?: number;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// C0 and C1 controls except tab, line feed and carriage return (handled by the callers).
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
// Bidirectional embeddings, overrides and isolates: they make text display in an order other
// than the one it is read in ("Trojan Source"); replaced visibly rather than removed silently.
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;

/**
 * Text made safe to embed anywhere: well-formed UTF-16 (lone surrogates become U+FFFD),
 * no control characters, no bidi overrides, `\r\n` and `\r` normalised to `\n`.
 */
export function sanitizeText(text: string): string {
  return text
    .replace(LONE_SURROGATE, '\uFFFD')
    .replace(/\r\n?/g, '\n')
    .replace(CONTROL_CHARACTERS, '')
    .replace(BIDI_CONTROLS, '\uFFFD');
}

/** `&`, `<` and `>` as entities, so no tag, comment or entity of the input survives as markup. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Inserts a zero-width space after `@` and `#` (and `GH-`) where GitHub would link or ping. */
export function neutralizeReferences(text: string): string {
  return text
    .replace(/@(?=[A-Za-z0-9])/g, `@${ZERO_WIDTH_SPACE}`)
    .replace(/#(?=\d)/g, `#${ZERO_WIDTH_SPACE}`)
    .replace(/\b(GH-)(?=\d)/gi, `$1${ZERO_WIDTH_SPACE}`);
}

// Characters with an inline meaning in GFM, wherever they stand: code, emphasis,
// strikethrough, links and images, table pipes, math (`$`), and the backslash itself.
const INLINE_MARKDOWN = /[\\`*_[\]()!~|$]/g;

function prepare(text: string, options: EscapeOptions): string {
  const cut = options.maxLength === undefined ? text : truncateCodePoints(text, options.maxLength);
  return sanitizeText(cut);
}

/** Any run of whitespace that contains a line break becomes one space. */
function collapseLineBreaks(text: string): string {
  return text.replace(/[ \t]*\n[\s]*/g, ' ').replace(/\t/g, ' ');
}

/**
 * Untrusted text as inline markdown that renders as exactly that text. Line breaks are
 * collapsed to spaces: a message is one line in a list, a paragraph or a table, and a line
 * break could otherwise start a heading, a quote or a new table row. Multi-line output
 * (logs, diffs) belongs in `codeBlock`.
 */
export function escapeMarkdown(text: string, options: EscapeOptions = {}): string {
  // Block markers only act at the start of a line; the caller may put this text there.
  // (`>` needs no backslash: it becomes `&gt;`, and an entity never starts a block quote.)
  return escapeInline(text, options)
    .replace(/^([#+\-=])/, '\\$1')
    .replace(/^(\d+)([.)])/, '$1\\$2');
}

/** The inline part of `escapeMarkdown`: what is needed where no block can start. */
function escapeInline(text: string, options: EscapeOptions): string {
  const input = collapseLineBreaks(prepare(text, options)).trim();
  let out = '';
  let last = 0;
  for (const match of input.matchAll(URL_CANDIDATE)) {
    const url = autolinkPart(match[0]);
    if (url === '') continue;
    // The trailing punctuation GitHub leaves outside the link goes out unescaped too: a
    // backslash there would be pulled into the link, and none of it can start markup (see
    // TRAILING_PUNCTUATION: no bracket, `<` or backtick; an entity only ever yields text).
    out += escapePlain(input.slice(last, match.index)) + match[0];
    last = match.index + match[0].length;
  }
  return out + escapePlain(input.slice(last));
}

function escapePlain(text: string): string {
  return neutralizeReferences(escapeHtml(text.replace(INLINE_MARKDOWN, '\\$&')));
}

/*
 * URLs in untrusted text stay clickable. GitHub turns `http://`, `https://` and `www.` text
 * into links by itself, taking everything up to whitespace or `<` and then dropping trailing
 * punctuation; inside such a link nothing is markup, and a backslash escape would end up in
 * the link target. So the part GitHub will link is passed through as it is — but only when
 * its domain is one GitHub's autolinker certainly accepts, otherwise it is escaped like any
 * text. The candidate also stops at a backtick, `|`, `\\`, `[` and `]`, which are escaped as
 * text (and so at worst show a backslash inside the link): no implementation's idea of where
 * a link ends can then leave a link opener unescaped.
 */
const URL_CANDIDATE = /(?:(?<![A-Za-z0-9])https?:\/\/|(?<![^\s(*_~])www\.)[^\s<>`|\\[\]]+/gi;
const AUTOLINK_DOMAIN = /^(?:https?:\/\/)?[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+(?::\d+)?(?:[/?#]|$)/i;
// The union of what cmark-gfm and micromark leave outside an autolink at its end.
const TRAILING_PUNCTUATION = /[?!.,:;*_~'"]+$/;
const TRAILING_ENTITY = /&[A-Za-z0-9#]+;$/;

/** The prefix of `candidate` that GitHub will autolink, or '' if it will not link it. */
function autolinkPart(candidate: string): string {
  let url = candidate;
  for (;;) {
    let trimmed = url.replace(TRAILING_PUNCTUATION, '').replace(TRAILING_ENTITY, '');
    if (trimmed.endsWith(')') && count(trimmed, '(') < count(trimmed, ')')) trimmed = trimmed.slice(0, -1);
    if (trimmed === url) break;
    url = trimmed;
  }
  return AUTOLINK_DOMAIN.test(url) ? url : '';
}

function count(text: string, character: string): number {
  let n = 0;
  for (const c of text) if (c === character) n++;
  return n;
}

/**
 * Untrusted text for one cell of a GFM table: `|` escaped, line breaks collapsed, and a
 * default length cap because one enormous cell makes the whole table unreadable. A cell
 * holds no blocks, so line-start markers such as a leading `-` stay as they are.
 */
export function escapeTableCell(text: string, options: EscapeOptions = {}): string {
  return escapeInline(text, { maxLength: options.maxLength ?? 1_000 });
}

function longestRun(text: string, character: string): number {
  let longest = 0;
  let current = 0;
  for (const c of text) {
    current = c === character ? current + 1 : 0;
    if (current > longest) longest = current;
  }
  return longest;
}

/**
 * Untrusted text as an inline code span. The fence is one backtick longer than the longest
 * run of backticks inside, so no content can close it early; HTML and mentions inside a code
 * span are shown literally by GitHub. Line breaks become spaces (as CommonMark would render
 * them anyway), which also keeps a code span inside a table row on one line.
 */
export function codeSpan(text: string, options: EscapeOptions = {}): string {
  const content = collapseLineBreaks(prepare(text, options));
  if (content === '') return '` `';
  const fence = '`'.repeat(longestRun(content, '`') + 1);
  // CommonMark strips one space from each side when both are present, and content that
  // starts or ends with a backtick would merge with the fence: padding covers both cases.
  // (All-space content is never stripped, so it needs no padding.)
  const needsPadding = /^[` ]|[` ]$/.test(content) && !/^ +$/.test(content);
  return needsPadding ? `${fence} ${content} ${fence}` : `${fence}${content}${fence}`;
}

export interface CodeBlockOptions extends EscapeOptions {
  /** Info string, e.g. `mermaid`, `json`; reduced to letters, digits and `+-._`. */
  language?: string;
}

/**
 * Untrusted multi-line text as a fenced code block whose fence is longer than any run of
 * backticks inside it (at least three), so the content cannot close the block.
 */
export function codeBlock(text: string, options: CodeBlockOptions = {}): string {
  let content = prepare(text, options).replace(/\t/g, '    ');
  if (!content.endsWith('\n')) content += '\n';
  const fence = '`'.repeat(Math.max(3, longestRun(content, '`') + 1));
  const language = (options.language ?? '').replace(/[^A-Za-z0-9+._-]/g, '');
  return `${fence}${language}\n${content}${fence}`;
}

/** Longest URL we will put in a link; longer ones are shown as text. */
const MAX_URL_LENGTH = 4_096;

/**
 * The URL, normalised, when it is an absolute http or https URL; otherwise undefined (so
 * `javascript:`, `data:`, relative and malformed URLs are never linked). Credentials are
 * dropped, and the characters that could end a markdown link destination or a table cell
 * (`(`, `)`, `|`, `\`, spaces) are percent-encoded.
 */
export function safeUrl(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
  parsed.username = '';
  parsed.password = '';
  const href = parsed.href.replace(
    /[()|\\\s<>"'`]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
  );
  return href.length <= MAX_URL_LENGTH ? href : undefined;
}

/**
 * A markdown link when `url` is a safe http(s) URL, otherwise just the escaped text: a link
 * to anything else is never rendered.
 */
export function safeLink(text: string, url: string | undefined, options: EscapeOptions = {}): string {
  const href = url === undefined ? undefined : safeUrl(url);
  const label = escapeMarkdown(text, options);
  if (href === undefined) return label;
  return `[${label === '' ? escapeMarkdown(href) : label}](${href})`;
}
