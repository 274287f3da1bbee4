/**
 * Blue-green: green (the candidate) starts at full size beside blue (stable); requests carrying
 * the preview header reach green so smoke checks and analysis run before any user sees it; then
 * all traffic switches at once. Blue keeps running for the rollback window, during which green's
 * live traffic is compared with blue's sample from the preview phase; a failure switches back in
 * one route change. Afterwards the controller's promotion retires blue.
 */
import type { RoleSample } from '../metrics/role-sample.js';
import type { RouteTable } from '../model/roles.js';
import type { RolloutPlan, Strategy, StrategyInput } from './strategy.js';

export const PREVIEW_VALUE = 'candidate';

export const blueGreenStrategy: Strategy = {
  name: 'blue_green',
  plan(input: StrategyInput): RolloutPlan {
    const { settings, candidate, stableInstances } = input;
    const header = settings.blueGreen.previewHeader;
    let blueReference: RoleSample | undefined;
    const preview: RouteTable = {
      weights: { stable: 100 },
      match: [{ role: 'candidate', header: { name: header, value: PREVIEW_VALUE } }],
    };
    return {
      strategy: 'blue_green',
      extraRoles: ['candidate'],
      steps: [
        {
          name: 'preview green',
          weight: 0,
          analysisSeconds: settings.stepIntervalSeconds,
          comparedShare: 0.05,
          async run(ctx) {
            await ctx.startRole('candidate', candidate, stableInstances);
            await ctx.checkHealth('candidate', candidate.version, stableInstances);
            await ctx.setRoute(preview);
            let note = `preview route: header ${header}: ${PREVIEW_VALUE}`;
            if (ctx.smoke) {
              const smoke = await ctx.smoke({ [header]: PREVIEW_VALUE });
              note += `; smoke checks ${smoke.ok} ok, ${smoke.failed} failed`;
              if (smoke.failed > 0)
                throw new Error(`green failed ${smoke.failed} smoke check(s) through the preview route`);
            }
            const { verdict, samples } = await ctx.observe({
              seconds: settings.stepIntervalSeconds,
              candidate: 'candidate',
              baseline: 'stable',
            });
            blueReference = samples.stable;
            return verdict ? { verdict, note } : { note };
          },
        },
        {
          name: 'switch to green',
          weight: 100,
          analysisSeconds: settings.blueGreen.rollbackWindowSeconds,
          comparedShare: 1,
          async run(ctx) {
            await ctx.setRoute({ weights: { candidate: 100 } });
            const note = `blue kept for the rollback window (${settings.blueGreen.rollbackWindowSeconds} s)`;
            const { verdict } = await ctx.observe({
              seconds: settings.blueGreen.rollbackWindowSeconds,
              candidate: 'candidate',
              // Blue serves nothing now: compare with what it served during the preview.
              baseline: blueReference ?? 'stable',
            });
            return verdict ? { verdict, note } : { note };
          },
        },
      ],
    };
  },
};
