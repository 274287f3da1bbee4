/**
 * All at once, for development tiers: start the candidate at full size, check its health, move
 * all traffic in one route change. The schema refuses it for production-grade tiers.
 */
import type { RolloutPlan, Strategy, StrategyInput } from './strategy.js';

export const allAtOnceStrategy: Strategy = {
  name: 'all_at_once',
  plan(input: StrategyInput): RolloutPlan {
    const { candidate, stableInstances } = input;
    return {
      strategy: 'all_at_once',
      extraRoles: ['candidate'],
      steps: [
        {
          name: 'switch 100 %',
          weight: 100,
          analysisSeconds: 0,
          comparedShare: 0,
          async run(ctx) {
            await ctx.startRole('candidate', candidate, stableInstances);
            await ctx.checkHealth('candidate', candidate.version, stableInstances);
            await ctx.setRoute({ weights: { candidate: 100 } });
            return { note: 'health checked; not judged (all_at_once)' };
          },
        },
      ],
    };
  },
};
