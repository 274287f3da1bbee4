/**
 * A/B testing: variant A (stable) and variant B (the candidate) serve side by side. Users are
 * assigned by a hash of their id header (sticky: a user keeps their variant), and testers can
 * force B with a header or cookie set to `b`. The experiment runs for one step interval per step
 * below 100; B is rolled out to everyone only when it is not worse than A, and the report carries
 * a per-variant significance table built from the judge's evidence.
 */
import type { JudgeVerdict } from '../analysis/judge-contract.js';
import type { RouteMatch, RouteTable } from '../model/roles.js';
import type { RolloutPlan, Strategy, StrategyInput } from './strategy.js';
import { assertSteps } from './step-validation.js';

export const FORCE_VALUE = 'b';

export interface SignificanceRow {
  metric: string;
  unit: string;
  variantA: number | null;
  variantB: number | null;
  effect: number | null;
  interval?: [number, number];
  pValue?: number;
  /** p-value below alpha: the difference is unlikely to be chance. */
  significant: boolean;
  samplesA: number;
  samplesB: number;
  verdict: string;
}

export function significanceReport(verdict: JudgeVerdict, alpha: number): SignificanceRow[] {
  return verdict.metrics.map((m) => {
    const row: SignificanceRow = {
      metric: m.metric,
      unit: m.unit,
      variantA: m.baseline,
      variantB: m.candidate,
      effect: m.effect,
      significant: m.pValue !== undefined && m.pValue < alpha,
      samplesA: m.baselineN,
      samplesB: m.candidateN,
      verdict: m.verdict,
    };
    if (m.interval) row.interval = m.interval;
    if (m.pValue !== undefined) row.pValue = m.pValue;
    return row;
  });
}

export function abRoute(input: StrategyInput, variantWeight: number): RouteTable {
  const ab = input.settings.abTesting;
  const match: RouteMatch[] = [];
  if (ab.header) match.push({ role: 'candidate', header: { name: ab.header, value: FORCE_VALUE } });
  if (ab.cookie) match.push({ role: 'candidate', cookie: { name: ab.cookie, value: FORCE_VALUE } });
  const route: RouteTable = {
    weights: { stable: 100 - variantWeight, candidate: variantWeight },
    sticky: { header: ab.userIdHeader },
  };
  if (match.length > 0) route.match = match;
  return route;
}

export const abTestingStrategy: Strategy = {
  name: 'a_b_testing',
  plan(input: StrategyInput): RolloutPlan {
    const { settings, candidate, stableInstances } = input;
    assertSteps(settings.steps);
    const variantWeight = settings.abTesting.variantWeight;
    const experimentSteps = Math.max(1, settings.steps.length - 1);
    const seconds = settings.stepIntervalSeconds * experimentSteps;
    const report: Record<string, unknown> = { variantWeight, assignment: `hash of ${settings.abTesting.userIdHeader}` };
    return {
      strategy: 'a_b_testing',
      extraRoles: ['candidate'],
      report,
      steps: [
        {
          name: `experiment: B to ${variantWeight} % of users`,
          weight: variantWeight,
          analysisSeconds: seconds,
          comparedShare: Math.min(variantWeight, 100 - variantWeight) / 100,
          async run(ctx) {
            const instances = Math.max(1, Math.ceil((stableInstances * variantWeight) / 100));
            await ctx.startRole('candidate', candidate, instances);
            await ctx.checkHealth('candidate', candidate.version, instances);
            await ctx.setRoute(abRoute(input, variantWeight));
            const { verdict } = await ctx.observe({ seconds, candidate: 'candidate', baseline: 'stable' });
            if (verdict) report['significance'] = significanceReport(verdict, settings.analysis.alpha);
            return verdict ? { verdict, note: 'sticky per user' } : { note: 'sticky per user' };
          },
        },
        {
          name: 'roll out B to everyone',
          weight: 100,
          analysisSeconds: 0,
          comparedShare: 0,
          async run(ctx) {
            await ctx.scaleRole('candidate', stableInstances);
            await ctx.checkHealth('candidate', candidate.version, stableInstances);
            await ctx.setRoute({ weights: { candidate: 100 } });
            return { note: 'B was not worse than A' };
          },
        },
      ],
    };
  },
};
