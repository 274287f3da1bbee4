import { join } from 'node:path';
import type { Finding, Metric, PhaseResult, Tier } from '../../../shared/result/phase-result.js';
import { writePhaseResult, resultFileName } from '../../../shared/result/result-file.js';
import { assertPhaseResult } from '../../../shared/result/validate.js';
import { writeFileAtomic } from '../../../shared/runtime/atomic-file.js';
import { UserError } from '../../../shared/runtime/errors.js';
import type { Logger } from '../../../shared/runtime/logger.js';
import { toSarif } from '../../../shared/render/sarif.js';
import { toJUnitXml } from '../../../shared/render/junit.js';
import { TOOL } from '../../../shared/version.js';
import { collectResults } from './collect-results.js';
import { computeReadiness, type ReadinessPhase, type Readiness } from './readiness.js';

export interface ReportOptions {
  /** When absent, the single environment found in the results. */
  environment?: string;
  patterns: readonly string[];
  cwd: string;
  outputDir: string;
  tier?: Tier;
  weights?: Partial<Record<ReadinessPhase, number>>;
  expected?: readonly ReadinessPhase[];
  failUnder?: number;
  source?: PhaseResult['source'];
  now?: () => Date;
}

export interface ReportOutcome {
  readiness: Readiness;
  /** The report's own PhaseResult (phase `report`). */
  result: PhaseResult;
  /** The phase results it joined. */
  inputs: PhaseResult[];
  files: { result: string; sarif: string; junit: string };
}

/**
 * The report engine: reads PhaseResults, computes readiness, and writes three files (the
 * readiness PhaseResult, SARIF, JUnit). Every file is rendered and validated in memory first and
 * only then written, each atomically, so bad input leaves no half-written output behind.
 * Free of GitHub specifics: the action and the CLI publish the outcome in their own ways.
 */
export async function runReport(options: ReportOptions, logger: Logger): Promise<ReportOutcome> {
  const now = options.now ?? (() => new Date());
  const startedAt = now();
  const collected = await logger.group('Collect phase results', async () => {
    const found = await collectResults(options.patterns, options.cwd);
    logger.info(`${found.files.length} result file(s) matched ${options.patterns.join(', ')}`);
    for (const file of found.superseded) logger.info(`superseded by a newer run: ${file}`);
    return found;
  });

  const environment = options.environment ?? singleEnvironment(collected.results, options.patterns);
  const others = collected.results.filter((r) => r.environment !== environment && r.phase !== 'report');
  if (others.length > 0) {
    logger.info(`ignoring ${others.length} result(s) for other environments`);
  }
  const inputs = collected.results.filter((r) => r.environment === environment && r.phase !== 'report');
  const readiness = computeReadiness(inputs, {
    environment,
    tier: options.tier,
    weights: options.weights,
    expected: options.expected,
    failUnder: options.failUnder,
  });

  const finishedAt = now();
  const result = readinessResult(readiness, {
    startedAt,
    finishedAt,
    source: options.source,
  });

  const paths = {
    result: join(options.outputDir, resultFileName(result)),
    sarif: join(options.outputDir, `readiness-${environment}.sarif`),
    junit: join(options.outputDir, `readiness-${environment}.junit.xml`),
  };
  // Render everything before writing anything.
  assertPhaseResult(result, paths.result);
  const sarif = `${JSON.stringify(toSarif(inputs), null, 2)}\n`;
  const junit = toJUnitXml([...inputs, result]);
  await writeFileAtomic(paths.sarif, sarif);
  await writeFileAtomic(paths.junit, junit);
  await writePhaseResult(result, options.outputDir);
  return { readiness, result, inputs, files: paths };
}

function singleEnvironment(results: readonly PhaseResult[], patterns: readonly string[]): string {
  const environments = [...new Set(results.filter((r) => r.phase !== 'report').map((r) => r.environment))].sort();
  if (environments.length === 1) return environments[0] as string;
  if (environments.length === 0) {
    throw new UserError(
      `no PhaseResult files found in ${patterns.join(', ')}; give the environment to report it as not assessed`,
      "input 'results'",
    );
  }
  throw new UserError(
    `the results cover several environments (${environments.join(', ')}); choose one`,
    "input 'environment'",
  );
}

function readinessResult(
  readiness: Readiness,
  meta: { startedAt: Date; finishedAt: Date; source?: PhaseResult['source'] },
): PhaseResult {
  const metrics: Metric[] = [
    {
      name: 'readiness_score',
      value: round(readiness.score),
      unit: 'ratio',
      threshold: { operator: '>=', value: readiness.failUnder },
      verdict: readiness.score >= readiness.failUnder ? 'pass' : 'fail',
      detail: 'weighted mean of phase scores; a phase that was not assessed counts 0',
    },
    {
      name: 'assessed_coverage',
      value: round(readiness.coverage),
      unit: 'ratio',
      verdict: readiness.coverage === 1 ? 'pass' : readiness.coverage === 0 ? 'not_assessed' : 'marginal',
      detail: 'share of the weighted pipeline that produced a result',
    },
    ...readiness.rows.map((row): Metric => ({
      name: `${row.phase}_score`,
      value: row.score === null ? null : round(row.score),
      unit: 'ratio',
      verdict:
        row.status === 'not_assessed'
          ? 'not_assessed'
          : row.status === 'failure'
            ? 'fail'
            : row.status === 'neutral'
              ? 'marginal'
              : 'pass',
      detail: `weight ${row.weight}; ${row.summary}`,
    })),
  ];
  const findings: Finding[] = readiness.rows
    .filter((row) => row.status === 'failure' || row.status === 'not_assessed')
    .map((row) => ({
      ruleId: row.status === 'failure' ? 'readiness/phase-failed' : 'readiness/phase-not-assessed',
      severity: row.status === 'failure' ? 'high' : 'medium',
      message:
        row.status === 'failure'
          ? `${row.phase} failed: ${row.summary}`
          : `${row.phase} was not assessed: ${row.summary}`,
      fingerprint: `readiness:${readiness.environment}:${row.phase}:${row.status}`,
    }));
  const assessed = readiness.rows.filter((r) => r.status !== 'not_assessed').length;
  const verdict =
    readiness.status === 'success' ? 'ready' : readiness.status === 'not_assessed' ? 'not assessed' : 'not ready';
  return {
    schemaVersion: 1,
    phase: 'report',
    environment: readiness.environment,
    tier: readiness.tier,
    status: readiness.status,
    score: readiness.status === 'not_assessed' ? null : round(readiness.score),
    summary: `${verdict}: readiness ${(readiness.score * 100).toFixed(1)} % (bar ${(readiness.failUnder * 100).toFixed(1)} %), ${assessed} of ${readiness.rows.length} phases assessed`,
    metrics,
    findings,
    evidence: [],
    timings: {
      startedAt: meta.startedAt.toISOString(),
      finishedAt: meta.finishedAt.toISOString(),
      durationMs: Math.max(0, meta.finishedAt.getTime() - meta.startedAt.getTime()),
    },
    tool: { ...TOOL },
    ...(meta.source ? { source: meta.source } : {}),
    details: {
      weights: Object.fromEntries(readiness.rows.map((r) => [r.phase, r.weight])),
      reasons: readiness.reasons,
    },
  };
}

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
