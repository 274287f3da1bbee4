/**
 * Words, icons and numbers as the renderers show them. Every status has an explicit word
 * next to its icon: an icon alone is lost on screen readers and in plain-text mail, and
 * "not assessed" must never be mistaken for a pass.
 */
import type { Metric, Phase, Severity, Status, Threshold, Verdict } from '../result/phase-result.js';

const STATUS_WORDS: Record<Status, string> = {
  success: 'passed',
  failure: 'failed',
  neutral: 'neutral',
  not_assessed: 'not assessed',
};

const STATUS_ICONS: Record<Status, string> = {
  success: '✅',
  failure: '❌',
  neutral: '➖',
  not_assessed: '❔',
};

const VERDICT_WORDS: Record<Verdict, string> = {
  pass: 'passed',
  marginal: 'marginal',
  fail: 'failed',
  inconclusive: 'inconclusive',
  not_assessed: 'not assessed',
};

const VERDICT_ICONS: Record<Verdict, string> = {
  pass: '✅',
  marginal: '⚠️',
  fail: '❌',
  inconclusive: '❔',
  not_assessed: '⚪',
};

const SEVERITY_ICONS: Record<Severity, string> = {
  critical: '🔴',
  high: '🟠',
  medium: '🟡',
  low: '🔵',
  info: '⚪',
};

const PHASE_TITLES: Record<Phase, string> = {
  provision: 'Provision',
  integrate: 'Integrate',
  deploy: 'Deploy',
  'quality-gate': 'Quality gate',
  'compliance-audit': 'Compliance audit',
  'dr-drill': 'DR drill',
  report: 'Readiness report',
};

export function statusWord(status: Status): string {
  return STATUS_WORDS[status];
}

export function statusIcon(status: Status): string {
  return STATUS_ICONS[status];
}

export function verdictWord(verdict: Verdict): string {
  return VERDICT_WORDS[verdict];
}

export function verdictIcon(verdict: Verdict): string {
  return VERDICT_ICONS[verdict];
}

export function severityIcon(severity: Severity): string {
  return SEVERITY_ICONS[severity];
}

export function phaseTitle(phase: Phase): string {
  return PHASE_TITLES[phase];
}

/**
 * A 0..1 score as a percentage. Fractions are cut, never rounded up, to one decimal, so
 * 0.9996 shows as 99.9% and only a perfect score shows as 100%. No score is "not assessed".
 */
export function formatScore(score: number | null | undefined): string {
  if (score === null || score === undefined || !Number.isFinite(score)) return 'not assessed';
  const tenths = Math.floor(Math.min(1, Math.max(0, score)) * 1000 + 1e-9);
  return tenths % 10 === 0 ? `${tenths / 10}%` : `${(tenths / 10).toFixed(1)}%`;
}

const WHOLE = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
const SMALL = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 3 });

/** A number in a fixed locale (so outputs do not depend on the runner's), unit attached. */
export function formatNumber(value: number | null | undefined, unit = ''): string {
  if (value === null || value === undefined || Number.isNaN(value)) return 'not measured';
  let digits: string;
  if (!Number.isFinite(value)) digits = value > 0 ? '∞' : '-∞';
  else if (value !== 0 && Math.abs(value) < 1) digits = SMALL.format(value);
  else digits = WHOLE.format(value);
  if (unit === '' || unit === 'count') return digits;
  if (unit === '%') return `${digits}%`;
  return `${digits} ${unit}`;
}

export function formatThreshold(threshold: Threshold | undefined, unit = ''): string {
  if (threshold === undefined) return '—';
  return `${threshold.operator} ${formatNumber(threshold.value, unit)}`;
}

/** A change against the base branch, always signed so that direction is unmistakable. */
export function formatDelta(delta: number | undefined, unit = ''): string {
  if (delta === undefined || Number.isNaN(delta)) return '—';
  if (delta === 0) return `±${formatNumber(0, unit)}`;
  return delta > 0 ? `+${formatNumber(delta, unit)}` : formatNumber(delta, unit);
}

/** Milliseconds as `1h 2m 3s`, `4m 5s`, `6.7s` or `89ms`. */
export function formatDuration(milliseconds: number): string {
  if (!Number.isFinite(milliseconds) || milliseconds < 0) return 'unknown';
  if (milliseconds < 1_000) return `${Math.round(milliseconds)}ms`;
  if (milliseconds < 60_000) return `${(Math.floor(milliseconds / 100) / 10).toString()}s`;
  const totalSeconds = Math.floor(milliseconds / 1_000);
  const hours = Math.floor(totalSeconds / 3_600);
  const minutes = Math.floor((totalSeconds % 3_600) / 60);
  const seconds = totalSeconds % 60;
  return hours > 0 ? `${hours}h ${minutes}m ${seconds}s` : `${minutes}m ${seconds}s`;
}

/** A byte count for people: `512 B`, `12.3 KiB`, `4.5 MiB`. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return 'unknown size';
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let index = 0;
  while (value >= 1024 && index < units.length - 1) {
    value /= 1024;
    index++;
  }
  return `${WHOLE.format(Math.round(value * 10) / 10)} ${units[index]}`;
}

/** A metric's value, e.g. `120 ms`, or `not measured` when it has none. */
export function formatMetricValue(metric: Metric): string {
  return formatNumber(metric.value, metric.unit);
}
