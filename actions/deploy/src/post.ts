import { resolve } from 'node:path';
import { loadConfigOrEmbedded, resolveEnvironment } from '../../../shared/config/index.js';
import { readGitHubContext } from '../../../shared/github/context.js';
import { createOctokit } from '../../../shared/github/octokit.js';
import { resultFileName } from '../../../shared/result/result-file.js';
import { ActionsLogger } from '../../../shared/runtime/actions-logger.js';
import { Inputs } from '../../../shared/runtime/inputs.js';
import { actionsState, maskSecret } from '../../../shared/runtime/state.js';
import { resumeFromState } from './engine.js';
import { DeployPublisher } from './github/deploy-publisher.js';
import { applyOverrides, deployPorts, loadGitHubRecord } from './github/deploy-wiring.js';
import { finishDeploy } from './github/finish-deploy.js';
import { SAVED_STATE_NAME, type SavedDeployState } from './main.js';

/**
 * actions/deploy `post:` step (post-if: always()). When main was cancelled or killed with the
 * rollout still moving, the state file says so: roll back to stable, mark the deployment failed,
 * complete the check run. A finished or paused rollout is left alone. Never fails the job:
 * runEntry turns any error here into a warning.
 */
export async function deployPost(): Promise<void> {
  const saved = actionsState.load<SavedDeployState>(SAVED_STATE_NAME);
  if (!saved || saved.finished || !saved.statePath) return;
  const logger = new ActionsLogger();
  const inputs = new Inputs();
  const token = inputs.string('token');
  maskSecret(token);
  const workspace = resolve(saved.workspace);
  const loaded = await loadConfigOrEmbedded(saved.config, workspace);
  const environment = resolveEnvironment(loaded.config, saved.environment);
  const settings = applyOverrides(environment, {
    ...(saved.strategy ? { strategy: saved.strategy } : {}),
    ...(saved.driver ? { driver: saved.driver } : {}),
  });
  const stable = {
    version: saved.stableVersion,
    ...(settings.local.command ? { command: settings.local.command } : {}),
  };
  const candidate = { ...stable, version: saved.candidateVersion };
  const { ports, driver } = deployPorts({ settings, workspace, logger, statePath: saved.statePath, stable, candidate });
  const outcome = await resumeFromState({ environment, command: 'post' }, ports);
  if (!outcome) {
    logger.info(`deploy post: no rollout in flight for '${environment.name}'; nothing to roll back`);
    return;
  }
  logger.warning(
    `deploy post: the main step ended with the rollout of ${saved.candidateVersion} in flight; ${outcome.result.summary}`,
  );
  const github = readGitHubContext();
  const octokit = token ? createOctokit({ token, logger }) : undefined;
  const record = await loadGitHubRecord(saved.statePath);
  const resultFile = resolve(saved.outputDir, resultFileName({ phase: 'deploy', environment: environment.name }));
  const publisher = new DeployPublisher({
    ...(octokit ? { octokit } : {}),
    context: github,
    environment: environment.name,
    tier: environment.tier,
    logger,
    resultFile,
    ...(record ? { record } : {}),
  });
  await finishDeploy(outcome, {
    octokit,
    github,
    publisher,
    logger,
    outputDir: saved.outputDir,
    revertPr: inputs.boolean('revert-pr', false),
    environmentUrl: inputs.string('environment-url') ?? driver()?.entryUrl,
    view: (steps) => ({
      environment: environment.name,
      strategy: outcome.details.strategy,
      driver: outcome.details.driver,
      stableVersion: outcome.details.stableVersion,
      candidateVersion: outcome.details.candidateVersion,
      steps,
      links: { resultFile, runUrl: github.runUrl },
    }),
  });
}
