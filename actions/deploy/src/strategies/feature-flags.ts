/**
 * Feature flags: ship the candidate's code dark (flag at 0 %, all traffic on the candidate while
 * stable stays up as the fallback), record a dark reference sample, then raise the flag's rollout
 * percentage step by step, judging each step against the dark reference (a before/after
 * comparison, since flag variants share one process). Rollback flips the kill switch first and
 * then returns traffic to stable.
 */
import { UserError } from '../../../../shared/runtime/errors.js';
import type { RoleSample } from '../metrics/role-sample.js';
import type { PlanStep, RolloutPlan, Strategy, StrategyInput } from './strategy.js';
import { assertSteps } from './step-validation.js';

export const featureFlagsStrategy: Strategy = {
  name: 'feature_flags',
  plan(input: StrategyInput): RolloutPlan {
    const { settings, candidate, stableInstances } = input;
    assertSteps(settings.steps);
    if (!settings.featureFlags.flag) {
      throw new UserError('the feature_flags strategy needs the flag to roll out', 'phases.deploy.feature_flags.flag');
    }
    let dark: RoleSample | undefined;
    const steps: PlanStep[] = [
      {
        name: 'ship dark (flag 0 %)',
        weight: 0,
        analysisSeconds: settings.stepIntervalSeconds,
        comparedShare: 1,
        async run(ctx) {
          await ctx.setFlag(0);
          await ctx.startRole('candidate', candidate, stableInstances);
          await ctx.checkHealth('candidate', candidate.version, stableInstances);
          await ctx.setRoute({ weights: { candidate: 100 } });
          const { verdict, samples } = await ctx.observe({
            seconds: settings.stepIntervalSeconds,
            candidate: 'candidate',
            baseline: 'stable',
            extendWhileInconclusive: false,
          });
          dark = samples.candidate;
          // Stable serves nothing now, so this look is informational; the flag steps decide.
          return { note: `dark reference: ${dark?.requests ?? 0} requests${verdict ? `; ${verdict.summary}` : ''}` };
        },
      },
      ...settings.steps.map((percentage): PlanStep => ({
        name: `flag ${percentage} %`,
        weight: percentage,
        analysisSeconds: percentage < 100 ? settings.stepIntervalSeconds : 0,
        comparedShare: 1,
        async run(ctx) {
          await ctx.setFlag(percentage);
          if (percentage >= 100) return { note: 'feature on for everyone' };
          const { verdict } = await ctx.observe({
            seconds: settings.stepIntervalSeconds,
            candidate: 'candidate',
            baseline: dark ?? 'stable',
          });
          return verdict ? { verdict } : {};
        },
      })),
    ];
    return {
      strategy: 'feature_flags',
      extraRoles: ['candidate'],
      steps,
      async beforeRollback(ctx) {
        await ctx.setFlag(0);
      },
    };
  },
};
