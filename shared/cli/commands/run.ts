import { PHASES } from '../../result/phase-result.js';
import { UserError } from '../../runtime/errors.js';
import { complianceAuditCommand } from '../../../actions/compliance-audit/src/output/cli-command.js';
import { deployCommand } from '../../../actions/deploy/src/output/cli-command.js';
import { qualityGateCommand } from '../../../actions/quality-gate/src/output/cli-command.js';
import { reportCommand } from './report.js';
import type { Command } from './context.js';

/**
 * `elder run <phase> --env <name>`: the phase engines the actions use, run locally.
 * A phase whose engine is not in this release says so plainly instead of pretending to pass.
 */
const ENGINES: Partial<Record<(typeof PHASES)[number], Command>> = {
  'compliance-audit': complianceAuditCommand,
  deploy: deployCommand,
  'quality-gate': qualityGateCommand,
  report: reportCommand,
};

export const runCommand: Command = async (context) => {
  const [phase] = context.args;
  if (!phase) throw new UserError(`name a phase: ${PHASES.join(', ')}`, 'elder run');
  if (!(PHASES as readonly string[]).includes(phase)) {
    throw new UserError(`unknown phase '${phase}'; phases are ${PHASES.join(', ')}`, 'elder run');
  }
  if (!context.options.env) throw new UserError('--env <name> is required', 'elder run');
  const engine = ENGINES[phase as (typeof PHASES)[number]];
  if (!engine) {
    throw new UserError(
      `the ${phase} engine is not in this release yet; available: ${Object.keys(ENGINES).join(', ')}`,
      'elder run',
    );
  }
  return engine(context);
};
