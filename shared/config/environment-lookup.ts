/**
 * Picking one environment by name, the way every action and CLI command does (`--env`,
 * `environment:` input). A wrong name is a user error that says what exists.
 */
import { UserError } from '../runtime/errors.js';
import { didYouMean } from './suggest.js';
import type { ElderConfig, EnvironmentConfig } from './types.js';

export function resolveEnvironment(config: ElderConfig, name: string): EnvironmentConfig {
  if (Object.prototype.hasOwnProperty.call(config.environments, name)) {
    return config.environments[name] as EnvironmentConfig;
  }
  const names = Object.keys(config.environments);
  throw new UserError(
    `unknown environment '${name}'${didYouMean(name, names)}; ${config.file} defines ${names.join(', ')}`,
  );
}
