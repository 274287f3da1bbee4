/**
 * `elder run compliance-audit --env <name> [--dir <repository>] [--config <file>] [--out <dir>]`:
 * the audit on a laptop. Without a token the repository settings are reported as not assessed
 * (with that reason), so a local run never claims what it could not read.
 */
import { resolve } from 'node:path';
import { loadConfigOrEmbedded, resolveEnvironment } from '../../../../shared/config/index.js';
import type { CommandContext } from '../../../../shared/cli/commands/context.js';
import { EXIT } from '../../../../shared/cli/exit-codes.js';
import { formatScore } from '../../../../shared/render/format.js';
import { defaultResultsDir } from '../../../../shared/result/result-file.js';
import { ALL_AUDIT_RULES, auditCheckers } from '../audit-checkers.js';
import { runComplianceAudit, type ComplianceOutcome } from '../engine.js';

export async function complianceAuditCommand(context: CommandContext): Promise<number> {
  const { options, logger, stdout, cwd } = context;
  const root = resolve(cwd, options.dir ?? '.');
  const loaded = await loadConfigOrEmbedded(options.config, root);
  for (const warning of loaded.warnings) logger.warning(warning);
  const environment = resolveEnvironment(loaded.config, options.env as string);
  const outcome = await runComplianceAudit(
    {
      environment,
      root,
      outDir: resolve(cwd, options.out ?? defaultResultsDir()),
      ...(options.config ? { configFile: options.config } : {}),
    },
    {
      checkers: auditCheckers({ root, settings: environment.phases.complianceAudit, logger }),
      rules: ALL_AUDIT_RULES,
      logger,
    },
  );
  stdout.write(options.json ? `${JSON.stringify(cliJson(outcome), null, 2)}\n` : complianceText(outcome));
  return outcome.result.status === 'failure' ? EXIT.verdictFailed : EXIT.ok;
}

function cliJson(outcome: ComplianceOutcome): Record<string, unknown> {
  return {
    status: outcome.result.status,
    score: outcome.result.score,
    summary: outcome.result.summary,
    frameworks: outcome.frameworks.map((f) => ({
      framework: f.framework,
      score: f.score,
      verdict: f.verdict,
      coverage: f.coverage,
      criticalFindings: f.criticalFindings,
    })),
    bundleHash: outcome.bundle.hash,
    files: outcome.files,
  };
}

/** Plain text for a terminal: one line per framework, then where everything was written. */
export function complianceText(outcome: ComplianceOutcome): string {
  const lines = [
    '',
    `Compliance audit (${outcome.result.environment}): ${outcome.result.summary}`,
    ...outcome.frameworks.map(
      (f) =>
        `  ${f.framework.padEnd(10)} ${f.verdict.padEnd(6)} score ${f.score === null ? 'n/a' : formatScore(f.score)}, ${f.criticalFindings} critical, coverage ${(f.coverage * 100).toFixed(0)} %`,
    ),
    `  evidence bundle ${outcome.bundle.hash.slice(0, 16)}… in ${outcome.files.bundleDir}`,
    ...outcome.files.certificates.map((c) => `  certificate ${c}`),
    `  result ${outcome.files.result}, SARIF ${outcome.files.sarif}`,
    '',
  ];
  return lines.join('\n');
}
