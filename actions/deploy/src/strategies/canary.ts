/**
 * Canary: the candidate takes 5 % -> 25 % -> 50 % -> 100 % of traffic (the configured steps), and
 * is judged at every step against a baseline: a fresh copy of stable started at the same moment
 * and given the same share, so both sides are equally young (Kayenta's pairing). Without a
 * baseline the candidate is compared with stable itself.
 */
import type { PlanStep, RolloutPlan, Strategy, StrategyInput } from './strategy.js';
import { assertSteps, weights } from './step-validation.js';

export const canaryStrategy: Strategy = {
  name: 'canary',
  plan(input: StrategyInput): RolloutPlan {
    const { settings, stable, candidate } = input;
    assertSteps(settings.steps);
    const useBaseline = settings.analysis.baseline;
    const steps: PlanStep[] = settings.steps.map((weight, index) => {
      // The baseline gets the candidate's share while stable can give it up.
      const baselineShare = useBaseline ? Math.min(weight, 100 - weight) : 0;
      const judged = weight < 100;
      return {
        name: `canary ${weight} %`,
        weight,
        analysisSeconds: judged ? settings.stepIntervalSeconds : 0,
        comparedShare: Math.min(weight, useBaseline ? baselineShare : 100 - weight) / 100,
        async run(ctx) {
          if (index === 0) {
            await ctx.startRole('candidate', candidate, 1);
            if (useBaseline) await ctx.startRole('baseline', stable, 1);
            await ctx.checkHealth('candidate', candidate.version, 1);
          }
          await ctx.setRoute({
            weights: weights({ stable: 100 - weight - baselineShare, baseline: baselineShare, candidate: weight }),
          });
          // At 100 % nothing is left to compare with; the earlier steps carried the evidence.
          if (!judged) return { note: 'all traffic on the candidate; judged by the previous steps' };
          const { verdict } = await ctx.observe({
            seconds: settings.stepIntervalSeconds,
            candidate: 'candidate',
            baseline: useBaseline ? 'baseline' : 'stable',
          });
          return verdict ? { verdict } : {};
        },
      };
    });
    return { strategy: 'canary', extraRoles: useBaseline ? ['candidate', 'baseline'] : ['candidate'], steps };
  },
};
