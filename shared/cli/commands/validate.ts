import { formatDuration, loadConfigOrEmbedded, type EnvironmentConfig } from '../../config/index.js';
import { EXIT } from '../exit-codes.js';
import type { Command } from './context.js';

/** `elder validate`: every problem in the configuration at once, or each environment's budgets. */
export const validateCommand: Command = async ({ options, logger, stdout, cwd }) => {
  const loaded = await loadConfigOrEmbedded(options.config, cwd);
  for (const warning of loaded.warnings) logger.warning(warning);
  const environments = Object.values(loaded.config.environments);
  if (options.json) {
    stdout.write(
      `${JSON.stringify({ file: loaded.file, valid: true, warnings: loaded.warnings, environments: environments.map(summary) }, null, 2)}\n`,
    );
    return EXIT.ok;
  }
  stdout.write(`${loaded.file}: valid, ${environments.length} environment(s)\n`);
  for (const env of environments) stdout.write(`\n${describe(env)}\n`);
  return EXIT.ok;
};

function summary(env: EnvironmentConfig) {
  return {
    name: env.name,
    tier: env.tier,
    availabilityPercent: env.availability.percent,
    availabilityLevel: env.availability.level ?? null,
    budgets: env.budgets,
    strategy: env.phases.deploy.strategy,
    driver: env.phases.deploy.driver,
    regions: env.regions,
    compliance: env.compliance,
    rtoSeconds: env.dr.rtoSeconds ?? null,
    rpoSeconds: env.dr.rpoSeconds ?? null,
  };
}

function describe(env: EnvironmentConfig): string {
  const b = env.budgets;
  const level = env.availability.level ? ` (${env.availability.level})` : '';
  const objectives =
    env.dr.rtoSeconds === undefined && env.dr.rpoSeconds === undefined
      ? 'none'
      : `RTO ${env.dr.rtoSeconds === undefined ? '-' : formatDuration(env.dr.rtoSeconds)}, RPO ${env.dr.rpoSeconds === undefined ? '-' : formatDuration(env.dr.rpoSeconds)}`;
  return [
    `${env.name} (${env.tier})`,
    `  availability   ${env.availability.percent} %${level}`,
    `  downtime       ${formatDuration(Math.round(b.downtimePerYearSeconds))} per year, ${formatDuration(Math.round(b.downtimePerSloWindowSeconds))} per ${formatDuration(b.sloWindowSeconds)} window`,
    `  error budget   ${(b.allowedErrorRatio * 100).toPrecision(3)} % of requests`,
    `  deploy         ${env.phases.deploy.strategy} via ${env.phases.deploy.driver}, steps ${env.phases.deploy.steps.join(' → ')} %`,
    `  regions        ${env.regions.join(', ') || '-'}`,
    `  compliance     ${env.compliance.join(', ') || '-'}`,
    `  DR objectives  ${objectives}`,
  ].join('\n');
}
