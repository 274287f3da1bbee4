import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import type { PhaseResult } from '../../../shared/result/phase-result.js';
import { toJUnitXml } from '../../../shared/render/junit.js';
import { escapeXmlAttribute, escapeXmlText, stripInvalidXmlChars } from '../../../shared/render/xml-escape.js';
import { baseResult, HOSTILE_STRINGS, hostileResult, manyFindings } from './render-fixtures.js';

interface ParsedCase {
  '@_classname': string;
  '@_name': string;
  '@_time': string;
  failure?: { '@_message': string; '@_type': string; '#text'?: string } | string;
  skipped?: { '@_message': string } | string;
  'system-out'?: string;
}

interface ParsedSuite {
  '@_name': string;
  '@_tests': string;
  '@_failures': string;
  '@_errors': string;
  '@_skipped': string;
  '@_time': string;
  testcase: ParsedCase[];
}

const parser = new XMLParser({
  ignoreAttributes: false,
  parseAttributeValue: false,
  parseTagValue: false,
  trimValues: false,
  processEntities: true,
  // Decode numeric character references too (`&#10;` in attributes).
  htmlEntities: true,
  isArray: (name) => name === 'testsuite' || name === 'testcase' || name === 'property',
});

function parse(xml: string): {
  testsuites: {
    '@_tests': string;
    '@_failures': string;
    '@_skipped': string;
    '@_time': string;
    testsuite: ParsedSuite[];
  };
} {
  const valid = XMLValidator.validate(xml);
  expect(valid).toBe(true);
  return parser.parse(xml) as ReturnType<typeof parse>;
}

function allCases(suites: ParsedSuite[]): ParsedCase[] {
  return suites.flatMap((suite) => suite.testcase);
}

describe('toJUnitXml', () => {
  it('is well-formed and its counts match its test cases', () => {
    const results: PhaseResult[] = [
      baseResult({ findings: manyFindings(50) }),
      baseResult({ phase: 'deploy', status: 'success', score: 1, metrics: [] }),
      baseResult({
        phase: 'dr-drill',
        status: 'not_assessed',
        score: null,
        metrics: [],
        summary: 'no backup configured',
      }),
    ];
    const doc = parse(toJUnitXml(results));
    const suites = doc.testsuites.testsuite;
    expect(suites).toHaveLength(3);
    for (const suite of suites) {
      expect(Number(suite['@_tests'])).toBe(suite.testcase.length);
      expect(Number(suite['@_failures'])).toBe(suite.testcase.filter((c) => c.failure !== undefined).length);
      expect(Number(suite['@_skipped'])).toBe(suite.testcase.filter((c) => c.skipped !== undefined).length);
      expect(suite['@_errors']).toBe('0');
    }
    const cases = allCases(suites);
    expect(Number(doc.testsuites['@_tests'])).toBe(cases.length);
    expect(Number(doc.testsuites['@_failures'])).toBe(cases.filter((c) => c.failure !== undefined).length);
    expect(Number(doc.testsuites['@_skipped'])).toBe(cases.filter((c) => c.skipped !== undefined).length);
  });

  it('has a status case, one case per metric, and one per finding at or above the level', () => {
    const findings = manyFindings(50); // 10 of each severity
    const xml = toJUnitXml([baseResult({ findings })]);
    const suite = parse(xml).testsuites.testsuite[0] as ParsedSuite;
    const byClass = (suffix: string): ParsedCase[] => suite.testcase.filter((c) => c['@_classname'].endsWith(suffix));
    expect(suite.testcase[0]?.['@_name']).toBe('status');
    expect(suite.testcase[0]?.failure).toBeDefined();
    expect(byClass('.metrics')).toHaveLength(3);
    expect(byClass('.findings')).toHaveLength(20); // critical and high, the default level
    const medium = parse(toJUnitXml([baseResult({ findings })], { findingsAtLeast: 'medium' })).testsuites.testsuite[0];
    expect(medium?.testcase.filter((c) => c['@_classname'].endsWith('.findings'))).toHaveLength(30);
  });

  it('fails a failed metric, skips an unassessed one with its reason, and passes the rest', () => {
    const suite = parse(toJUnitXml([baseResult()])).testsuites.testsuite[0] as ParsedSuite;
    const metric = (name: string): ParsedCase => suite.testcase.find((c) => c['@_name'] === name) as ParsedCase;
    expect(metric('new_line_coverage').failure).toMatchObject({
      '@_message': 'new_line_coverage = 71.4%, threshold >= 80%',
      '@_type': 'threshold',
    });
    expect(metric('security_hotspots_reviewed').skipped).toMatchObject({ '@_message': 'not assessed: no token' });
    expect(metric('new_duplicated_lines').failure).toBeUndefined();
    expect(metric('new_duplicated_lines').skipped).toBeUndefined();
  });

  it('skips the status case of a phase that was not assessed, and never passes it', () => {
    const suite = parse(toJUnitXml([baseResult({ status: 'not_assessed', score: null, summary: 'no token' })]))
      .testsuites.testsuite[0] as ParsedSuite;
    expect(suite.testcase[0]?.skipped).toMatchObject({ '@_message': 'not assessed: no token' });
  });

  it('writes times in seconds', () => {
    const doc = parse(
      toJUnitXml([baseResult(), baseResult({ timings: { startedAt: 'x', finishedAt: 'y', durationMs: 1_234 } })]),
    );
    expect(doc.testsuites.testsuite.map((s) => s['@_time'])).toEqual(['90.500', '1.234']);
    expect(doc.testsuites['@_time']).toBe('91.734');
  });

  it('survives hostile text everywhere, keeping what XML can carry', () => {
    const xml = toJUnitXml([hostileResult()], { findingsAtLeast: 'info', name: 'suite <&> "quoted" ]]>' });
    expect(xml).not.toContain(']]>');
    // eslint-disable-next-line no-control-regex
    expect(xml).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/);
    const doc = parse(xml);
    const cases = allCases(doc.testsuites.testsuite);
    expect(cases.filter((c) => c['@_classname'].endsWith('.findings'))).toHaveLength(HOSTILE_STRINGS.length);
    const text = JSON.stringify(doc);
    expect(text).toContain('<script>alert(1)</script>');
    expect(text).toContain('👨‍👩‍👧‍👦');
    expect(text).toContain('@octocat please look');
    expect(text).toContain('a | b | c');
    expect(text).toContain(']]> and <![CDATA[x]]>');
  });

  it('handles an empty list', () => {
    const doc = parse(toJUnitXml([]));
    expect(doc.testsuites['@_tests']).toBe('0');
  });
});

describe('XML escaping', () => {
  it('removes characters XML 1.0 cannot carry, even as references', () => {
    expect(stripInvalidXmlChars('a\u0000b\u0008c\u000Bd\u001Fe\uFFFEf\uFFFFg\uD800h')).toBe('abcdefgh');
    expect(stripInvalidXmlChars('tab\tnl\ncr\r 😀 \u0085 \uE000')).toBe('tab\tnl\ncr\r 😀 \u0085 \uE000');
  });

  it('escapes text so that no markup or CDATA end survives', () => {
    expect(escapeXmlText('<a>&]]>')).toBe('&lt;a&gt;&amp;]]&gt;');
  });

  it('escapes attributes, keeping tabs and line breaks as references', () => {
    expect(escapeXmlAttribute(`"'<&>\t\n\r`)).toBe('&quot;&apos;&lt;&amp;&gt;&#9;&#10;&#13;');
    const doc = parser.parse(`<x a="${escapeXmlAttribute('line1\nline2')}"/>`) as { x: { '@_a': string } };
    expect(doc.x['@_a']).toBe('line1\nline2');
  });
});
