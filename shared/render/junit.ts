/**
 * PhaseResults as JUnit XML, for the test reporters and dashboards that already read it:
 * `<testsuites>` with one `<testsuite>` per phase result. Each suite has
 * - a `status` test case carrying the phase verdict (failed when the phase failed, skipped
 *   when it was not assessed), so the verdict survives even a phase without metrics;
 * - one test case per metric (failure when its verdict is `fail`, skipped when it is
 *   `inconclusive` or `not_assessed`, passed with a note when `marginal`);
 * - one failing test case per finding at or above the configured severity.
 * Test case names are stable across runs (metric name, rule and location) so that reporters
 * can track history. Times are in seconds.
 */
import type { Finding, Metric, PhaseResult, Severity } from '../result/phase-result.js';
import { rankFindings, severityAtLeast } from './finding-order.js';
import { formatMetricValue, formatThreshold, phaseTitle, statusWord, verdictWord } from './format.js';
import { locationLabel } from './source-link.js';
import { truncateCodePoints } from './truncate.js';
import { escapeXmlText, xmlAttributes } from './xml-escape.js';

export interface JUnitOptions {
  /** Findings of this severity or worse become failing test cases; defaults to `high`. */
  findingsAtLeast?: Severity;
  /** Name of the `<testsuites>` element. */
  name?: string;
}

/** Attribute texts longer than this are cut: reporters show them on one line. */
const MAX_ATTRIBUTE_LENGTH = 1_000;

interface TestCase {
  classname: string;
  name: string;
  time: number;
  outcome:
    | { kind: 'passed'; note?: string }
    | { kind: 'failure'; type: string; message: string; body: string }
    | { kind: 'skipped'; message: string };
}

function seconds(milliseconds: number): string {
  return (Number.isFinite(milliseconds) && milliseconds > 0 ? milliseconds / 1_000 : 0).toFixed(3);
}

function short(text: string): string {
  return truncateCodePoints(text.replace(/\s+/g, ' ').trim(), MAX_ATTRIBUTE_LENGTH);
}

function suiteName(result: PhaseResult): string {
  const place = [result.environment, result.key].filter((p): p is string => !!p).join(', ');
  return place === '' ? phaseTitle(result.phase) : `${phaseTitle(result.phase)} (${place})`;
}

function classPrefix(result: PhaseResult): string {
  const parts = ['elder', result.phase, result.environment, result.key].filter((p): p is string => !!p);
  return parts.map((p) => p.replace(/[^A-Za-z0-9_-]+/g, '_')).join('.');
}

function statusCase(result: PhaseResult, classname: string): TestCase {
  const base = { classname, name: 'status', time: result.timings.durationMs };
  const message = `${statusWord(result.status)}: ${result.summary}`;
  switch (result.status) {
    case 'failure':
      return {
        ...base,
        outcome: { kind: 'failure', type: 'phase-failed', message: short(message), body: result.summary },
      };
    case 'not_assessed':
      return { ...base, outcome: { kind: 'skipped', message: short(message) } };
    default:
      return { ...base, outcome: { kind: 'passed', note: message } };
  }
}

function metricCase(metric: Metric, classname: string): TestCase {
  const base = { classname, name: metric.name, time: 0 };
  const measured = `${metric.name} = ${formatMetricValue(metric)}, threshold ${formatThreshold(metric.threshold, metric.unit)}`;
  const detail = metric.detail ?? '';
  switch (metric.verdict) {
    case 'fail':
      return { ...base, outcome: { kind: 'failure', type: 'threshold', message: short(measured), body: detail } };
    case 'inconclusive':
    case 'not_assessed':
      return {
        ...base,
        outcome: { kind: 'skipped', message: short(`${verdictWord(metric.verdict)}: ${detail || measured}`) },
      };
    case 'marginal':
      return { ...base, outcome: { kind: 'passed', note: `marginal: ${measured}${detail ? `. ${detail}` : ''}` } };
    case 'pass':
      return { ...base, outcome: { kind: 'passed', note: measured } };
  }
}

function findingCase(finding: Finding, classname: string): TestCase {
  const where = finding.location === undefined ? '' : ` at ${locationLabel(finding.location)}`;
  const body = [
    finding.evidence && `Evidence: ${finding.evidence}`,
    finding.help && `How to fix: ${finding.help}`,
    finding.controls && finding.controls.length > 0 && `Controls: ${finding.controls.join(', ')}`,
  ]
    .filter((line): line is string => typeof line === 'string' && line !== '')
    .join('\n');
  return {
    classname,
    name: short(`${finding.ruleId}${where}`),
    time: 0,
    outcome: { kind: 'failure', type: finding.severity, message: short(finding.message), body },
  };
}

function renderCase(testCase: TestCase): string {
  const open = `    <testcase${xmlAttributes({ classname: testCase.classname, name: testCase.name, time: seconds(testCase.time) })}`;
  const outcome = testCase.outcome;
  switch (outcome.kind) {
    case 'passed':
      return outcome.note === undefined
        ? `${open}/>\n`
        : `${open}>\n      <system-out>${escapeXmlText(outcome.note)}</system-out>\n    </testcase>\n`;
    case 'skipped':
      return `${open}>\n      <skipped${xmlAttributes({ message: outcome.message })}/>\n    </testcase>\n`;
    case 'failure':
      return (
        `${open}>\n      <failure${xmlAttributes({ message: outcome.message, type: outcome.type })}>` +
        `${escapeXmlText(outcome.body)}</failure>\n    </testcase>\n`
      );
  }
}

interface SuiteTotals {
  tests: number;
  failures: number;
  skipped: number;
  time: number;
}

function renderSuite(result: PhaseResult, minimum: Severity): { xml: string; totals: SuiteTotals } {
  const prefix = classPrefix(result);
  const cases: TestCase[] = [
    statusCase(result, prefix),
    ...result.metrics.map((metric) => metricCase(metric, `${prefix}.metrics`)),
    ...rankFindings(result.findings)
      .filter((finding) => severityAtLeast(finding.severity, minimum))
      .map((finding) => findingCase(finding, `${prefix}.findings`)),
  ];
  const totals: SuiteTotals = {
    tests: cases.length,
    failures: cases.filter((c) => c.outcome.kind === 'failure').length,
    skipped: cases.filter((c) => c.outcome.kind === 'skipped').length,
    time: result.timings.durationMs,
  };
  const properties = [
    ['phase', result.phase],
    ['environment', result.environment],
    ['tier', result.tier],
    ['status', result.status],
    ['score', result.score === null ? 'not assessed' : String(result.score)],
    ['tool', `${result.tool.name} ${result.tool.version}`],
    ['commit', result.source?.commit],
  ]
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([name, value]) => `      <property${xmlAttributes({ name, value: short(value) })}/>\n`)
    .join('');
  const open = `  <testsuite${xmlAttributes({
    name: suiteName(result),
    tests: totals.tests,
    failures: totals.failures,
    errors: 0,
    skipped: totals.skipped,
    time: seconds(totals.time),
    timestamp: result.timings.startedAt,
  })}>\n`;
  const xml = `${open}    <properties>\n${properties}    </properties>\n${cases.map(renderCase).join('')}  </testsuite>\n`;
  return { xml, totals };
}

export function toJUnitXml(results: readonly PhaseResult[], options: JUnitOptions = {}): string {
  const minimum = options.findingsAtLeast ?? 'high';
  const suites = results.map((result) => renderSuite(result, minimum));
  const sum = (key: keyof SuiteTotals): number => suites.reduce((total, suite) => total + suite.totals[key], 0);
  const open = `<testsuites${xmlAttributes({
    name: options.name ?? 'Ancient Elder',
    tests: sum('tests'),
    failures: sum('failures'),
    errors: 0,
    skipped: sum('skipped'),
    time: seconds(sum('time')),
  })}>\n`;
  return `<?xml version="1.0" encoding="UTF-8"?>\n${open}${suites.map((s) => s.xml).join('')}</testsuites>\n`;
}
