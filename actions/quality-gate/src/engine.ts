/**
 * The quality-gate engine: `runQualityGate(options, ports) -> { result: PhaseResult, ... }`.
 *
 * One job (`full`): read every report (detected by content, streamed into bounded aggregators,
 * paths made repository-relative), compute the change, load the base branch's result, evaluate
 * the gate's conditions, and produce ONE PhaseResult with its SARIF.
 * A matrix leg (`partial`): read the leg's reports and write a partial result for the publishing
 * job; nothing is judged or published there.
 * The publishing job of a matrix (`merge`): merge the expected legs' partials and judge them as
 * one job would; a leg that is missing or unreadable fails the gate.
 *
 * Free of GitHub specifics: the action and the CLI pass ports (git, the pull request's files, a
 * logger, a clock) and publish the outcome in their own ways. Every file is rendered and
 * validated before it is written, and each is written atomically.
 */
import { join } from 'node:path';
import type { EnvironmentConfig } from '../../../shared/config/types.js';
import type { QualityGateName } from '../../../shared/config/vocabulary.js';
import type { PhaseResult } from '../../../shared/result/phase-result.js';
import { resultFileName, writePhaseResult } from '../../../shared/result/result-file.js';
import { assertPhaseResult } from '../../../shared/result/validate.js';
import { toSarif } from '../../../shared/render/sarif.js';
import { writeFileAtomic } from '../../../shared/runtime/atomic-file.js';
import { loadBaseline } from './baseline/load-baseline.js';
import { evaluateGate, gateDefinition, type GateEvaluation } from './gate/evaluate-gate.js';
import type { GateInputs, SuppliedMetric } from './gate/gate-inputs.js';
import { remediationPlan, type RemediationPlan } from './gate/remediation.js';
import { RepoFileIndex } from './paths/repo-file-index.js';
import { assembleResult } from './engine/assemble-result.js';
import { resolveChanges, type DiffSource, type ResolvedChanges } from './engine/changes.js';
import type { KeyFigures, QualityGateDetails } from './engine/details.js';
import { addWarnings, type GateEvidence } from './engine/evidence.js';
import { measureKeyFigures } from './engine/key-figures.js';
import type { QualityGatePorts } from './engine/ports.js';
import { readPreviousAttempts } from './engine/previous-attempts.js';
import { readReports } from './engine/read-reports.js';
import { repositoryFiles, type RepositoryFiles } from './engine/repository-files.js';
import { resultFindings } from './engine/result-findings.js';
import { mergeLegs, type LegStatus } from './matrix/merge-legs.js';
import { partialFileName } from './matrix/partial-format.js';
import { writePartial } from './matrix/write-partial.js';

export type { QualityGatePorts } from './engine/ports.js';
export type { KeyFigures, QualityGateDetails } from './engine/details.js';

export type QualityGateMode =
  | { kind: 'full' }
  | { kind: 'partial'; leg: string }
  | { kind: 'merge'; patterns: readonly string[]; expectedLegs: readonly string[] };

export interface QualityGateOptions {
  /** The environment as configured (tier, quality_gate settings). */
  environment: EnvironmentConfig;
  gate: QualityGateName;
  /** The checkout: reports are read from inside it, paths made relative to it. */
  workspace: string;
  /** Where the PhaseResult, SARIF or partial file go. */
  outputDir: string;
  mode: QualityGateMode;
  /** Report globs (full and partial modes). */
  reports: readonly string[];
  /** Measurements passed in for the deployment-time gates. */
  metrics?: Readonly<Record<string, SuppliedMetric>>;
  diff: {
    source: DiffSource;
    /** Base candidates for git, most precise first (base-ref input, PR base SHA, origin/<base>). */
    baseCandidates: readonly string[];
    pullRequest?: number;
    /** The commit the reports were made from, when the checkout may be another (fork pattern). */
    expectedHead?: string;
  };
  /** Path of the base branch's last result (restored from the cache). */
  baseline?: string;
  /** Globs of earlier attempts' results or partials. */
  previousAttempts?: readonly string[];
  /** GITHUB_RUN_ATTEMPT; default 1. */
  attempt?: number;
  /** Where it ran; `source.commit` is the commit judged (flakiness is per commit). */
  source?: PhaseResult['source'];
  /** An explicit repository file list (e.g. the demo's example folder) instead of `git ls-files`. */
  repositoryFiles?: readonly string[];
}

export interface QualityGateOutcome {
  mode: QualityGateMode['kind'];
  /** In partial mode: the leg's own provisional judgement, not written and not published. */
  result: PhaseResult;
  details: QualityGateDetails;
  evaluation: GateEvaluation;
  plan?: RemediationPlan;
  figures: KeyFigures;
  legs?: LegStatus[];
  files: { result?: string; sarif?: string; partial?: string };
}

export async function runQualityGate(
  options: QualityGateOptions,
  ports: QualityGatePorts,
): Promise<QualityGateOutcome> {
  const { logger } = ports;
  const now = ports.now ?? (() => new Date());
  const startedAt = now();
  const { environment, gate, mode } = options;
  const attempt = options.attempt ?? 1;
  const commit = options.source?.commit;
  const extraNotes: string[] = [];

  const repo: RepositoryFiles =
    options.repositoryFiles !== undefined
      ? { index: new RepoFileIndex(options.repositoryFiles), prefix: '', isRepository: false }
      : await repositoryFiles(options.workspace, ports.exec);
  if (repo.note !== undefined) extraNotes.push(repo.note);

  let evidence: GateEvidence;
  let legs: LegStatus[] | undefined;
  let legChanges: { changes: NonNullable<ResolvedChanges['changes']>; detail: string } | undefined;
  if (mode.kind === 'merge') {
    const merged = await logger.group('Merge the matrix legs', () =>
      mergeLegs(
        {
          patterns: mode.patterns,
          cwd: options.workspace,
          environment: environment.name,
          gate,
          expectedLegs: mode.expectedLegs,
        },
        logger,
      ),
    );
    evidence = merged.evidence;
    legs = merged.legs;
    legChanges = merged.changes;
    for (const leg of legs) {
      if (leg.state === 'merged') logger.info(`leg ${leg.leg}: merged ${leg.file} (attempt ${leg.attempt})`);
      else logger.warning(`leg ${leg.leg} is ${leg.state}: ${leg.reason ?? ''}`);
    }
    if ((options.previousAttempts ?? []).length > 0) {
      extraNotes.push('previous-attempts is read by each leg (partial mode), not when merging');
    }
  } else {
    const earlier = await readPreviousAttempts(
      {
        patterns: options.previousAttempts ?? [],
        cwd: options.workspace,
        environment: environment.name,
        gate,
        attempt,
        ...(mode.kind === 'partial' ? { leg: mode.leg } : {}),
      },
      logger,
    );
    evidence = await logger.group('Read the reports', () =>
      readReports(
        options.reports,
        {
          workspace: options.workspace,
          ...(repo.index ? { repoFiles: repo.index } : {}),
          attempt,
          ...(commit ? { commit } : {}),
          earlier: earlier.attempts,
        },
        logger,
      ),
    );
    addWarnings(evidence, earlier.warnings);
  }

  const changes = await logger.group('Find the lines the change adds', async () => {
    const resolved = await resolveChanges(
      {
        source: options.diff.source,
        workspace: options.workspace,
        prefix: repo.prefix,
        isRepository: repo.isRepository,
        baseCandidates: options.diff.baseCandidates,
        ...(options.diff.expectedHead ? { expectedHead: options.diff.expectedHead } : {}),
        ...(options.diff.pullRequest !== undefined ? { pullRequest: options.diff.pullRequest } : {}),
      },
      {
        exec: ports.exec,
        logger,
        // A matrix leg reads git only: one API listing per leg would multiply the requests.
        ...(ports.pullRequestFiles && (mode.kind !== 'partial' || options.diff.source === 'api')
          ? { pullRequestFiles: ports.pullRequestFiles }
          : {}),
      },
    );
    if (resolved.changes === undefined && legChanges !== undefined) {
      return { changes: legChanges.changes, source: 'git', detail: legChanges.detail } satisfies ResolvedChanges;
    }
    logger.info(resolved.detail);
    return resolved;
  });

  const baseline = await loadBaseline(options.baseline, { environment: environment.name, gate });
  logger.info(baseline.note);

  const inputs: GateInputs = {
    ...(evidence.coverage ? { coverage: evidence.coverage } : {}),
    ...(evidence.tests ? { tests: evidence.tests } : {}),
    ...(evidence.findings ? { findings: evidence.findings } : {}),
    ...(evidence.vulnerabilities ? { vulnerabilities: evidence.vulnerabilities } : {}),
    ...(options.metrics ? { metrics: options.metrics } : {}),
    ...(changes.changes ? { changes: changes.changes } : {}),
    ...(baseline.baseline ? { baseline: baseline.baseline } : {}),
    unreadable: evidence.unreadable,
  };
  const definition = gateDefinition(gate, environment);
  const evaluation = evaluateGate(definition, inputs);
  const plan = remediationPlan(evaluation, inputs, { maxItems: 200 });
  const figures = measureKeyFigures(
    gate,
    environment.tier,
    inputs,
    new Set(evaluation.conditions.map((result) => result.condition.name)),
  );
  const findings = resultFindings({
    evidence,
    evaluation,
    ...(changes.changes ? { changes: changes.changes } : {}),
    ...(baseline.baseline ? { baseline: baseline.baseline } : {}),
    ...(legs ? { legs } : {}),
  });
  const { result, details } = assembleResult({
    mode: mode.kind,
    gate,
    environment,
    evaluation,
    plan,
    figures,
    findings,
    evidence,
    changes,
    baseline,
    ...(legs ? { legs } : {}),
    attempt,
    ...(commit ? { commit } : {}),
    ...(options.source ? { source: options.source } : {}),
    startedAt,
    finishedAt: now(),
    extraNotes,
  });

  const outcome: QualityGateOutcome = {
    mode: mode.kind,
    result,
    details,
    evaluation,
    plan,
    figures: figures.figures,
    files: {},
  };
  if (legs !== undefined) outcome.legs = legs;

  if (mode.kind === 'partial') {
    const path = join(options.outputDir, partialFileName(environment.name, gate, mode.leg));
    const records = await writePartial(path, evidence, {
      environment: environment.name,
      gate,
      leg: mode.leg,
      attempt,
      ...(commit ? { commit } : {}),
      ...(options.source?.ref ? { ref: options.source.ref } : {}),
      createdAt: now(),
      ...(changes.changes && changes.source !== 'none'
        ? { changes: { changes: changes.changes, source: changes.source, detail: changes.detail } }
        : {}),
    });
    logger.info(`Wrote the partial result of leg ${mode.leg}: ${path} (${records} records)`);
    outcome.files.partial = path;
    return outcome;
  }

  const resultPath = join(options.outputDir, resultFileName(result));
  const sarifPath = join(options.outputDir, `quality-gate-${environment.name}-${gate}.sarif`);
  // Render and validate everything before writing anything.
  assertPhaseResult(result, resultPath);
  const sarif = `${JSON.stringify(toSarif([result]), null, 2)}\n`;
  await writeFileAtomic(sarifPath, sarif);
  await writePhaseResult(result, options.outputDir);
  outcome.files.result = resultPath;
  outcome.files.sarif = sarifPath;
  return outcome;
}

/** Writes the result again after publishing added `source.checkRunUrl` (validated, atomic). */
export async function rewriteResult(result: PhaseResult, outputDir: string): Promise<string> {
  return writePhaseResult(result, outputDir);
}
