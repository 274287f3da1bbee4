/** Every strategy by its configuration name. */
import type { DeployStrategy } from '../../../../shared/config/vocabulary.js';
import { abTestingStrategy } from './ab-testing.js';
import { allAtOnceStrategy } from './all-at-once.js';
import { blueGreenStrategy } from './blue-green.js';
import { canaryStrategy } from './canary.js';
import { featureFlagsStrategy } from './feature-flags.js';
import { rollingStrategy } from './rolling.js';
import { assertStrategy } from './step-validation.js';
import type { Strategy } from './strategy.js';

export const STRATEGIES: Readonly<Record<DeployStrategy, Strategy>> = {
  blue_green: blueGreenStrategy,
  rolling: rollingStrategy,
  canary: canaryStrategy,
  a_b_testing: abTestingStrategy,
  feature_flags: featureFlagsStrategy,
  all_at_once: allAtOnceStrategy,
};

/** The strategy called `name`; a UserError listing the known ones otherwise. */
export function strategyNamed(name: string): Strategy {
  return STRATEGIES[assertStrategy(name)];
}
