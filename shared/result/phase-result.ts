/**
 * The PhaseResult: the one contract every phase engine returns and every renderer,
 * publisher and the readiness report consume. It is plain JSON so that results written by
 * one job (or one matrix leg) can be read by another, and it is versioned so that a report
 * built by a newer release can still read what an older one wrote.
 *
 * The JSON Schema for this shape is `phase-result.schema.json` beside this file; a test keeps
 * the two in step.
 */

/** Bumped on any change that an older reader could misread. */
export const PHASE_RESULT_SCHEMA_VERSION = 1 as const;

export const PHASES = [
  'provision',
  'integrate',
  'deploy',
  'quality-gate',
  'compliance-audit',
  'dr-drill',
  'report',
] as const;
export type Phase = (typeof PHASES)[number];

export const TIERS = ['development', 'staging', 'pre_production', 'production', 'disaster_recovery'] as const;
export type Tier = (typeof TIERS)[number];

/**
 * `not_assessed` is a first-class outcome: a phase that did not run, or could not look (no
 * token permission, no data), says so. It is never rendered or scored as a pass.
 */
export const STATUSES = ['success', 'failure', 'neutral', 'not_assessed'] as const;
export type Status = (typeof STATUSES)[number];

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** pass / fail from a threshold; marginal and inconclusive come from statistical judges. */
export const VERDICTS = ['pass', 'marginal', 'fail', 'inconclusive', 'not_assessed'] as const;
export type Verdict = (typeof VERDICTS)[number];

export const OPERATORS = ['<', '<=', '>', '>=', '==', '!='] as const;
export type Operator = (typeof OPERATORS)[number];

export interface Threshold {
  operator: Operator;
  value: number;
}

export interface Metric {
  /** Stable machine name, e.g. `new_line_coverage`, `p95_latency_ms`. */
  name: string;
  /** Null when it could not be measured; the verdict is then `inconclusive` or `not_assessed`. */
  value: number | null;
  /** e.g. `%`, `ms`, `req/s`, `s`, `count`, `ratio`. */
  unit: string;
  threshold?: Threshold;
  verdict: Verdict;
  /** Value minus the same metric's value on the base branch, when known. */
  delta?: number;
  /** One sentence on how it was measured or why it is not assessed. */
  detail?: string;
}

export interface Location {
  /** Repository-relative path with forward slashes. */
  file: string;
  line?: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
}

export interface Finding {
  /** Stable rule id, e.g. `workflow/unpinned-action`. */
  ruleId: string;
  severity: Severity;
  message: string;
  location?: Location;
  /** Short excerpt or measured value that backs the finding. */
  evidence?: string;
  /** Controls this finding bears on, e.g. `iso_27001:A.8.32`, `soc_2:CC8.1`. */
  controls?: string[];
  /** True when the finding touches lines changed by the pull request. */
  onChangedLine?: boolean;
  /** Stable across runs for the same problem, used for de-duplication and SARIF fingerprints. */
  fingerprint?: string;
  /** Remediation hint shown next to the finding. */
  help?: string;
}

export interface Evidence {
  /** What this artifact is, e.g. `coverage report`, `pg_basebackup manifest`. */
  name: string;
  /** Path relative to the workspace, or a URL. */
  path: string;
  /** Lower-case hex sha256 of the file's bytes. */
  sha256: string;
  bytes?: number;
}

export interface Timings {
  /** ISO 8601 instants. */
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  /** Named spans inside the phase, e.g. `{ name: 'restore', durationMs: 8200 }`. */
  steps?: { name: string; durationMs: number }[];
}

export interface ToolInfo {
  name: string;
  version: string;
}

export interface PhaseResult {
  schemaVersion: typeof PHASE_RESULT_SCHEMA_VERSION;
  phase: Phase;
  environment: string;
  tier: Tier;
  status: Status;
  /** 0..1; null when not assessed. */
  score: number | null;
  /** One line, plain text, no markdown. */
  summary: string;
  metrics: Metric[];
  findings: Finding[];
  evidence: Evidence[];
  timings: Timings;
  tool: ToolInfo;
  /** Where it ran: commit, ref, run URL. Optional for local CLI runs. */
  source?: {
    repository?: string;
    commit?: string;
    ref?: string;
    runUrl?: string;
    checkRunUrl?: string;
  };
  /** Sub-key for matrix legs or gates, e.g. quality gate name. */
  key?: string;
  /** Phase-specific structured detail; renderers ignore what they do not know. */
  details?: Record<string, unknown>;
}
