import * as core from '@actions/core';
import { resolve } from 'node:path';
import {
  COMPLIANCE_FRAMEWORKS,
  DEFAULT_CONFIG_PATH,
  loadConfigOrEmbedded,
  namedConfigPath,
  resolveEnvironment,
  type ComplianceFramework,
} from '../../../shared/config/index.js';
import { readGitHubContext } from '../../../shared/github/context.js';
import { appendJobSummary } from '../../../shared/github/job-summary.js';
import { createOctokit } from '../../../shared/github/octokit.js';
import { publishPhase } from '../../../shared/github/publish.js';
import { defaultResultsDir } from '../../../shared/result/result-file.js';
import { ActionsLogger } from '../../../shared/runtime/actions-logger.js';
import { UserError } from '../../../shared/runtime/errors.js';
import { Inputs } from '../../../shared/runtime/inputs.js';
import { maskSecret } from '../../../shared/runtime/state.js';
import { ALL_AUDIT_RULES, auditCheckers, type Visibility } from './audit-checkers.js';
import { runComplianceAudit } from './engine.js';
import { auditCheckRun, auditComment, auditJobSummary } from './output/audit-outputs.js';
import { visibilityFromPayload } from './output/visibility.js';

const VISIBILITIES = ['public', 'private', 'internal'] as const;

/**
 * actions/compliance-audit entry: inputs -> configuration -> checkers -> engine -> publish ->
 * outputs -> exit. The API checks use the same token as publishing; what it cannot read is
 * reported as not assessed by the checker, so a weak token lowers coverage, never the truth.
 */
export async function complianceAuditMain(): Promise<void> {
  const logger = new ActionsLogger();
  const inputs = new Inputs();
  const token = inputs.string('token');
  maskSecret(token);
  const workspace = resolve(process.env['GITHUB_WORKSPACE'] ?? process.cwd());
  const outputDir = resolve(workspace, inputs.string('output-dir') ?? defaultResultsDir());
  const environmentName = inputs.required('environment');
  const failOn = inputs.oneOf('fail-on', ['failure', 'never'] as const, 'failure');
  const maxAnnotations = inputs.number('max-annotations', 1000, { min: 0, max: 5000 });
  const frameworksInput = inputs.list('frameworks');
  for (const f of frameworksInput) {
    if (!(COMPLIANCE_FRAMEWORKS as readonly string[]).includes(f)) {
      throw new UserError(
        `'${f.slice(0, 40)}' is not a framework; use ${COMPLIANCE_FRAMEWORKS.join(', ')}`,
        "input 'frameworks'",
      );
    }
  }
  const visibilityInput = inputs.string('visibility');
  if (visibilityInput !== undefined && !(VISIBILITIES as readonly string[]).includes(visibilityInput)) {
    throw new UserError(
      `must be public, private or internal; got '${visibilityInput.slice(0, 40)}'`,
      "input 'visibility'",
    );
  }

  const configInput = inputs.string('config');
  const configPath = namedConfigPath(configInput);
  const loaded = await loadConfigOrEmbedded(configPath, workspace);
  for (const warning of loaded.warnings) logger.warning(warning);
  const environment = resolveEnvironment(loaded.config, environmentName);
  const settings = environment.phases.complianceAudit;
  if (frameworksInput.length > 0) settings.frameworks = [...new Set(frameworksInput)] as ComplianceFramework[];
  const attestations = inputs.string('attestations');
  if (attestations !== undefined) settings.attestationsFile = attestations;

  const github = readGitHubContext();
  const octokit = token ? createOctokit({ token, logger }) : undefined;
  const visibility: Visibility | undefined =
    (visibilityInput as Visibility | undefined) ??
    (settings.visibility === 'auto' ? visibilityFromPayload(github.payload) : settings.visibility);
  const defaultBranch = defaultBranchFromPayload(github.payload);

  if (!settings.enabled) {
    logger.info(`compliance_audit is disabled for ${environment.name}: nothing audited.`);
  }
  const previous = inputs.string('previous-bundle');
  const outcome = await runComplianceAudit(
    {
      environment,
      root: workspace,
      outDir: outputDir,
      // A fresh folder per run (keep it as an artifact); the chain comes from previous-bundle.
      trailDir: resolve(outputDir, 'audit-trail'),
      ...(previous === undefined ? {} : { previousBundleDir: resolve(workspace, previous) }),
      configFile: configPath ?? DEFAULT_CONFIG_PATH,
      source: {
        repository: `${github.owner}/${github.repo}`,
        ...(github.sha ? { commit: github.sha } : {}),
        ...(github.ref ? { ref: github.ref } : {}),
        runUrl: github.runUrl,
      },
    },
    {
      checkers: auditCheckers({
        root: workspace,
        settings,
        ...(visibility === undefined ? {} : { visibility }),
        ...(octokit && github.owner && github.repo
          ? {
              github: {
                client: octokit,
                owner: github.owner,
                repo: github.repo,
                ...(defaultBranch ? { defaultBranch } : {}),
              },
            }
          : {}),
        logger,
      }),
      rules: ALL_AUDIT_RULES,
      logger,
    },
  );

  const result = outcome.result;
  const resultFile = outcome.files.result;
  const check = auditCheckRun(outcome, { resultFile, serverUrl: github.serverUrl, maxAnnotations });
  const published = await logger.group('Publish', () =>
    publishPhase(
      { octokit, logger },
      {
        context: github,
        phase: 'compliance-audit',
        environment: environment.name,
        resultFile,
        checkRun: check,
        comment: auditComment(outcome, { resultFile, serverUrl: github.serverUrl }),
      },
    ),
  );
  appendJobSummary(
    auditJobSummary(outcome, {
      resultFile,
      serverUrl: github.serverUrl,
      ...(published.checkRun ? { checkRunUrl: published.checkRun.url } : {}),
    }),
    { logger, fullReportAt: resultFile },
  );

  const coverage = outcome.frameworks.length === 0 ? 0 : Math.min(...outcome.frameworks.map((f) => f.coverage));
  const critical = result.findings.filter((f) => f.severity === 'critical').length;
  core.setOutput('status', result.status);
  core.setOutput('score', result.score === null ? '' : result.score.toFixed(4));
  core.setOutput('coverage', coverage.toFixed(4));
  core.setOutput('critical-findings', String(critical));
  core.setOutput('sarif-file', outcome.files.sarif);
  core.setOutput('bundle-dir', outcome.files.bundleDir);
  core.setOutput('bundle-hash', outcome.bundle.hash);
  core.setOutput('certificates', outcome.files.certificates.join('\n'));
  core.setOutput('result-file', resultFile);
  logger.info(result.summary);
  if (failOn === 'failure' && result.status === 'failure') throw new UserError(result.summary);
}

function defaultBranchFromPayload(payload: Record<string, unknown>): string | undefined {
  const repository = payload['repository'];
  if (typeof repository !== 'object' || repository === null) return undefined;
  const branch = (repository as Record<string, unknown>)['default_branch'];
  return typeof branch === 'string' && /^[\w./-]{1,255}$/.test(branch) ? branch : undefined;
}
