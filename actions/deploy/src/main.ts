import { resolve } from 'node:path';
import { loadConfigOrEmbedded, namedConfigPath, resolveEnvironment } from '../../../shared/config/index.js';
import { readGitHubContext } from '../../../shared/github/context.js';
import { createOctokit } from '../../../shared/github/octokit.js';
import { defaultResultsDir, resultFileName } from '../../../shared/result/result-file.js';
import { ActionsLogger } from '../../../shared/runtime/actions-logger.js';
import { errorMessage, UserError } from '../../../shared/runtime/errors.js';
import { Inputs } from '../../../shared/runtime/inputs.js';
import { actionsState, maskSecret } from '../../../shared/runtime/state.js';
import { resumeFromState, runDeploy } from './engine.js';
import type { DeployOutcome, RolloutCommand } from './engine/types.js';
import { DeployPublisher } from './github/deploy-publisher.js';
import {
  applyOverrides,
  deployPorts,
  loadGitHubRecord,
  saveGitHubRecord,
  stateDirFor,
  statePathFor,
  versionsFor,
} from './github/deploy-wiring.js';
import { finishDeploy, notAssessed, type FinishContext } from './github/finish-deploy.js';
import { cancellationSignal } from './github/cancellation.js';
import type { DeployReportView } from './output/deploy-markdown.js';

const COMMANDS = ['deploy', 'promote', 'abort', 'rollback'] as const;

/** Saved for the post step (STATE_deploy), which rolls back a rollout main left in flight. */
export interface SavedDeployState {
  statePath: string;
  workspace: string;
  config?: string;
  environment: string;
  strategy?: string;
  driver?: string;
  outputDir: string;
  stableVersion: string;
  candidateVersion: string;
  /** Set when main reached its end: the post step then has nothing to do. */
  finished?: boolean;
}

export const SAVED_STATE_NAME = 'deploy';

/**
 * actions/deploy entry: inputs -> configuration -> engine (runDeploy, or resumeFromState for a
 * dispatched promote/abort/rollback) -> GitHub (deployment, check run, comment, revert PR) ->
 * job summary, result file, outputs -> exit status. Publishing degrades; the verdict does not.
 */
export async function deployMain(): Promise<void> {
  const logger = new ActionsLogger();
  const inputs = new Inputs();
  const token = inputs.string('token');
  maskSecret(token);
  const workspace = resolve(process.env['GITHUB_WORKSPACE'] ?? process.cwd());
  const outputDir = resolve(workspace, inputs.string('output-dir') ?? defaultResultsDir());
  const environmentName = inputs.required('environment');
  const command = inputs.oneOf('command', COMMANDS, 'deploy');
  const configInput = inputs.string('config');
  const config = namedConfigPath(configInput);
  const loaded = await loadConfigOrEmbedded(config, workspace);
  for (const warning of loaded.warnings) logger.warning(warning);
  const environment = resolveEnvironment(loaded.config, environmentName);
  const overrides = { strategy: inputs.string('strategy'), driver: inputs.string('driver') };
  const settings = applyOverrides(environment, overrides);
  const github = readGitHubContext();
  const statePath = statePathFor(stateDirFor(workspace, inputs.string('state-dir')), environment.name);
  const resultFile = resolve(outputDir, resultFileName({ phase: 'deploy', environment: environment.name }));

  if (!settings.enabled) {
    await notAssessed(environment, outputDir, logger);
    return;
  }
  const versions = await versionsFor(settings, {
    version: inputs.string('version'),
    stableVersion: inputs.string('stable-version'),
    sha: github.sha,
    statePath,
  });
  let saved: SavedDeployState | undefined;
  if (command === 'deploy') {
    saved = {
      statePath,
      workspace,
      ...(config ? { config } : {}),
      environment: environment.name,
      ...(overrides.strategy ? { strategy: overrides.strategy } : {}),
      ...(overrides.driver ? { driver: overrides.driver } : {}),
      outputDir,
      stableVersion: versions.stable.version,
      candidateVersion: versions.candidate.version,
    };
    actionsState.save(SAVED_STATE_NAME, saved);
  }

  const octokit = token ? createOctokit({ token, logger }) : undefined;
  const record = command === 'deploy' ? undefined : await loadGitHubRecord(statePath);
  const publisher = new DeployPublisher({
    ...(octokit ? { octokit } : {}),
    context: github,
    environment: environment.name,
    tier: environment.tier,
    logger,
    resultFile,
    ...(record ? { record } : {}),
  });
  const view = (steps: DeployReportView['steps'], totalSteps?: number): DeployReportView => ({
    environment: environment.name,
    strategy: settings.strategy,
    driver: settings.driver,
    stableVersion: versions.stable.version,
    candidateVersion: versions.candidate.version,
    steps,
    ...(totalSteps !== undefined ? { totalSteps } : {}),
    links: {
      resultFile,
      runUrl: github.runUrl,
      ...(publisher.deploymentId !== undefined ? { deploymentId: publisher.deploymentId } : {}),
    },
  });

  const cancellation = cancellationSignal(logger);
  const { ports, driver } = deployPorts({
    settings,
    workspace,
    logger,
    statePath,
    ...versions,
    signal: cancellation.signal,
    onProgress: (progress) => publisher.progress(view(progress.steps, progress.totalSteps)),
  });
  let outcome: DeployOutcome | undefined;
  let entryUrl: string | undefined;
  try {
    if (command === 'deploy') {
      await logger.group('GitHub deployment', () =>
        publisher.start(
          { strategy: settings.strategy, version: versions.candidate.version, driver: settings.driver },
          view([]),
        ),
      );
      await saveGitHubRecord(statePath, publisher.record);
      const capture = ports.createDriver;
      ports.createDriver = async (s) => {
        const created = await capture(s);
        entryUrl = created.entryUrl;
        return created;
      };
      try {
        outcome = await runDeploy(
          {
            environment,
            ...versions,
            origin: `run ${github.runId} attempt ${github.runAttempt} of ${github.sha.slice(0, 12)} by ${github.actor}`,
          },
          ports,
        );
      } catch (err) {
        await publisher.fail(errorMessage(err));
        publisher.degrade.warnOnce();
        throw err;
      }
    } else {
      outcome = await resumeFromState({ environment, command: command as RolloutCommand }, ports);
      entryUrl = driver()?.entryUrl;
    }
  } finally {
    cancellation.dispose();
  }
  if (!outcome) throw new UserError(`no rollout in flight for '${environment.name}': nothing to ${command}`);
  const context: FinishContext = {
    octokit,
    github,
    publisher,
    logger,
    outputDir,
    revertPr: inputs.boolean('revert-pr', false),
    environmentUrl: inputs.string('environment-url') ?? entryUrl,
    view: (steps) => view(steps),
  };
  await finishDeploy(outcome, context);
  if (saved) actionsState.save(SAVED_STATE_NAME, { ...saved, finished: true });
  failUnlessPromoted(outcome);
}

/** Not promoted fails the step; a paused rollout waits for a dispatch and does not. */
export function failUnlessPromoted(outcome: DeployOutcome): void {
  const state = outcome.details.finalState;
  if (state === 'promoted' || state === 'paused') return;
  if (state === 'failed_rollback') {
    throw new UserError(
      `ROLLBACK FAILED: stable ${outcome.details.stableVersion} may not be serving '${outcome.result.environment}'; check the platform now. ${outcome.result.summary}`,
    );
  }
  throw new UserError(outcome.result.summary);
}
