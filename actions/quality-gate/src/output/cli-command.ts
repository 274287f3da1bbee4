/**
 * `elder run quality-gate --env <name> [--gate <gate>] [--reports <glob>]... [--base-ref <rev>]
 * [--diff-source auto|git|none] [--baseline <file>] [--metric name=value]... [--leg <name>]
 * [--merge <glob>]... [--expected-legs <list>] [--out <dir>]`: the action's engine on a laptop,
 * published to the terminal and to files. The checkout is the current directory; without a
 * token there is no pull request API, so the change comes from git (with --base-ref) or is unknown.
 */
import { resolve } from 'node:path';
import {
  loadConfigOrEmbedded,
  QUALITY_GATES,
  resolveEnvironment,
  type QualityGateName,
} from '../../../../shared/config/index.js';
import type { CommandContext } from '../../../../shared/cli/commands/context.js';
import { EXIT } from '../../../../shared/cli/exit-codes.js';
import { defaultResultsDir } from '../../../../shared/result/result-file.js';
import { formatNumber, formatScore } from '../../../../shared/render/format.js';
import { UserError } from '../../../../shared/runtime/errors.js';
import { execFileSafe } from '../../../../shared/runtime/exec.js';
import { runAttemptFromEnv } from '../flaky/attempt-failures.js';
import { assertRevision } from '../diff/revision-name.js';
import { runQualityGate, type QualityGateMode, type QualityGateOutcome } from '../engine.js';
import { DIFF_SOURCES, type DiffSource } from '../engine/changes.js';
import { parseMetricsInput } from '../engine/metrics-input.js';
import { LEG_NAME_PATTERN } from '../matrix/partial-format.js';

export async function qualityGateCommand(context: CommandContext): Promise<number> {
  const { options, logger, stdout, cwd } = context;
  const environmentName = options.env as string;
  const gate = (options.gate ?? 'pre_deployment') as QualityGateName;
  if (!(QUALITY_GATES as readonly string[]).includes(gate)) {
    throw new UserError(`must be one of ${QUALITY_GATES.join(', ')}; got '${gate}'`, 'option --gate');
  }
  const diffSource = (options['diff-source'] ?? 'auto') as DiffSource;
  if (!(DIFF_SOURCES as readonly string[]).includes(diffSource) || diffSource === 'api') {
    throw new UserError(
      `must be auto, git or none (the CLI has no pull request API); got '${diffSource}'`,
      'option --diff-source',
    );
  }
  const baseRef = options['base-ref'];
  if (baseRef !== undefined) {
    try {
      assertRevision(baseRef, 'base');
    } catch (err) {
      throw new UserError((err as Error).message, 'option --base-ref');
    }
  }
  const mode = cliMode(options);
  const loaded = await loadConfigOrEmbedded(options.config, cwd);
  for (const warning of loaded.warnings) logger.warning(warning);
  const environment = resolveEnvironment(loaded.config, environmentName);
  const outputDir = resolve(cwd, options.out ?? defaultResultsDir());
  const metrics = options.metric?.length ? parseMetricsInput(options.metric.join('\n'), 'option --metric') : undefined;

  const outcome = await runQualityGate(
    {
      environment,
      gate,
      workspace: cwd,
      outputDir,
      mode,
      reports: options.reports ?? [],
      ...(metrics ? { metrics } : {}),
      diff: { source: diffSource, baseCandidates: baseRef ? [baseRef] : [] },
      ...(options.baseline ? { baseline: resolve(cwd, options.baseline) } : {}),
      attempt: runAttemptFromEnv(),
    },
    { logger, exec: execFileSafe },
  );

  if (options.json) {
    stdout.write(`${JSON.stringify({ result: outcome.result, files: outcome.files }, null, 2)}\n`);
  } else {
    stdout.write(`${gateText(outcome)}\n`);
  }
  if (outcome.mode === 'partial') return EXIT.ok;
  return outcome.result.status === 'failure' || outcome.result.status === 'not_assessed' ? EXIT.verdictFailed : EXIT.ok;
}

function cliMode(options: CommandContext['options']): QualityGateMode {
  const expected = (options['expected-legs'] ?? '')
    .split(/[\n,]/)
    .map((leg) => leg.trim())
    .filter((leg) => leg !== '');
  for (const leg of [...(options.leg ? [options.leg] : []), ...expected]) {
    if (!LEG_NAME_PATTERN.test(leg)) throw new UserError(`'${leg.slice(0, 80)}' is not a leg name`, 'option --leg');
  }
  if (options.leg && options.merge?.length) throw new UserError('cannot be used with --merge', 'option --leg');
  if (options.leg) return { kind: 'partial', leg: options.leg };
  if (options.merge?.length) {
    if (options.reports?.length)
      throw new UserError('is not read with --merge: each leg reads its own', 'option --reports');
    return { kind: 'merge', patterns: options.merge, expectedLegs: expected };
  }
  return { kind: 'full' };
}

const STATUS_TEXT = { success: 'passed', failure: 'FAILED', neutral: 'neutral', not_assessed: 'not assessed' } as const;
const VERDICT_MARK = { pass: '✓', fail: '✗', not_assessed: '-', marginal: '!', inconclusive: '?' } as const;

/** The verdict for a terminal: plain text, aligned, no colour codes. */
export function gateText(outcome: QualityGateOutcome): string {
  const { result, details } = outcome;
  if (outcome.mode === 'partial') {
    return [
      `Quality gate ${details.gate} · ${result.environment}: matrix leg written to ${outcome.files.partial ?? ''}`,
      `line coverage ${formatNumber(outcome.figures.lineCoverage, '%')}, failing tests ${formatNumber(outcome.figures.failingTests)}; the merge step judges the gate.`,
    ].join('\n');
  }
  const rows = result.metrics.map((metric) => [
    VERDICT_MARK[metric.verdict],
    metric.name,
    formatNumber(metric.value, metric.unit),
    metric.threshold ? `${metric.threshold.operator} ${formatNumber(metric.threshold.value, metric.unit)}` : '',
    metric.delta === undefined ? '' : `Δ ${metric.delta > 0 ? '+' : ''}${formatNumber(metric.delta, metric.unit)}`,
  ]);
  const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((row) => (row[i] ?? '').length), 0));
  const lines = [
    `Quality gate ${details.gate} · ${result.environment} (${result.tier}): ${STATUS_TEXT[result.status]}, score ${formatScore(result.score)}`,
    result.summary,
    '',
    ...rows.map((row) =>
      row
        .map((cell, i) => (i < 4 ? cell.padEnd(widths[i] ?? 0) : cell))
        .join('  ')
        .trimEnd(),
    ),
  ];
  if (details.remediation.items.length > 0) {
    lines.push('', 'Remediation plan:');
    details.remediation.items.slice(0, 20).forEach((item, i) => {
      const where = item.file
        ? ` (${item.file}${item.ranges?.length ? `:${item.ranges.map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`)).join(',')}` : item.line ? `:${item.line}` : ''})`
        : '';
      lines.push(`  ${i + 1}. ${item.title}${where}`);
    });
    const more = details.remediation.items.length - 20 + details.remediation.omitted;
    if (more > 0) lines.push(`  … ${more} more, see the result file ${outcome.files.result ?? ''}`);
  }
  lines.push(
    '',
    `${result.findings.length} findings; wrote ${outcome.files.result ?? ''}`,
    `      ${outcome.files.sarif ?? ''}`,
  );
  return lines.join('\n');
}
