/**
 * Runs the three rules on the same simulated rollouts of one cell (a traffic regime x a change)
 * and keeps mergeable sums, so that seeds can be split across worker threads.
 */
import { normalQuantile, normalSf } from '../../../actions/deploy/src/analysis/normal-distribution.js';
import type { Decision } from './decision.js';
import { decideFlagger } from './flagger-rule.js';
import { decideKayenta } from './kayenta-rule.js';
import { decideOurs } from './our-rule.js';
import { PLAN, SERVICE, type Cell, type Change, type RolloutPlan, type ServiceModel } from './scenario.js';
import { simulateRun, type SimulatedRun } from './simulated-service.js';

export const RULES = ['ours', 'kayenta', 'flagger'] as const;
export type RuleName = (typeof RULES)[number];

const DECIDE: Record<RuleName, (run: SimulatedRun, plan: RolloutPlan) => Decision> = {
  ours: decideOurs,
  kayenta: decideKayenta,
  flagger: decideFlagger,
};

export interface RuleStats {
  runs: number;
  rollbacks: number;
  /** Rollbacks at a look before a mid-run change began (not a detection of it). */
  rollbacksBeforeOnset: number;
  /** Rollbacks at or after the change's onset. */
  detections: number;
  /** Sum over detections of minutes from onset to rollback (the look interval included). */
  detectMinutesSum: number;
  badRequestsSum: number;
  promotions: number;
  promoteMinutesSum: number;
  /** Ours: promotions whose last look already said `pass` at some point, and the minutes to it. */
  earlyPassCount: number;
  earlyPassMinutesSum: number;
  /** The rule's last word on runs it promoted, e.g. ours: pass / marginal / inconclusive. */
  promotedStates: Record<string, number>;
}

export interface CellStats {
  regime: string;
  changeId: string;
  label: string;
  class: Change['class'];
  onsetLook: number;
  seeds: number;
  rules: Record<RuleName, RuleStats>;
}

function emptyRuleStats(): RuleStats {
  return {
    runs: 0,
    rollbacks: 0,
    rollbacksBeforeOnset: 0,
    detections: 0,
    detectMinutesSum: 0,
    badRequestsSum: 0,
    promotions: 0,
    promoteMinutesSum: 0,
    earlyPassCount: 0,
    earlyPassMinutesSum: 0,
    promotedStates: {},
  };
}

/**
 * Expected share of a changed candidate's requests that are bad because of the change: extra
 * errors over the baseline error rate, plus extra requests slower than the unchanged service's
 * p99 (beyond the 1 % that always are). Nuisances (bias, warm-up) are not the change's fault.
 */
export function excessBadShare(change: Change, service: ServiceModel = SERVICE): number {
  const p99 = service.medianMs * Math.exp(service.sigma * normalQuantile(0.99));
  const errors = Math.max(0, change.errorRate - service.errorRate);
  const zBody = Math.log(p99 / (service.medianMs * change.latencyFactor)) / change.sigma;
  const zTailStart = normalQuantile(1 - change.tailShare);
  const zTail = Math.log(p99 / (service.medianMs * change.latencyFactor * change.tailFactor)) / change.sigma;
  const slow = normalSf(Math.max(zTailStart, zTail)) + Math.max(0, normalSf(zBody) - normalSf(zTailStart));
  return errors + Math.max(0, slow - 0.01);
}

export function runCellSeeds(cell: Cell, seedFrom: number, seedTo: number, plan: RolloutPlan = PLAN): CellStats {
  const { change, regime } = cell;
  const stats: CellStats = {
    regime: regime.name,
    changeId: change.id,
    label: change.label,
    class: change.class,
    onsetLook: change.onsetLook,
    seeds: 0,
    rules: { ours: emptyRuleStats(), kayenta: emptyRuleStats(), flagger: emptyRuleStats() },
  };
  const excess = excessBadShare(change);
  const afterPromotion = plan.exposureAfterPromotionMinutes * 60 * regime.requestsPerSecond * excess;
  for (let seed = seedFrom; seed < seedTo; seed++) {
    // The same seed in every cell: common random numbers make the cells' differences sharper.
    const run = simulateRun(seed, { service: SERVICE, regime, plan, change });
    stats.seeds++;
    for (const rule of RULES) {
      const decision = DECIDE[rule](run, plan);
      const s = stats.rules[rule];
      s.runs++;
      let bad = 0;
      for (let look = change.onsetLook; look <= decision.look; look++) {
        bad += run.candidate[look - 1]!.latenciesMs.length * excess;
      }
      if (decision.action === 'rollback') {
        s.rollbacks++;
        if (decision.look < change.onsetLook) s.rollbacksBeforeOnset++;
        else {
          s.detections++;
          s.detectMinutesSum += decision.look - change.onsetLook + 1;
        }
      } else {
        bad += afterPromotion;
        s.promotions++;
        s.promoteMinutesSum += decision.look;
        s.promotedStates[decision.finalState] = (s.promotedStates[decision.finalState] ?? 0) + 1;
        if (decision.firstPassLook !== undefined) {
          s.earlyPassCount++;
          s.earlyPassMinutesSum += decision.firstPassLook;
        }
      }
      s.badRequestsSum += bad;
    }
  }
  return stats;
}

export function mergeCellStats(a: CellStats, b: CellStats): CellStats {
  const rules = {} as Record<RuleName, RuleStats>;
  for (const rule of RULES) {
    const x = a.rules[rule];
    const y = b.rules[rule];
    const states = { ...x.promotedStates };
    for (const [k, v] of Object.entries(y.promotedStates)) states[k] = (states[k] ?? 0) + v;
    rules[rule] = {
      runs: x.runs + y.runs,
      rollbacks: x.rollbacks + y.rollbacks,
      rollbacksBeforeOnset: x.rollbacksBeforeOnset + y.rollbacksBeforeOnset,
      detections: x.detections + y.detections,
      detectMinutesSum: x.detectMinutesSum + y.detectMinutesSum,
      badRequestsSum: x.badRequestsSum + y.badRequestsSum,
      promotions: x.promotions + y.promotions,
      promoteMinutesSum: x.promoteMinutesSum + y.promoteMinutesSum,
      earlyPassCount: x.earlyPassCount + y.earlyPassCount,
      earlyPassMinutesSum: x.earlyPassMinutesSum + y.earlyPassMinutesSum,
      promotedStates: states,
    };
  }
  return { ...a, seeds: a.seeds + b.seeds, rules };
}
