/**
 * What to fix to pass a failed gate: files and lines, ordered by impact, each item naming the
 * conditions it helps pass. Only conditions that fail the gate produce items (a waived
 * condition does not block, so it asks for nothing).
 *
 * Order, most urgent first (within a kind, by severity, then by size, then by file and line):
 * 1. missing inputs: until a required report or measurement exists, nothing else can pass;
 * 2. measurements over their thresholds (the deployment-time gates);
 * 3. failing tests: broken behaviour;
 * 4. vulnerable packages, critical first, with the version that fixes them;
 * 5. findings, by severity;
 * 6. uncovered lines, grouped into ranges per file, the file with most uncovered new lines first;
 * 7. flaky tests.
 */
import { SEVERITIES, type Severity } from '../../../../shared/result/phase-result.js';
import { formatNumber } from '../../../../shared/render/format.js';
import { LineRanges, type LineRange } from '../diff/line-ranges.js';
import { displayTestName } from '../flaky/test-identity.js';
import type { ClassifiedTest } from '../flaky/test-classifier.js';
import type { Vulnerability } from '../model.js';
import { isAddedLine } from '../diff/changed-lines.js';
import { satisfies } from './compare.js';
import type { Condition } from './condition.js';
import type { ConditionResult, GateEvaluation } from './evaluate-gate.js';
import type { CoverageView, GateFinding, GateInputs } from './gate-inputs.js';
import { newCodeCoverage } from './measure-coverage.js';
import { findingsOf } from './measure-findings.js';
import { vulnerabilitiesOf } from './measure-vulnerabilities.js';
import { percent, plural } from './measurement.js';
import { findingOnChangedLine, isNewFailingTest } from './new-code.js';

export type RemediationKind =
  'missing_input' | 'metric' | 'failing_test' | 'vulnerability' | 'finding' | 'uncovered_lines' | 'flaky_test';

export interface RemediationItem {
  kind: RemediationKind;
  /** Names of the failing conditions this item helps pass. */
  helps: string[];
  /** One imperative line, e.g. `cover 12 new lines of src/a.ts`. */
  title: string;
  detail?: string;
  file?: string;
  line?: number;
  /** Uncovered lines as inclusive ranges. */
  ranges?: LineRange[];
  severity?: Severity;
  /** Size within its kind: uncovered lines, advisories in a package... */
  weight: number;
  /** Whether it lies on lines the change added (annotations on changed lines go first). */
  onChangedLine?: boolean;
}

export interface RemediationPlan {
  items: RemediationItem[];
  /** Items past `maxItems`, counted so the renderer can say "N more". */
  omitted: number;
  /** Plan-wide sentences, e.g. how many more new lines need a test. */
  notes: string[];
}

const KIND_ORDER: readonly RemediationKind[] = [
  'missing_input',
  'metric',
  'failing_test',
  'vulnerability',
  'finding',
  'uncovered_lines',
  'flaky_test',
];

export function remediationPlan(
  evaluation: GateEvaluation,
  inputs: GateInputs,
  options: { maxItems?: number } = {},
): RemediationPlan {
  const failing = evaluation.conditions.filter((result) => result.blocking);
  const items: RemediationItem[] = [
    ...missingInputs(evaluation, failing),
    ...metricItems(failing),
    ...testItems(failing, inputs),
    ...vulnerabilityItems(failing, inputs),
    ...findingItems(failing, inputs),
    ...coverageItems(failing, inputs),
  ];
  items.sort(byImpact);
  const maxItems = options.maxItems ?? 200;
  return {
    items: items.slice(0, maxItems),
    omitted: Math.max(0, items.length - maxItems),
    notes: coverageNeeds(failing),
  };
}

function byImpact(a: RemediationItem, b: RemediationItem): number {
  return (
    KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) ||
    severityRank(a.severity) - severityRank(b.severity) ||
    b.weight - a.weight ||
    (a.file ?? '').localeCompare(b.file ?? '') ||
    (a.line ?? 0) - (b.line ?? 0)
  );
}

function severityRank(severity: Severity | undefined): number {
  return severity === undefined ? SEVERITIES.length : SEVERITIES.indexOf(severity);
}

function names(results: readonly ConditionResult[]): string[] {
  return results.map((result) => result.condition.name);
}

function missingInputs(evaluation: GateEvaluation, failing: readonly ConditionResult[]): RemediationItem[] {
  const items: RemediationItem[] = evaluation.missingReports.map(({ kind, reason }) => ({
    kind: 'missing_input',
    helps: names(failing.filter((result) => result.condition.source === kind)),
    title: `provide the ${kind} report the ${evaluation.gate} gate requires`,
    detail: reason,
    weight: 1,
  }));
  const reported = new Set(evaluation.missingReports.map((missing) => missing.kind as string));
  for (const result of failing) {
    if (!result.failedClosed || reported.has(result.condition.source)) continue;
    items.push({
      kind: 'missing_input',
      helps: [result.condition.name],
      title:
        result.condition.source === 'metrics'
          ? `pass in a value for ${result.condition.metric}`
          : `make the ${result.condition.source} report cover ${result.condition.name}`,
      detail: result.detail,
      weight: 1,
    });
  }
  return items;
}

function metricItems(failing: readonly ConditionResult[]): RemediationItem[] {
  return failing
    .filter((result) => result.condition.source === 'metrics' && result.value !== null)
    .map((result) => ({
      kind: 'metric',
      helps: [result.condition.name],
      title: `bring ${result.condition.metric} from ${formatNumber(result.value, result.unit)} to ${result.condition.operator} ${formatNumber(result.condition.threshold, result.unit)}`,
      detail: result.detail,
      weight: 1,
    }));
}

function ofSource(failing: readonly ConditionResult[], source: Condition['source']): ConditionResult[] {
  return failing.filter((result) => result.condition.source === source && !result.failedClosed);
}

function inPath(result: ConditionResult, file: string | undefined): boolean {
  const path = result.condition.path;
  return path === undefined || (file !== undefined && path.matches(file));
}

function testItems(failing: readonly ConditionResult[], inputs: GateInputs): RemediationItem[] {
  const tests = inputs.tests;
  const conditions = ofSource(failing, 'tests');
  if (tests === undefined || conditions.length === 0) return [];
  const helpsFor = (test: ClassifiedTest): string[] =>
    names(
      conditions.filter((result) => {
        const { metric, scope } = result.condition;
        if (!inPath(result, test.record.file)) return false;
        if (test.outcome === 'flaky') return metric === 'flaky_tests' || metric === 'test_pass_rate';
        if (metric === 'failing_tests') return scope === 'overall' || isNewFailingTest(test, inputs.baseline);
        return metric === 'test_pass_rate';
      }),
    );
  const items: RemediationItem[] = [];
  for (const test of [...tests.failed, ...tests.flaky]) {
    const helps = helpsFor(test);
    if (helps.length === 0) continue;
    const { record } = test;
    const item: RemediationItem = {
      kind: test.outcome === 'failed' ? 'failing_test' : 'flaky_test',
      helps,
      title: `${test.outcome === 'failed' ? 'fix failing test' : 'stabilise flaky test'} ${displayTestName(record)}`,
      detail: testDetail(test),
      weight: 1,
    };
    if (record.file !== undefined) item.file = record.file;
    if (record.line !== undefined) item.line = record.line;
    if (record.file !== undefined && record.line !== undefined && inputs.changes !== undefined) {
      item.onChangedLine = isAddedLine(inputs.changes, record.file, record.line) === true;
    }
    items.push(item);
  }
  return items;
}

function testDetail(test: ClassifiedTest): string {
  const parts: string[] = [];
  if (test.record.message !== undefined) parts.push(test.record.message);
  if (test.carriedOver) parts.push(`failed in attempt ${test.attempt} and did not run again`);
  else if (test.failedInAttempts.length > 0) {
    parts.push(`failed in attempt ${test.failedInAttempts.join(', ')}, passed in attempt ${test.attempt}`);
  } else if (test.outcome === 'flaky') parts.push('passed only when the runner retried it');
  return parts.join('; ');
}

function vulnerabilityItems(failing: readonly ConditionResult[], inputs: GateInputs): RemediationItem[] {
  const vulnerabilities = inputs.vulnerabilities;
  if (vulnerabilities === undefined) return [];
  const byPackage = new Map<string, { found: Vulnerability[]; helps: Set<string> }>();
  for (const result of ofSource(failing, 'vulnerabilities')) {
    for (const vulnerability of vulnerabilitiesOf(result.condition, vulnerabilities, inputs.baseline) ?? []) {
      const key = `${vulnerability.manifest ?? ''}\u0000${vulnerability.package}`;
      const entry = byPackage.get(key) ?? { found: [], helps: new Set<string>() };
      if (!entry.found.includes(vulnerability)) entry.found.push(vulnerability);
      entry.helps.add(result.condition.name);
      byPackage.set(key, entry);
    }
  }
  return [...byPackage.values()].map(({ found, helps }) => {
    found.sort((a, b) => severityRank(a.severity) - severityRank(b.severity) || a.id.localeCompare(b.id));
    const first = found[0] as Vulnerability;
    const severity = first.severity;
    const item: RemediationItem = {
      kind: 'vulnerability',
      helps: [...helps],
      title: upgradeTitle(first.package, first.installedVersion, found),
      detail: found.map((v) => `${v.id}${v.title ? ` (${v.title})` : ''}`).join(', '),
      severity,
      weight: found.length,
    };
    if (first.manifest !== undefined) item.file = first.manifest;
    return item;
  });
}

/** The highest fixing version any advisory names is the one that fixes them all. */
function upgradeTitle(name: string, installed: string | undefined, found: readonly Vulnerability[]): string {
  const versions = found.map((v) => v.fixAvailable).filter((fix): fix is string => typeof fix === 'string');
  const from = installed === undefined ? '' : ` ${installed}`;
  if (versions.length > 0) {
    const target = versions.sort(compareVersions)[versions.length - 1];
    return `upgrade ${name}${from} to ${target} (fixes ${found.length} ${found.length === 1 ? 'advisory' : 'advisories'})`;
  }
  if (found.some((v) => v.fixAvailable === true)) return `upgrade ${name}${from}: a fixed version is available`;
  return `replace or patch ${name}${from}: no fixed version is known`;
}

function compareVersions(a: string, b: string): number {
  const parts = (v: string): number[] =>
    v
      .replace(/^v/, '')
      .split(/[.+-]/)
      .map((p) => Number.parseInt(p, 10) || 0);
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

function findingItems(failing: readonly ConditionResult[], inputs: GateInputs): RemediationItem[] {
  const findings = inputs.findings;
  if (findings === undefined) return [];
  const byFinding = new Map<GateFinding, Set<string>>();
  for (const result of ofSource(failing, 'findings')) {
    for (const finding of findingsOf(result.condition, findings, inputs.changes, inputs.baseline) ?? []) {
      const helps = byFinding.get(finding) ?? new Set<string>();
      helps.add(result.condition.name);
      byFinding.set(finding, helps);
    }
  }
  return [...byFinding].map(([finding, helps]) => {
    const item: RemediationItem = {
      kind: 'finding',
      helps: [...helps],
      title: `${finding.ruleId}: ${finding.message.split('\n')[0]?.slice(0, 300) ?? ''}`,
      severity: finding.severity,
      weight: 1,
    };
    if (finding.help !== undefined) item.detail = finding.help;
    if (finding.location?.file !== undefined) item.file = finding.location.file;
    if (finding.location?.line !== undefined) item.line = finding.location.line;
    if (inputs.changes !== undefined) item.onChangedLine = findingOnChangedLine(finding, inputs.changes) === true;
    return item;
  });
}

interface FileGaps {
  lines: Set<number>;
  newLines: Set<number>;
  helps: Set<string>;
}

function coverageItems(failing: readonly ConditionResult[], inputs: GateInputs): RemediationItem[] {
  const coverage = inputs.coverage;
  if (coverage === undefined) return [];
  const byFile = new Map<string, FileGaps>();
  const gapsOf = (file: string): FileGaps => {
    let gaps = byFile.get(file);
    if (gaps === undefined) {
      gaps = { lines: new Set(), newLines: new Set(), helps: new Set() };
      byFile.set(file, gaps);
    }
    return gaps;
  };
  for (const result of ofSource(failing, 'coverage')) {
    const branches = result.condition.metric === 'branch_coverage';
    const matches = result.condition.path?.matches ?? (() => true);
    if (result.condition.scope === 'new_code') {
      if (inputs.changes === undefined) continue;
      for (const [file, missed] of newCodeCoverage(coverage, inputs.changes, matches, branches).missed) {
        const gaps = gapsOf(file);
        for (const line of missed) {
          gaps.lines.add(line);
          gaps.newLines.add(line);
        }
        gaps.helps.add(result.condition.name);
      }
    } else {
      for (const file of coverage.paths().filter(matches)) {
        const missed = uncoveredLines(coverage, file, branches);
        if (missed.length === 0) continue;
        const gaps = gapsOf(file);
        for (const line of missed) gaps.lines.add(line);
        gaps.helps.add(result.condition.name);
      }
    }
  }
  return [...byFile].map(([file, gaps]) => {
    const newCount = gaps.newLines.size;
    const what = newCount > 0 ? `${plural(newCount, 'new line')}` : plural(gaps.lines.size, 'line');
    const extra = newCount > 0 && gaps.lines.size > newCount ? ` (and ${gaps.lines.size - newCount} older)` : '';
    const ranges = LineRanges.fromLines(gaps.lines).ranges;
    return {
      kind: 'uncovered_lines',
      helps: [...gaps.helps],
      title: `cover ${what}${extra} of ${file}`,
      file,
      line: ranges[0]?.[0] ?? 1,
      ranges: [...ranges],
      // Most uncovered new lines first; among files without new ones, most uncovered lines.
      weight: newCount * 1_000_000 + gaps.lines.size,
      onChangedLine: newCount > 0,
    };
  });
}

function uncoveredLines(coverage: CoverageView, file: string, branches: boolean): number[] {
  return coverage.executableLines(file).filter((line) => {
    if (!branches) return coverage.lineHits(file, line) === 0;
    const b = coverage.lineBranches(file, line);
    return b !== undefined && b.covered < b.total;
  });
}

/** "new_line_coverage: cover at least 12 more new lines of the 40 uncovered to reach >= 80 %". */
function coverageNeeds(failing: readonly ConditionResult[]): string[] {
  const notes: string[] = [];
  for (const result of ofSource(failing, 'coverage')) {
    const { part, whole } = result;
    if (part === undefined || whole === undefined || whole === 0) continue;
    const { operator, threshold, name, metric, scope } = result.condition;
    // Start from the arithmetic answer, then settle it against the same rounding the gate uses.
    let needed = Math.max(0, Math.ceil((threshold / 100) * whole - part));
    while (needed > 0 && satisfies(percent(part + needed - 1, whole), operator, threshold)) needed--;
    while (part + needed <= whole && !satisfies(percent(part + needed, whole), operator, threshold)) needed++;
    if (needed === 0 || part + needed > whole) continue; // covering more cannot pass it (e.g. operator <)
    const noun = metric === 'branch_coverage' ? 'branch' : scope === 'new_code' ? 'new line' : 'line';
    const nouns = noun === 'branch' ? 'branches' : `${noun}s`;
    notes.push(
      `${name}: cover at least ${needed} more ${needed === 1 ? noun : nouns} of the ${whole - part} uncovered ` +
        `to reach ${operator} ${formatNumber(threshold, '%')}`,
    );
  }
  return notes;
}
