import { existsSync, readdirSync, type Dirent } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import {
  EMBEDDED_DEMO_ENVIRONMENT,
  embeddedDefaultConfig,
  loadConfig,
  resolveEnvironment,
  type LoadedConfig,
} from '../../config/index.js';
import { probe, probeRepeatedly } from '../../metrics/http-probe.js';
import { parsePrometheusText } from '../../metrics/prometheus-text.js';
import { sumSamples } from '../../metrics/exposition-samples.js';
import { quantile } from '../../metrics/quantiles.js';
import { writeFileAtomic } from '../../runtime/atomic-file.js';
import { UserError } from '../../runtime/errors.js';
import { execFileSafe } from '../../runtime/exec.js';
import { packageRoot } from '../../runtime/package-root.js';
import { startServiceProcess } from '../../runtime/service-process.js';
import { runReport } from '../../../actions/report/src/report-engine.js';
import { readinessComment, readinessJobSummary } from '../../../actions/report/src/readiness-markdown.js';
import { runQualityGate } from '../../../actions/quality-gate/src/engine.js';
import { ALL_AUDIT_RULES, auditCheckers } from '../../../actions/compliance-audit/src/audit-checkers.js';
import { runComplianceAudit } from '../../../actions/compliance-audit/src/engine.js';
import { EXIT } from '../exit-codes.js';
import { demoDeploy } from './demo-deploy.js';
import { readinessText } from '../readiness-text.js';
import type { Command } from './context.js';

const SMOKE_REQUESTS = 200;

/**
 * `elder demo`: the pipeline on the bundled example service, with embedded defaults when the
 * example has no configuration. Today it validates the configuration, starts the service, measures
 * it against the environment's SLO, runs the example's own tests (real coverage and JUnit reports),
 * runs the quality gate on those reports (plus npm's audit and ESLint's SARIF of the example when
 * the tools are at hand) and joins whatever phase results exist into the readiness report. Each phase that lands adds its
 * step here; until then the report shows it as not assessed rather than inventing a pass.
 */
export const demoCommand: Command = async ({ options, logger, stdout, cwd }) => {
  const examples = locateExamples(options.dir, cwd);
  const out = resolve(cwd, options.out ?? '.elder/demo');
  await rm(out, { recursive: true, force: true });
  await mkdir(join(out, 'results'), { recursive: true });

  const configFile = join(examples, '.github', 'elder.yml');
  const loaded: LoadedConfig = await logger.group('Configuration', async () => {
    const config = existsSync(configFile) ? await loadConfig(configFile) : embeddedDefaultConfig();
    logger.info(`${relative(cwd, config.file) || config.file}: valid`);
    for (const warning of config.warnings) logger.warning(warning);
    return config;
  });
  const envName =
    options.env ??
    (loaded.config.environments[EMBEDDED_DEMO_ENVIRONMENT]
      ? EMBEDDED_DEMO_ENVIRONMENT
      : Object.keys(loaded.config.environments)[0]);
  if (!envName) throw new UserError('defines no environment', loaded.file);
  const env = resolveEnvironment(loaded.config, envName);

  const server = join(examples, 'service', 'server.mjs');
  const smoke = await logger.group(
    `Start the example service (v1) and measure it against ${env.name}'s SLO`,
    async () => {
      const service = await startServiceProcess(process.execPath, [server, '--port', '0', '--version', 'v1'], {
        env: { PATH: process.env['PATH'] ?? '' },
      });
      try {
        const health = await probe(`${service.url}/healthz`, { timeoutMs: 5_000 });
        if (!health.ok) throw new Error(`/healthz answered ${health.status ?? health.error}`);
        const run = await probeRepeatedly(`${service.url}/`, {
          count: SMOKE_REQUESTS,
          concurrency: 4,
          timeoutMs: 5_000,
        });
        const metricsText = await fetch(`${service.url}/metrics`).then((r) => r.text());
        const served = sumSamples(parsePrometheusText(metricsText, { source: '/metrics' }), 'http_requests_total', {
          route: '/',
        });
        const p95 = quantile(run.latenciesMs, 0.95);
        const result = {
          url: service.url,
          requests: SMOKE_REQUESTS,
          failed: run.failedCount,
          errorRatio: run.failedCount / SMOKE_REQUESTS,
          p50Ms: round(quantile(run.latenciesMs, 0.5)),
          p95Ms: round(p95),
          p99Ms: round(quantile(run.latenciesMs, 0.99)),
          p95TargetMs: env.monitoring.latencyP95Ms,
          allowedErrorRatio: env.budgets.allowedErrorRatio,
          countedByService: served,
          withinSlo:
            p95 <= env.monitoring.latencyP95Ms && run.failedCount / SMOKE_REQUESTS <= env.budgets.allowedErrorRatio,
          exitCode: null as number | null,
        };
        logger.info(
          `${result.requests} requests: p50 ${result.p50Ms} ms, p95 ${result.p95Ms} ms (target ${result.p95TargetMs} ms), ${result.failed} failed; the service counted ${served}`,
        );
        return result;
      } finally {
        const code = await service.stop();
        logger.info(`service stopped (exit ${code})`);
      }
    },
  );

  const tests = await logger.group("Run the example's own tests (coverage and JUnit)", async () => {
    const reports = join(out, 'example-reports');
    const run = await execFileSafe('bash', [join(examples, 'service', 'run-tests.sh')], {
      cwd: join(examples, 'service'),
      env: { ...process.env, REPORTS_DIR: reports },
      timeoutMs: 120_000,
    });
    const evidence = [];
    for (const name of ['lcov.info', 'junit.xml']) {
      const path = join(reports, name);
      if (existsSync(path)) {
        const bytes = await readFile(path);
        evidence.push({
          name,
          path: relative(cwd, path),
          sha256: createHash('sha256').update(bytes).digest('hex'),
          bytes: bytes.length,
        });
      }
    }
    logger.info(
      `example tests exit ${run.exitCode}; ${evidence.map((e) => `${e.path} (sha256 ${e.sha256.slice(0, 12)}…)`).join(', ')}`,
    );
    return { exitCode: run.exitCode, evidence };
  });

  const qualityGate = await logger.group("Quality gate (pre_deployment) on the example's reports", async () => {
    const reports = join(out, 'example-reports');
    const extra = await extraExampleReports(examples, reports, logger);
    const outcome = await runQualityGate(
      {
        environment: env,
        gate: 'pre_deployment',
        // The reports were written under the demo's output folder, so that is the workspace; the
        // example's own files are the repository the report paths are matched against.
        workspace: out,
        outputDir: join(out, 'results'),
        mode: { kind: 'full' },
        reports: ['example-reports/*'],
        diff: { source: 'none', baseCandidates: [] },
        repositoryFiles: exampleFiles(join(examples, 'service')),
      },
      { logger, exec: execFileSafe },
    );
    logger.info(`quality gate: ${outcome.result.status}: ${outcome.result.summary}`);
    return { outcome, extra };
  });

  const deploys = await logger.group(
    'Deploy: a canary of a healthy v2, then of a v3 with a seeded regression, under load',
    () => demoDeploy(env, server, join(out, 'results'), logger),
  );

  const compliance = await logger.group(
    `Compliance audit of the example repository (${env.phases.complianceAudit.frameworks.join(', ') || 'no frameworks'})`,
    async () => {
      // The example folder is audited as a repository of its own. There is no token locally, so
      // its GitHub settings are reported as not assessed, which lowers coverage, not the verdict.
      const outcome = await runComplianceAudit(
        {
          environment: env,
          root: examples,
          outDir: join(out, 'results'),
          trailDir: join(out, 'audit-trail'),
          configFile: '.github/elder.yml',
        },
        {
          checkers: auditCheckers({ root: examples, settings: env.phases.complianceAudit, logger }),
          rules: ALL_AUDIT_RULES,
          logger,
        },
      );
      logger.info(`compliance audit: ${outcome.result.status}: ${outcome.result.summary}`);
      return outcome;
    },
  );

  const report = await logger.group('Readiness report', () =>
    runReport(
      {
        environment: env.name,
        tier: env.tier,
        patterns: [join(out, 'results')],
        cwd,
        outputDir: out,
        weights: env.phases.report.weights,
        failUnder: env.phases.report.failUnder,
      },
      logger,
    ),
  );
  const summaryPath = join(out, 'readiness-summary.md');
  const commentPath = join(out, 'readiness-comment.md');
  await writeFileAtomic(summaryPath, readinessJobSummary(report.readiness, { resultFile: report.files.result }));
  await writeFileAtomic(commentPath, readinessComment(report.readiness, { resultFile: report.files.result }));
  await writeFileAtomic(join(out, 'smoke.json'), `${JSON.stringify({ smoke, tests }, null, 2)}\n`);

  const deployAsExpected =
    deploys[0]?.finalState === 'promoted' &&
    deploys[1]?.finalState === 'rolled_back' &&
    deploys.every((d) => d.failed === 0);
  const demoPassed = smoke.withinSlo && tests.exitCode === 0 && deployAsExpected;
  if (options.json) {
    stdout.write(
      `${JSON.stringify({ environment: env.name, smoke, tests, qualityGate: { status: qualityGate.outcome.result.status, summary: qualityGate.outcome.result.summary, figures: qualityGate.outcome.figures, files: qualityGate.outcome.files }, deploy: deploys, complianceAudit: { status: compliance.result.status, summary: compliance.result.summary, bundleHash: compliance.bundle.hash, files: compliance.files }, readiness: report.readiness, files: { ...report.files, summary: summaryPath, comment: commentPath } }, null, 2)}\n`,
    );
  } else {
    stdout.write(
      [
        '',
        readinessText(report.readiness),
        '',
        `Example service: p95 ${smoke.p95Ms} ms against a ${smoke.p95TargetMs} ms target, ${smoke.failed} of ${smoke.requests} requests failed — ${smoke.withinSlo ? 'within' : 'OUTSIDE'} the SLO.`,
        `Example tests: ${tests.exitCode === 0 ? 'passed' : `FAILED (exit ${tests.exitCode})`}; reports in ${relative(cwd, join(out, 'example-reports'))}/.`,
        `Quality gate (pre_deployment) on those reports${qualityGate.extra.length > 0 ? ` and ${qualityGate.extra.join(', ')}` : ''}: ${qualityGate.outcome.result.summary}`,
        ...deploys.map(
          (d) =>
            `Deploy ${d.label}: ${d.finalState.replace('_', ' ')}; ${d.requests} user requests, ${d.failed} failed${d.candidateErrors > 0 ? ` (plus ${d.candidateErrors} errors of the regression itself before the rollback)` : ''}. ${d.summary}`,
        ),
        `  (demo steps: canary 10 % -> 50 % -> 100 %, 3 s each; a few hundred requests cannot prove a 99.99 % SLO, so an undecided step carries on, on_inconclusive: promote, while any failing metric rolls back.)`,
        `Compliance audit of the example repository: ${compliance.result.summary} Certificates: ${compliance.files.certificates.filter((c) => c.endsWith('.md')).length}; evidence bundle ${compliance.bundle.hash.slice(0, 16)}… (verify with: elder verify ${relative(cwd, join(out, 'audit-trail'))}).`,
        `Phases that are not in this release yet are reported as not assessed, never as passed.`,
        '',
        `Wrote ${relative(cwd, out)}/: ${[report.files.result, report.files.sarif, report.files.junit, summaryPath, commentPath].map((p) => relative(out, p)).join(', ')}`,
        '',
      ].join('\n'),
    );
  }
  return demoPassed ? EXIT.ok : EXIT.verdictFailed;
};

/** The example service's files, relative to its folder: the "repository" its report paths name. */
function exampleFiles(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as Dirent[])
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .filter((file) => !file.startsWith('reports/') && !file.startsWith('node_modules/'));
}

/**
 * Reports of the two other kinds a production gate requires, made by the real producers when
 * they are at hand: npm's own audit of the example's dependency tree (it has none, so npm
 * answers offline), and ESLint's SARIF of its code with the suite's lint configuration. Either
 * missing leaves the gate to fail closed, and says so, rather than inventing a clean report.
 */
async function extraExampleReports(
  examples: string,
  reports: string,
  logger: { info(message: string): void },
): Promise<string[]> {
  const made: string[] = [];
  const service = join(examples, 'service');
  const scratch = await mkdtemp(join(tmpdir(), 'elder-demo-audit-'));
  try {
    await copyFile(join(service, 'package.json'), join(scratch, 'package.json'));
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const quiet = ['--offline', '--no-fund', '--ignore-scripts', '--loglevel=error'];
    const lock = await execFileSafe(npm, ['install', '--package-lock-only', '--no-audit', ...quiet], {
      cwd: scratch,
      timeoutMs: 60_000,
    }).catch(() => undefined);
    const audit =
      lock?.exitCode === 0
        ? await execFileSafe(npm, ['audit', '--json', ...quiet], { cwd: scratch, timeoutMs: 60_000 }).catch(
            () => undefined,
          )
        : undefined;
    if (audit !== undefined && audit.stdout.includes('"auditReportVersion"')) {
      await writeFileAtomic(join(reports, 'npm-audit.json'), audit.stdout);
      made.push('npm audit');
    } else {
      logger.info('npm audit could not run offline here; the gate will say the vulnerabilities report is missing');
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  const root = packageRoot();
  const eslint = root ? join(root, 'node_modules', 'eslint', 'bin', 'eslint.js') : undefined;
  const formatter = root ? join(root, 'node_modules', '@microsoft', 'eslint-formatter-sarif') : undefined;
  if (root && eslint && formatter && existsSync(eslint) && existsSync(formatter) && service.startsWith(root)) {
    const sarif = join(reports, 'eslint.sarif');
    const lint = await execFileSafe(
      process.execPath,
      [eslint, '--format', '@microsoft/eslint-formatter-sarif', '--output-file', sarif, service],
      { cwd: root, timeoutMs: 120_000 },
    ).catch(() => undefined);
    if (lint !== undefined && (lint.exitCode === 0 || lint.exitCode === 1) && existsSync(sarif))
      made.push('ESLint SARIF');
    else logger.info('ESLint could not lint the example; the gate will say the findings report is missing');
  } else {
    logger.info('ESLint is not installed (a production install); the gate will say the findings report is missing');
  }
  return made;
}

function locateExamples(dir: string | undefined, cwd: string): string {
  const candidates = dir
    ? [resolve(cwd, dir)]
    : [resolve(cwd, 'examples'), ...(packageRoot() ? [join(packageRoot() as string, 'examples')] : [])];
  for (const candidate of candidates) {
    if (existsSync(join(candidate, 'service', 'server.mjs'))) return candidate;
  }
  throw new UserError(`no example service (service/server.mjs) under ${candidates.join(' or ')}`, 'elder demo');
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
