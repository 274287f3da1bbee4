import * as core from '@actions/core';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEFAULT_CONFIG_PATH, loadConfig, resolveEnvironment } from '../../../shared/config/index.js';
import { readGitHubContext } from '../../../shared/github/context.js';
import { appendJobSummary } from '../../../shared/github/job-summary.js';
import { createOctokit } from '../../../shared/github/octokit.js';
import { publishPhase } from '../../../shared/github/publish.js';
import { conclusionFor } from '../../../shared/render/check-output.js';
import { defaultResultsDir } from '../../../shared/result/result-file.js';
import { ActionsLogger } from '../../../shared/runtime/actions-logger.js';
import { Inputs } from '../../../shared/runtime/inputs.js';
import { maskSecret } from '../../../shared/runtime/state.js';
import { UserError } from '../../../shared/runtime/errors.js';
import { parseWeights, READINESS_PHASES, type ReadinessPhase } from './readiness.js';
import { readinessComment, readinessJobSummary } from './readiness-markdown.js';
import { runReport } from './report-engine.js';

/**
 * actions/report entry: inputs -> engine -> publish -> outputs -> exit status.
 * Publishing to GitHub may degrade (read-only token, outage); the job summary, the result file
 * and the exit status always carry the verdict.
 */
export async function reportMain(): Promise<void> {
  const logger = new ActionsLogger();
  const inputs = new Inputs();
  const token = inputs.string('token');
  maskSecret(token);
  const workspace = process.env['GITHUB_WORKSPACE'] ?? process.cwd();
  const outputDir = resolve(workspace, inputs.string('output-dir') ?? defaultResultsDir());
  const patterns = inputs.list('results');
  const failUnderInput =
    inputs.string('fail-under') === undefined ? undefined : inputs.number('fail-under', 0.95, { min: 0, max: 1 });
  const weightsInput = inputs.string('weights');
  const expected = inputs.list('expected-phases').map((phase) => {
    if (!(READINESS_PHASES as readonly string[]).includes(phase)) {
      throw new UserError(
        `unknown phase '${phase}'; phases are ${READINESS_PHASES.join(', ')}`,
        "input 'expected-phases'",
      );
    }
    return phase as ReadinessPhase;
  });
  let environment = inputs.string('environment');

  // The configuration is optional for the report: its report section and the tier refine the score.
  const configInput = inputs.string('config');
  const configPath = resolve(workspace, configInput ?? DEFAULT_CONFIG_PATH);
  let fromConfig: {
    weights?: Partial<Record<ReadinessPhase, number>>;
    failUnder?: number;
    tier?: ReturnType<typeof resolveEnvironment>['tier'];
  } = {};
  if (existsSync(configPath)) {
    const loaded = await loadConfig(configPath);
    for (const warning of loaded.warnings) logger.warning(warning);
    if (environment) {
      const env = resolveEnvironment(loaded.config, environment);
      const section = env.phases.report;
      fromConfig = { weights: section?.weights, failUnder: section?.failUnder, tier: env.tier };
    }
  } else if (configInput !== undefined && configInput !== DEFAULT_CONFIG_PATH) {
    throw new UserError('file not found', `input 'config' (${configPath})`);
  }

  const github = readGitHubContext();
  const outcome = await runReport(
    {
      environment,
      patterns: patterns.length > 0 ? patterns : [defaultResultsDir()],
      cwd: workspace,
      outputDir,
      tier: fromConfig.tier,
      weights: weightsInput ? parseWeights(weightsInput, "input 'weights'") : fromConfig.weights,
      expected: expected.length > 0 ? expected : undefined,
      failUnder: failUnderInput ?? fromConfig.failUnder,
      source: github.owner
        ? { repository: `${github.owner}/${github.repo}`, commit: github.sha, ref: github.ref, runUrl: github.runUrl }
        : undefined,
    },
    logger,
  );
  environment = outcome.readiness.environment;
  const { readiness, files } = outcome;

  const octokit = token ? createOctokit({ token, logger }) : undefined;
  const published = await publishPhase(
    { octokit, logger },
    {
      context: github,
      phase: 'readiness',
      environment,
      resultFile: files.result,
      checkRun: inputs.boolean('check-run', true)
        ? {
            conclusion: conclusionFor(readiness.status),
            title: outcome.result.summary,
            summary: readinessComment(readiness, { resultFile: files.result }),
          }
        : undefined,
      comment: inputs.boolean('comment', true) ? readinessComment(readiness, { resultFile: files.result }) : undefined,
    },
  );

  appendJobSummary(readinessJobSummary(readiness, { resultFile: files.result, checkRunUrl: published.checkRun?.url }), {
    logger,
    fullReportAt: files.result,
  });

  core.setOutput('score', readiness.score.toFixed(4));
  core.setOutput('status', readiness.status);
  core.setOutput('passed', String(readiness.status === 'success'));
  core.setOutput('coverage', readiness.coverage.toFixed(4));
  core.setOutput('result-file', files.result);
  core.setOutput('sarif-file', files.sarif);
  core.setOutput('junit-file', files.junit);
  core.setOutput('check-run-url', published.checkRun?.url ?? '');
  core.setOutput('comment-url', published.comment?.url ?? '');

  logger.info(outcome.result.summary);
  if (readiness.status !== 'success') {
    throw new UserError(readiness.reasons.join('; ') || outcome.result.summary);
  }
}
