import type { PhaseResult, Status, Tier } from '../../../shared/result/phase-result.js';
import { UserError } from '../../../shared/runtime/errors.js';
import { DEFAULT_READINESS_WEIGHTS } from '../../../shared/config/defaults.js';
import { SCORED_PHASES, type ScoredPhase } from '../../../shared/config/vocabulary.js';

/**
 * The production readiness score: a weighted mean over the phases that SHOULD have run.
 *
 * A phase that did not run, or ran but could not assess, contributes 0 and is listed as
 * "not assessed": readiness can never exceed the share of the pipeline that was actually
 * checked. That is deliberate; the alternative (averaging only what ran) turns a skipped DR drill
 * into a higher score.
 */

/** The phases a full pipeline runs, in pipeline order: every phase but the report itself. */
export const READINESS_PHASES = SCORED_PHASES;
export type ReadinessPhase = ScoredPhase;

/** Default weights, kept with the configuration defaults so `elder.yml` and the action agree. */
export const DEFAULT_WEIGHTS: Readonly<Record<ReadinessPhase, number>> = DEFAULT_READINESS_WEIGHTS;

/** The specification's acceptance bar: readiness score > 0.95. */
export const DEFAULT_FAIL_UNDER = 0.95;

export interface PhaseRow {
  phase: ReadinessPhase;
  weight: number;
  status: Status;
  /** null when not assessed. */
  score: number | null;
  summary: string;
  /** The phase's headline: its first metric, by convention of every engine. */
  keyFigure?: { name: string; value: number | null; unit: string };
  checkRunUrl?: string;
  /** How many result files fed this row (several gates or matrix legs). */
  sources: number;
  criticalFindings: number;
}

export interface Readiness {
  environment: string;
  tier: Tier;
  score: number;
  /** Share of total weight whose phase was assessed (0..1). */
  coverage: number;
  failUnder: number;
  status: Status;
  rows: PhaseRow[];
  reasons: string[];
}

const STATUS_RANK: Record<Status, number> = { failure: 3, not_assessed: 2, neutral: 1, success: 0 };

export function worstStatus(statuses: Status[]): Status {
  return statuses.reduce<Status>((worst, s) => (STATUS_RANK[s] > STATUS_RANK[worst] ? s : worst), 'success');
}

/** Parses `deploy=3, quality-gate=2` (input or config) into weights; errors name the source. */
export function parseWeights(text: string, where: string): Partial<Record<ReadinessPhase, number>> {
  const weights: Partial<Record<ReadinessPhase, number>> = {};
  for (const part of text
    .split(/[\n,]/)
    .map((p) => p.trim())
    .filter(Boolean)) {
    const match = /^([a-z-]+)\s*[=:]\s*([0-9]*\.?[0-9]+)$/.exec(part);
    if (!match) throw new UserError(`expected phase=weight, got '${part.slice(0, 80)}'`, where);
    const phase = match[1] as ReadinessPhase;
    if (!(READINESS_PHASES as readonly string[]).includes(phase)) {
      throw new UserError(`unknown phase '${phase}'; phases are ${READINESS_PHASES.join(', ')}`, where);
    }
    weights[phase] = Number(match[2]);
  }
  return weights;
}

export interface ComputeOptions {
  environment: string;
  tier?: Tier;
  weights?: Partial<Record<ReadinessPhase, number>>;
  failUnder?: number;
  /** Phases expected to run; the others are left out of the score entirely. Default: all six. */
  expected?: readonly ReadinessPhase[];
}

export function computeReadiness(results: readonly PhaseResult[], options: ComputeOptions): Readiness {
  const weights = { ...DEFAULT_WEIGHTS, ...options.weights };
  const expected = options.expected ?? READINESS_PHASES;
  const failUnder = options.failUnder ?? DEFAULT_FAIL_UNDER;
  const mine = results.filter((r) => r.environment === options.environment && r.phase !== 'report');
  const tier = options.tier ?? mine[0]?.tier ?? 'production';

  const rows: PhaseRow[] = expected.map((phase) => rowFor(phase, weights[phase], mine));
  const totalWeight = rows.reduce((sum, row) => sum + row.weight, 0);
  const earned = rows.reduce((sum, row) => sum + row.weight * (row.score ?? 0), 0);
  const assessedWeight = rows.reduce((sum, row) => sum + (row.status === 'not_assessed' ? 0 : row.weight), 0);
  const score = totalWeight > 0 ? earned / totalWeight : 0;
  const coverage = totalWeight > 0 ? assessedWeight / totalWeight : 0;

  const reasons: string[] = [];
  for (const row of rows) {
    if (row.status === 'failure') reasons.push(`${row.phase} failed: ${row.summary}`);
    else if (row.status === 'not_assessed') reasons.push(`${row.phase} was not assessed`);
  }
  if (score < failUnder) reasons.unshift(`readiness ${fmt(score)} is below the bar of ${fmt(failUnder)}`);

  let status: Status;
  if (assessedWeight === 0) status = 'not_assessed';
  else if (rows.some((r) => r.status === 'failure') || score < failUnder) status = 'failure';
  else status = 'success';

  return { environment: options.environment, tier, score, coverage, failUnder, status, rows, reasons };
}

function rowFor(phase: ReadinessPhase, weight: number, results: readonly PhaseResult[]): PhaseRow {
  const mine = results.filter((r) => r.phase === phase);
  if (mine.length === 0) {
    return {
      phase,
      weight,
      status: 'not_assessed',
      score: null,
      summary: 'did not run',
      sources: 0,
      criticalFindings: 0,
    };
  }
  const status = worstStatus(mine.map((r) => r.status));
  const scored = mine.filter((r) => r.status !== 'not_assessed' && r.score !== null);
  // A phase made of several results (gates, matrix legs) is only as ready as its weakest part.
  const score = scored.length === 0 ? null : Math.min(...scored.map((r) => r.score as number));
  const headline = mine.find((r) => r.status === status) ?? mine[0];
  const first = headline?.metrics[0];
  return {
    phase,
    weight,
    status,
    score,
    summary: mine.length === 1 ? (mine[0]?.summary ?? '') : `${mine.length} results; worst: ${headline?.summary ?? ''}`,
    keyFigure: first ? { name: first.name, value: first.value, unit: first.unit } : undefined,
    checkRunUrl: headline?.source?.checkRunUrl,
    sources: mine.length,
    criticalFindings: mine.reduce((n, r) => n + r.findings.filter((f) => f.severity === 'critical').length, 0),
  };
}

function fmt(score: number): string {
  return `${(score * 100).toFixed(1)} %`;
}
