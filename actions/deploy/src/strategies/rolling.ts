/**
 * Rolling: replace stable's instances with the candidate's in batches (the configured steps as
 * shares of `rolling.instances`), never running more than instances + max_surge nor fewer ready
 * than instances - max_unavailable. Each batch is health-checked, traffic follows the instance
 * counts, and while both versions serve the candidate is judged against stable.
 */
import { UserError } from '../../../../shared/runtime/errors.js';
import type { PlanStep, RolloutPlan, StepContext, Strategy, StrategyInput } from './strategy.js';
import { assertSteps, weights } from './step-validation.js';

export const rollingStrategy: Strategy = {
  name: 'rolling',
  plan(input: StrategyInput): RolloutPlan {
    const { settings, stable, candidate } = input;
    const { instances, maxSurge, maxUnavailable } = settings.rolling;
    assertSteps(settings.steps);
    if (maxSurge === 0 && maxUnavailable === 0) {
      throw new UserError(
        'max_surge and max_unavailable cannot both be 0: no batch could ever move',
        'phases.deploy.rolling',
      );
    }
    const counts = { stable: input.stableInstances, candidate: 0 };
    const steps: PlanStep[] = settings.steps.map((percent) => {
      const target = Math.max(1, Math.ceil((instances * percent) / 100));
      const share = Math.round((100 * target) / instances);
      return {
        name: `rolling ${target}/${instances} instances`,
        weight: Math.min(100, share),
        analysisSeconds: target < instances ? settings.stepIntervalSeconds : 0,
        comparedShare: Math.min(target, instances - target) / instances,
        async run(ctx) {
          await moveTo(ctx, target);
          if (counts.stable === 0) return { note: 'all instances replaced; health checked' };
          const { verdict } = await ctx.observe({
            seconds: settings.stepIntervalSeconds,
            candidate: 'candidate',
            baseline: 'stable',
          });
          return verdict ? { verdict } : {};
        },
      };
    });

    /** Batches within surge/unavailability limits until the candidate has `target` instances. */
    async function moveTo(ctx: StepContext, target: number): Promise<void> {
      const stableTarget = instances - target;
      while (counts.candidate < target || counts.stable > stableTarget) {
        const up = Math.min(target - counts.candidate, instances + maxSurge - (counts.stable + counts.candidate));
        if (up > 0) {
          const next = counts.candidate + up;
          if (counts.candidate === 0) await ctx.startRole('candidate', candidate, next);
          else await ctx.scaleRole('candidate', next);
          await ctx.checkHealth('candidate', candidate.version, next);
          counts.candidate = next;
          await ctx.setRoute(routeFor(counts));
        }
        const down = Math.min(
          counts.stable - stableTarget,
          counts.stable + counts.candidate - (instances - maxUnavailable),
        );
        if (down > 0) {
          const next = counts.stable - down;
          // Traffic leaves the instances before they stop.
          await ctx.setRoute(routeFor({ stable: next, candidate: counts.candidate }));
          if (next === 0) await ctx.stopRole('stable');
          else await ctx.scaleRole('stable', next);
          counts.stable = next;
          if (next > 0) await ctx.checkHealth('stable', stable.version, next);
        }
        if (up <= 0 && down <= 0) throw new Error('internal: rolling batch cannot move');
      }
    }

    return { strategy: 'rolling', extraRoles: ['candidate'], steps };
  },
};

function routeFor(counts: { stable: number; candidate: number }) {
  const total = counts.stable + counts.candidate;
  const candidateWeight = total === 0 ? 0 : Math.round((100 * counts.candidate) / total);
  return { weights: weights({ stable: 100 - candidateWeight, candidate: candidateWeight }) };
}
