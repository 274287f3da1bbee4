import * as core from '@actions/core';
import { resolve } from 'node:path';
import {
  loadConfigOrEmbedded,
  namedConfigPath,
  QUALITY_GATES,
  resolveEnvironment,
} from '../../../shared/config/index.js';
import { readGitHubContext, type GitHubContext } from '../../../shared/github/context.js';
import { appendJobSummary } from '../../../shared/github/job-summary.js';
import { createOctokit, type GitHubClient } from '../../../shared/github/octokit.js';
import { publishPhase } from '../../../shared/github/publish.js';
import { defaultResultsDir } from '../../../shared/result/result-file.js';
import { ActionsLogger } from '../../../shared/runtime/actions-logger.js';
import { errorMessage, UserError } from '../../../shared/runtime/errors.js';
import { execFileSafe } from '../../../shared/runtime/exec.js';
import { Inputs } from '../../../shared/runtime/inputs.js';
import { maskSecret } from '../../../shared/runtime/state.js';
import { baselineCacheKey } from './baseline/cache-key.js';
import { assertRevision } from './diff/revision-name.js';
import type { PullRequestFile } from './diff/pull-request-files.js';
import { runAttemptFromEnv } from './flaky/attempt-failures.js';
import { rewriteResult, runQualityGate, type QualityGateMode, type QualityGateOutcome } from './engine.js';
import { DIFF_SOURCES } from './engine/changes.js';
import { parseMetricsInput } from './engine/metrics-input.js';
import { LEG_NAME_PATTERN } from './matrix/partial-format.js';
import { checkRunContent, commentMarkdown, jobSummaryMarkdown } from './output/gate-outputs.js';
import { legSummaryMarkdown } from './output/leg-summary.js';
import { failOnStatuses, FAIL_ON_DEFAULT, shouldFail } from './output/fail-on.js';

const PULL_REQUEST_NUMBER = /^[1-9][0-9]{0,9}$/;
const COMMIT_SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/i;

/**
 * actions/quality-gate entry: inputs -> configuration -> engine -> publish -> outputs -> exit.
 * Publishing may degrade (read-only token, outage); the job summary, the result file and the
 * exit status always carry the verdict.
 */
export async function qualityGateMain(): Promise<void> {
  const logger = new ActionsLogger();
  const inputs = new Inputs();
  const token = inputs.string('token');
  maskSecret(token);
  const workspace = resolve(process.env['GITHUB_WORKSPACE'] ?? process.cwd());
  const outputDir = resolve(workspace, inputs.string('output-dir') ?? defaultResultsDir());

  const environmentName = inputs.required('environment');
  const gate = inputs.oneOf('gate', QUALITY_GATES, 'pre_deployment');
  const diffSource = inputs.oneOf('diff-source', DIFF_SOURCES, 'auto');
  const failOn = failOnStatuses(inputs.list('fail-on').length > 0 ? inputs.list('fail-on') : FAIL_ON_DEFAULT);
  const maxAnnotations = inputs.number('max-annotations', 1000, { min: 0, max: 5000 });
  if (!Number.isInteger(maxAnnotations)) throw new UserError('must be a whole number', "input 'max-annotations'");
  const metrics =
    inputs.string('metrics') === undefined ? undefined : parseMetricsInput(inputs.string('metrics') ?? '');
  const baseRef = inputs.string('base-ref');
  if (baseRef !== undefined) {
    try {
      assertRevision(baseRef, 'base-ref');
    } catch (err) {
      throw new UserError(errorMessage(err), "input 'base-ref'");
    }
  }
  const mode = modeFromInputs(inputs);
  const explicit = explicitPullRequest(inputs);

  const configInput = inputs.string('config');
  const loaded = await loadConfigOrEmbedded(namedConfigPath(configInput), workspace);
  for (const warning of loaded.warnings) logger.warning(warning);
  const environment = resolveEnvironment(loaded.config, environmentName);

  const github = readGitHubContext();
  const context: GitHubContext = explicit
    ? { ...github, sha: explicit.headSha, prNumber: explicit.pullRequest }
    : github;
  const octokit = token ? createOctokit({ token, logger }) : undefined;

  // The fork pattern's publishing job names the pull request itself: check that the number and
  // the commit belong together before anything is read for, or posted on, that pull request.
  let verified: { baseSha?: string; changedFiles?: number } | undefined;
  let refuseToPublish: string | undefined;
  if (explicit) {
    try {
      verified = await verifyPullRequest(octokit, context, explicit);
    } catch (err) {
      refuseToPublish = errorMessage(err);
      logger.warning(`Not publishing to pull request #${explicit.pullRequest}: ${refuseToPublish}`);
    }
  }

  const payloadPull = object(object(github.payload)['pull_request']);
  const payloadBaseSha =
    typeof object(payloadPull['base'])['sha'] === 'string' ? String(object(payloadPull['base'])['sha']) : undefined;
  const baseCandidates = [
    ...(baseRef ? [baseRef] : []),
    ...(verified?.baseSha ? [verified.baseSha] : []),
    ...(payloadBaseSha && COMMIT_SHA.test(payloadBaseSha) ? [payloadBaseSha] : []),
    ...(github.baseRef && !explicit ? [`origin/${github.baseRef}`] : []),
  ].filter((candidate, index, all) => all.indexOf(candidate) === index);

  const prNumber = refuseToPublish ? undefined : context.prNumber;
  const outcome = await runQualityGate(
    {
      environment,
      gate,
      workspace,
      outputDir,
      mode,
      reports: inputs.list('reports'),
      ...(metrics ? { metrics } : {}),
      diff: {
        source: diffSource,
        baseCandidates,
        ...(prNumber !== undefined ? { pullRequest: prNumber } : {}),
        ...(explicit ? { expectedHead: explicit.headSha } : {}),
      },
      ...(inputs.string('baseline') ? { baseline: resolve(workspace, inputs.string('baseline') as string) } : {}),
      previousAttempts: inputs.list('previous-attempts'),
      attempt: runAttemptFromEnv(),
      source: {
        repository: `${github.owner}/${github.repo}`,
        ...(context.sha ? { commit: context.sha } : {}),
        ...(github.ref ? { ref: github.ref } : {}),
        runUrl: github.runUrl,
      },
    },
    {
      logger,
      exec: execFileSafe,
      ...(octokit && prNumber !== undefined
        ? { pullRequestFiles: pullRequestFilesPort(octokit, context, verified?.changedFiles) }
        : {}),
    },
  );

  setFigureOutputs(outcome);
  core.setOutput('baseline-key', baselineKey(github, environment.name, gate));
  if (outcome.mode === 'partial') {
    core.setOutput('status', 'partial');
    core.setOutput('passed', '');
    core.setOutput('score', '');
    core.setOutput('result-file', '');
    core.setOutput('sarif-file', '');
    core.setOutput('partial-file', outcome.files.partial ?? '');
    core.setOutput('check-run-url', '');
    core.setOutput('comment-url', '');
    appendJobSummary(legSummaryMarkdown(outcome), { logger, fullReportAt: outcome.files.partial });
    logger.info(`Leg ${(mode as { leg: string }).leg}: partial result written; the merging step judges the gate.`);
    return;
  }

  const resultFile = outcome.files.result as string;
  const result = outcome.result;
  const serverUrl = github.serverUrl;
  const check = inputs.boolean('check-run', true)
    ? checkRunContent(result, { resultFile, serverUrl, maxAnnotations })
    : undefined;
  const published = await logger.group('Publish', () =>
    refuseToPublish
      ? Promise.resolve(undefined)
      : publishPhase(
          { octokit, logger },
          {
            context,
            phase: 'quality-gate',
            environment: environment.name,
            key: gate,
            resultFile,
            ...(check
              ? {
                  checkRun: {
                    conclusion: check.conclusion,
                    title: check.title,
                    summary: check.summary,
                    ...(check.text !== undefined ? { text: check.text } : {}),
                    annotations: check.annotations,
                  },
                }
              : {}),
            ...(inputs.boolean('comment', true) ? { comment: commentMarkdown(result, { resultFile, serverUrl }) } : {}),
          },
        ),
  );
  const checkRunUrl = published?.checkRun?.url;
  if (checkRunUrl !== undefined) {
    result.source = { ...result.source, checkRunUrl };
    await rewriteResult(result, outputDir);
  }
  appendJobSummary(jobSummaryMarkdown(result, { resultFile, serverUrl, ...(checkRunUrl ? { checkRunUrl } : {}) }), {
    logger,
    fullReportAt: resultFile,
  });

  core.setOutput('status', result.status);
  core.setOutput('passed', String(result.status === 'success'));
  core.setOutput('score', result.score === null ? '' : result.score.toFixed(4));
  core.setOutput('result-file', resultFile);
  core.setOutput('sarif-file', outcome.files.sarif ?? '');
  core.setOutput('partial-file', '');
  core.setOutput('check-run-url', checkRunUrl ?? '');
  core.setOutput('comment-url', published?.comment?.url ?? '');
  logger.info(result.summary);

  if (refuseToPublish) {
    throw new UserError(`refusing to publish on pull request #${explicit?.pullRequest}: ${refuseToPublish}`);
  }
  if (shouldFail(result.status, failOn)) throw new UserError(result.summary);
}

function modeFromInputs(inputs: Inputs): QualityGateMode {
  const partial = inputs.boolean('partial', false);
  const merge = inputs.list('merge');
  const leg = inputs.string('leg');
  const expectedLegs = inputs.list('expected-legs');
  for (const name of [...(leg ? [leg] : []), ...expectedLegs]) {
    if (!LEG_NAME_PATTERN.test(name)) {
      throw new UserError(
        `'${name.slice(0, 80)}' is not a leg name: letters, digits, '.', '_' and '-', at most 100, starting with a letter or digit`,
        leg === name ? "input 'leg'" : "input 'expected-legs'",
      );
    }
  }
  if (partial && merge.length > 0) throw new UserError('partial and merge cannot be used together', "input 'merge'");
  if (partial) {
    if (!leg) throw new UserError('is required with partial: true (e.g. leg: ${{ matrix.node }})', "input 'leg'");
    return { kind: 'partial', leg };
  }
  if (leg) throw new UserError('is only used with partial: true', "input 'leg'");
  if (merge.length > 0) {
    if (inputs.list('reports').length > 0) {
      throw new UserError('is not read with merge: each leg reads its own reports (partial: true)', "input 'reports'");
    }
    return { kind: 'merge', patterns: merge, expectedLegs };
  }
  if (expectedLegs.length > 0) throw new UserError('is only used with merge', "input 'expected-legs'");
  return { kind: 'full' };
}

/** `pull-request` and `head-sha` for the fork pattern's `workflow_run` job: both, or neither. */
function explicitPullRequest(inputs: Inputs): { pullRequest: number; headSha: string } | undefined {
  const pullRequest = inputs.string('pull-request');
  const headSha = inputs.string('head-sha');
  if (pullRequest === undefined && headSha === undefined) return undefined;
  if (pullRequest === undefined) throw new UserError('is required when head-sha is given', "input 'pull-request'");
  if (headSha === undefined) throw new UserError('is required when pull-request is given', "input 'head-sha'");
  if (!PULL_REQUEST_NUMBER.test(pullRequest)) {
    throw new UserError(`must be a pull request number, got '${pullRequest.slice(0, 40)}'`, "input 'pull-request'");
  }
  if (!COMMIT_SHA.test(headSha)) {
    throw new UserError(
      `must be a full commit SHA (40 or 64 hex digits), got '${headSha.slice(0, 80)}'`,
      "input 'head-sha'",
    );
  }
  return { pullRequest: Number(pullRequest), headSha: headSha.toLowerCase() };
}

/** The pull request's head must be the commit the reports were built from. */
async function verifyPullRequest(
  octokit: GitHubClient | undefined,
  context: GitHubContext,
  explicit: { pullRequest: number; headSha: string },
): Promise<{ baseSha?: string; changedFiles?: number }> {
  if (!octokit) throw new Error('no token to check that the pull request and head-sha belong together');
  const { data } = await octokit.rest.pulls.get({
    owner: context.owner,
    repo: context.repo,
    pull_number: explicit.pullRequest,
  });
  if (data.head.sha.toLowerCase() !== explicit.headSha) {
    throw new Error(
      `its head is ${data.head.sha.slice(0, 12)}, not head-sha ${explicit.headSha.slice(0, 12)} (a newer push, or a forged number)`,
    );
  }
  return { baseSha: data.base.sha, changedFiles: data.changed_files };
}

function pullRequestFilesPort(octokit: GitHubClient, context: GitHubContext, knownChangedFiles: number | undefined) {
  return async (pullRequest: number) => {
    const files = (await octokit.paginate(octokit.rest.pulls.listFiles, {
      owner: context.owner,
      repo: context.repo,
      pull_number: pullRequest,
      per_page: 100,
    })) as PullRequestFile[];
    let changedFiles = knownChangedFiles;
    // Only a list cut at GitHub's 3,000 can be incomplete; ask for the true count only then.
    if (changedFiles === undefined && files.length >= 3000) {
      const { data } = await octokit.rest.pulls.get({
        owner: context.owner,
        repo: context.repo,
        pull_number: pullRequest,
      });
      changedFiles = data.changed_files;
    }
    return { files, ...(changedFiles !== undefined ? { changedFiles } : {}) };
  };
}

function setFigureOutputs(outcome: QualityGateOutcome): void {
  const figures = outcome.figures;
  const out = (value: number | null) => (value === null ? '' : String(value));
  core.setOutput('line-coverage', out(figures.lineCoverage));
  core.setOutput('new-line-coverage', out(figures.newLineCoverage));
  core.setOutput('failing-tests', out(figures.failingTests));
  core.setOutput('flaky-tests', out(figures.flakyTests));
  core.setOutput('new-findings', out(figures.newFindings));
  core.setOutput('vulnerabilities-critical', out(figures.vulnerabilitiesCritical));
  core.setOutput('vulnerabilities-high', out(figures.vulnerabilitiesHigh));
}

/** The actions/cache key this run's result is saved under (see the README's baseline section). */
function baselineKey(github: GitHubContext, environment: string, gate: string): string {
  const branch = github.headRef ?? github.ref.replace(/^refs\/heads\//, '');
  if (!branch || !github.sha) return '';
  return baselineCacheKey({ environment, gate, branch, commit: github.sha });
}

function object(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
