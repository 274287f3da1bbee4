/**
 * The rollout's steps as a table and charts: per step its weight, verdict, and the judge's key
 * metric (the worst one) with baseline vs candidate, effect, confidence interval, sample sizes
 * and the rule that fired. Every value from the judge or the configuration is escaped by the
 * table helpers; the charts only carry numbers and sanitised labels.
 */
import { codeBlock } from '../../../../shared/render/escape.js';
import { markdown, tableHead, tableRow, type TableCell } from '../../../../shared/render/markdown-table.js';
import { mermaidNumber, mermaidString } from '../../../../shared/render/mermaid.js';
import type { MetricEvidence } from '../analysis/judge-contract.js';
import type { StepRecord } from '../engine/types.js';

export const STEP_TABLE_HEADER = [
  '#',
  'step',
  'weight',
  'verdict',
  'error rate (baseline → candidate)',
  'latency (baseline → candidate)',
  'key effect [CI]',
  'n (baseline / candidate)',
  'rule',
] as const;

const VERDICT_RANK: Record<string, number> = { fail: 0, inconclusive: 1, marginal: 2, pass: 3, not_assessed: 4 };

export function stepTableHead(): string {
  // Our own constant headers: trusted, so their parentheses and brackets are not escaped.
  return tableHead(
    STEP_TABLE_HEADER.map((h) => markdown(h)),
    ['right', 'left', 'right'],
  );
}

export function stepRow(step: StepRecord): string {
  const metrics = step.judge?.metrics ?? [];
  const errors = metrics.find((m) => m.metric === 'error_rate');
  const latency = metrics.find((m) => m.metric === 'latency');
  const key = keyMetric(metrics);
  const cells: TableCell[] = [
    step.index + 1,
    step.name,
    `${step.weight} %`,
    step.verdict,
    errors ? `${formatValue(errors.baseline, 'ratio')} → ${formatValue(errors.candidate, 'ratio')}` : '',
    latency ? `${formatValue(latency.baseline, 'ms')} → ${formatValue(latency.candidate, 'ms')}` : '',
    key ? `${key.metric}: ${effectText(key)}` : '',
    key ? `${key.baselineN} / ${key.candidateN}` : '',
    key?.rule ?? step.note ?? '',
  ];
  return tableRow(cells, STEP_TABLE_HEADER.length);
}

/** The metric that decided the step: the worst verdict, first in the judge's order on ties. */
export function keyMetric(metrics: readonly MetricEvidence[]): MetricEvidence | undefined {
  let key: MetricEvidence | undefined;
  for (const m of metrics) {
    if (!key || (VERDICT_RANK[m.verdict] ?? 9) < (VERDICT_RANK[key.verdict] ?? 9)) key = m;
  }
  return key;
}

export function formatValue(value: number | null, unit: 'ms' | 'ratio'): string {
  if (value === null || !Number.isFinite(value)) return 'n/a';
  return unit === 'ratio' ? `${(value * 100).toFixed(2)} %` : `${value.toFixed(1)} ms`;
}

/** Relative effects read best as percentages; an absolute latency shift stays in ms. */
export function effectText(m: MetricEvidence): string {
  if (m.relativeEffect !== undefined) {
    const ci = m.relativeInterval
      ? ` [${signedPercent(m.relativeInterval[0])}, ${signedPercent(m.relativeInterval[1])}]`
      : '';
    return `${signedPercent(m.relativeEffect)}${ci}`;
  }
  if (m.effect === null || !Number.isFinite(m.effect)) return 'n/a';
  const format = m.metric === 'error_rate' ? signedPercent : (v: number) => `${v >= 0 ? '+' : ''}${v.toFixed(1)} ms`;
  const ci = m.interval ? ` [${format(m.interval[0])}, ${format(m.interval[1])}]` : '';
  return `${format(m.effect)}${ci}`;
}

function signedPercent(value: number): string {
  if (!Number.isFinite(value)) return value > 0 ? '+∞' : value < 0 ? '-∞' : 'n/a';
  return `${value >= 0 ? '+' : ''}${(value * 100).toFixed(1)} %`;
}

/**
 * `xychart-beta` charts in mermaid fences: the candidate's traffic weight per step (bars) with
 * its error rate in percent (line), and baseline vs candidate latency. Only judged steps carry
 * metrics, so with any judged step the charts show those steps alone (a zero for an unjudged
 * step would read as a measurement); without one, only the weights. '' without steps.
 */
export function stepCharts(steps: readonly StepRecord[]): string {
  if (steps.length === 0) return '';
  const judged = steps.filter((s) => (s.judge?.metrics.length ?? 0) > 0);
  const shown = judged.length > 0 ? judged : steps;
  const labels = `[${shown.map((s) => mermaidString(`${s.index + 1} ${s.name}`, 24)).join(', ')}]`;
  const metric = (s: StepRecord, name: MetricEvidence['metric'], role: 'baseline' | 'candidate') => {
    const value = s.judge?.metrics.find((m) => m.metric === name)?.[role];
    return value === null || value === undefined || !Number.isFinite(value) ? 0 : value;
  };
  const errorPercent = shown.map((s) => metric(s, 'error_rate', 'candidate') * 100);
  const traffic = [
    'xychart-beta',
    `    title ${mermaidString(judged.length > 0 ? 'Candidate weight (bars) and error rate (line), %' : 'Candidate weight, %', 80)}`,
    `    x-axis ${labels}`,
    `    y-axis ${mermaidString('%')} 0 --> ${mermaidNumber(Math.max(100, ...errorPercent))}`,
    `    bar [${shown.map((s) => mermaidNumber(s.weight)).join(', ')}]`,
    ...(judged.length > 0 ? [`    line [${errorPercent.map(mermaidNumber).join(', ')}]`] : []),
  ].join('\n');
  const parts = [codeBlock(traffic, { language: 'mermaid' })];
  if (judged.some((s) => s.judge?.metrics.some((m) => m.metric === 'latency'))) {
    const baseline = judged.map((s) => metric(s, 'latency', 'baseline'));
    const candidate = judged.map((s) => metric(s, 'latency', 'candidate'));
    const latency = [
      'xychart-beta',
      `    title ${mermaidString('Latency per step, ms: baseline (bars), candidate (line)', 80)}`,
      `    x-axis ${labels}`,
      `    y-axis ${mermaidString('ms')} 0 --> ${mermaidNumber(Math.max(1, ...baseline, ...candidate) * 1.1)}`,
      `    bar [${baseline.map(mermaidNumber).join(', ')}]`,
      `    line [${candidate.map(mermaidNumber).join(', ')}]`,
    ].join('\n');
    parts.push(codeBlock(latency, { language: 'mermaid' }));
  }
  return parts.join('\n');
}
