/**
 * Inputs shared by the renderer tests: the hostile string corpus, a GFM renderer that
 * behaves like GitHub's (micromark with the GFM extensions, raw HTML allowed as GitHub
 * allows some), and PhaseResults built from hostile strings or in bulk.
 */
import { readFileSync } from 'node:fs';
import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';
import type { Finding, PhaseResult, Severity, Verdict } from '../../../shared/result/phase-result.js';

const corpusFile = new URL('../../fixtures/render/hostile-strings.json', import.meta.url);

/** Untrusted strings every renderer must survive. */
export const HOSTILE_STRINGS: readonly string[] = (
  JSON.parse(readFileSync(corpusFile, 'utf8')) as { strings: string[] }
).strings;

/** Markdown to HTML as GitHub would render it, with raw HTML passed through. */
export function renderGfm(markdown: string): string {
  return micromark(markdown, { allowDangerousHtml: true, extensions: [gfm()], htmlExtensions: [gfmHtml()] });
}

/** The text a reader sees in an HTML fragment: tags removed, entities decoded. */
export function visibleText(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(parseInt(dec, 10)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** Names of the HTML elements in a fragment, e.g. `['p', 'a']`. */
export function tagNames(html: string): string[] {
  return [...html.matchAll(/<([a-zA-Z][a-zA-Z0-9-]*)/g)].map((m) => (m[1] as string).toLowerCase());
}

/** What the renderers promise to keep of a string: sanitised, one line, trimmed. */
export function expectedInline(text: string): string {
  return (
    text
      .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
      .replace(/\r\n?/g, '\n')
      // Control characters are what this line is about.
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g, '')
      .replace(/[\u202A-\u202E\u2066-\u2069]/g, '\uFFFD')
      .replace(/[ \t]*\n\s*/g, ' ')
      .replace(/\t/g, ' ')
      .trim()
  );
}

export function withoutZeroWidthSpaces(text: string): string {
  return text.replace(/\u200B/g, '');
}

const SEVERITY_CYCLE: Severity[] = ['info', 'low', 'medium', 'high', 'critical'];
const VERDICT_CYCLE: Verdict[] = ['pass', 'fail', 'marginal', 'inconclusive', 'not_assessed'];

export function baseResult(overrides: Partial<PhaseResult> = {}): PhaseResult {
  return {
    schemaVersion: 1,
    phase: 'quality-gate',
    environment: 'production',
    tier: 'production',
    status: 'failure',
    score: 0.625,
    summary: 'coverage on new code is below the threshold',
    metrics: [
      {
        name: 'new_line_coverage',
        value: 71.4,
        unit: '%',
        threshold: { operator: '>=', value: 80 },
        verdict: 'fail',
        delta: -2.5,
        detail: 'lines added by the pull request',
      },
      { name: 'new_duplicated_lines', value: 1.2, unit: '%', threshold: { operator: '<=', value: 3 }, verdict: 'pass' },
      { name: 'security_hotspots_reviewed', value: null, unit: '%', verdict: 'not_assessed', detail: 'no token' },
    ],
    findings: [],
    evidence: [
      { name: 'coverage report', path: 'coverage/lcov.info', sha256: 'a'.repeat(64), bytes: 20_480 },
      { name: 'run log', path: 'https://example.com/logs/1', sha256: 'b'.repeat(64) },
    ],
    timings: {
      startedAt: '2026-11-25T10:00:00.000Z',
      finishedAt: '2026-11-25T10:01:30.500Z',
      durationMs: 90_500,
      steps: [{ name: 'coverage', durationMs: 60_000 }],
    },
    tool: { name: 'ancient-elder', version: '0.1.0' },
    source: { repository: 'acme/shop', commit: '0123456789abcdef0123456789abcdef01234567', ref: 'refs/pull/7/merge' },
    ...overrides,
  };
}

/** `count` findings cycling through severities, files and lines; every 7th on a changed line. */
export function manyFindings(count: number, message = (i: number) => `finding number ${i}`): Finding[] {
  const findings: Finding[] = [];
  for (let i = 0; i < count; i++) {
    findings.push({
      ruleId: `rule/r${i % 13}`,
      severity: SEVERITY_CYCLE[i % SEVERITY_CYCLE.length] as Severity,
      message: message(i),
      location: { file: `src/module-${i % 97}/file-${i}.ts`, line: (i % 500) + 1, column: (i % 40) + 1 },
      onChangedLine: i % 7 === 0,
      ...(i % 11 === 0 ? { controls: ['iso_27001:A.8.32', 'soc_2:CC8.1'] } : {}),
    });
  }
  return findings;
}

/** One finding per hostile string, in every field a renderer shows. */
export function hostileFindings(): Finding[] {
  return HOSTILE_STRINGS.map((text, i) => ({
    ruleId: `hostile/${i}-${text.slice(0, 20)}`,
    severity: SEVERITY_CYCLE[i % SEVERITY_CYCLE.length] as Severity,
    message: text,
    location: {
      file: `dir ${i}/${text.slice(0, 30) || 'empty'}.ts`,
      line: i + 1,
      column: 2,
      endLine: i + 1,
      endColumn: 4,
    },
    evidence: text,
    help: text,
    controls: [text.slice(0, 10) || 'none'],
    onChangedLine: i % 3 === 0,
  }));
}

/** A result whose every free-text field holds hostile strings. */
export function hostileResult(): PhaseResult {
  const sample = HOSTILE_STRINGS.join(' ');
  return baseResult({
    environment: 'prod <script> @octocat | x',
    key: 'gate `x` #1',
    summary: sample,
    metrics: HOSTILE_STRINGS.map((text, i) => ({
      name: `m${i} ${text.slice(0, 20)}`,
      value: i % 4 === 0 ? null : i * 1.5,
      unit: i % 2 === 0 ? 'ms' : text.slice(0, 5),
      threshold: { operator: '<', value: 10 },
      verdict: VERDICT_CYCLE[i % VERDICT_CYCLE.length] as Verdict,
      detail: text,
    })),
    findings: hostileFindings(),
    evidence: HOSTILE_STRINGS.slice(0, 10).map((text) => ({ name: text, path: text, sha256: 'c'.repeat(64) })),
    tool: { name: 'ancient <elder>', version: '1.0.0-@beta' },
  });
}
