/**
 * `elder run deploy --env <name> [--dir <repository>] [--config <file>] [--out <dir>]
 *   [--candidate <version>] [--stable <version>] [--strategy <name>] [--driver <name>]
 *   [--state-dir <dir>] [--command deploy|promote|abort|rollback]`:
 * a rollout from a laptop, with the same settings, drivers and judge as the action, and nothing
 * published to GitHub. Ctrl-C rolls back to stable. The local driver's processes stop when the
 * command ends (a promoted candidate is then no longer served: it is a rehearsal).
 */
import { resolve } from 'node:path';
import { loadConfigOrEmbedded, resolveEnvironment } from '../../../../shared/config/index.js';
import type { CommandContext } from '../../../../shared/cli/commands/context.js';
import { EXIT } from '../../../../shared/cli/exit-codes.js';
import { defaultResultsDir, writePhaseResult } from '../../../../shared/result/result-file.js';
import { UserError } from '../../../../shared/runtime/errors.js';
import { resumeFromState, runDeploy } from '../engine.js';
import type { DeployOutcome, RolloutCommand } from '../engine/types.js';
import { cancellationSignal } from '../github/cancellation.js';
import { applyOverrides, deployPorts, stateDirFor, statePathFor, versionsFor } from '../github/deploy-wiring.js';
import { deployHeadline } from './deploy-markdown.js';
import { formatValue } from './step-table.js';

const COMMANDS = ['deploy', 'promote', 'abort', 'rollback'] as const;

/** The options this command reads beyond CommandContext's shared ones. */
export interface DeployCliOptions {
  candidate?: string;
  stable?: string;
  strategy?: string;
  driver?: string;
  'state-dir'?: string;
  command?: string;
}

export async function deployCommand(context: CommandContext): Promise<number> {
  const { logger, stdout, cwd } = context;
  const options = context.options as CommandContext['options'] & DeployCliOptions;
  if (!options.env) throw new UserError('is required, e.g. --env staging', '--env');
  const command = options.command ?? 'deploy';
  if (!(COMMANDS as readonly string[]).includes(command)) {
    throw new UserError(`must be one of ${COMMANDS.join(', ')}, got '${command.slice(0, 40)}'`, '--command');
  }
  const workspace = resolve(cwd, options.dir ?? '.');
  const loaded = await loadConfigOrEmbedded(options.config, workspace);
  for (const warning of loaded.warnings) logger.warning(warning);
  const environment = resolveEnvironment(loaded.config, options.env);
  const settings = applyOverrides(environment, {
    ...(options.strategy ? { strategy: options.strategy } : {}),
    ...(options.driver ? { driver: options.driver } : {}),
  });
  if (!settings.enabled) {
    stdout.write(`deploy is disabled for ${environment.name} (phases.deploy.enabled: false)\n`);
    return EXIT.ok;
  }
  // Outside a runner there is no RUNNER_TEMP: keep the state with the results, under the repository.
  const stateDir = stateDirFor(workspace, options['state-dir'] ?? '.elder/deploy-state');
  const statePath = statePathFor(stateDir, environment.name);
  const versions = await versionsFor(settings, {
    ...(options.candidate ? { version: options.candidate } : {}),
    ...(options.stable ? { stableVersion: options.stable } : {}),
    sha: 'candidate',
    statePath,
  });
  const cancellation = cancellationSignal(logger);
  let outcome: DeployOutcome | undefined;
  try {
    const { ports } = deployPorts({ settings, workspace, logger, statePath, ...versions, signal: cancellation.signal });
    outcome =
      command === 'deploy'
        ? await runDeploy({ environment, ...versions, origin: 'elder run deploy' }, ports)
        : await resumeFromState({ environment, command: command as RolloutCommand }, ports);
  } finally {
    cancellation.dispose();
  }
  if (!outcome) throw new UserError(`no rollout in flight for '${environment.name}': nothing to ${command}`, statePath);
  const resultFile = await writePhaseResult(outcome.result, resolve(cwd, options.out ?? defaultResultsDir()));
  stdout.write(
    options.json ? `${JSON.stringify(cliJson(outcome, resultFile), null, 2)}\n` : deployText(outcome, resultFile),
  );
  const state = outcome.details.finalState;
  return state === 'promoted' || state === 'paused' ? EXIT.ok : EXIT.verdictFailed;
}

function cliJson(outcome: DeployOutcome, resultFile: string): Record<string, unknown> {
  const d = outcome.details;
  return {
    status: outcome.result.status,
    outcome: d.finalState,
    stopReason: d.stopReason ?? null,
    summary: outcome.result.summary,
    steps: d.steps.map((s) => ({
      name: s.name,
      weight: s.weight,
      verdict: s.verdict,
      summary: s.judge?.summary ?? null,
    })),
    resultFile,
  };
}

/** Plain text for a terminal: the headline, one line per step, where the result is. */
export function deployText(outcome: DeployOutcome, resultFile: string): string {
  const lines = [
    '',
    deployHeadline(outcome),
    `  ${outcome.result.summary.split('\n')[0] ?? ''}`,
    ...outcome.details.steps.map((s) => {
      const errors = s.judge?.metrics.find((m) => m.metric === 'error_rate');
      const latency = s.judge?.metrics.find((m) => m.metric === 'latency');
      const figures = [
        errors ? `errors ${formatValue(errors.baseline, 'ratio')} -> ${formatValue(errors.candidate, 'ratio')}` : '',
        latency ? `latency ${formatValue(latency.baseline, 'ms')} -> ${formatValue(latency.candidate, 'ms')}` : '',
      ].filter(Boolean);
      return `  ${String(s.index + 1).padStart(2)}. ${s.name.padEnd(18)} ${String(s.weight).padStart(3)} %  ${s.verdict.padEnd(12)} ${figures.join(', ')}`;
    }),
    `  result ${resultFile}`,
    '',
  ];
  return lines.join('\n');
}
