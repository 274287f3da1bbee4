import { parseArgs, type ParseArgsConfig } from 'node:util';
import { errorMessage, isUserError, UserErrors } from '../runtime/errors.js';
import { ConsoleLogger } from '../runtime/console-logger.js';
import { TOOL } from '../version.js';
import { EXIT } from './exit-codes.js';
import { COMMANDS, type CommandContext } from './commands/index.js';

const USAGE = `elder ${TOOL.version}: Ancient Elder, from merged pull request to production, proven.

Usage:
  elder validate [--config <file>]              check .github/elder.yml, print each environment's budgets
  elder run <phase> --env <name> [--config <file>]
                                                run one phase's engine locally
  elder run quality-gate --env <name> [--gate <gate>] [--reports <glob>]... [--base-ref <rev>]
        [--diff-source auto|git|none] [--baseline <file>] [--metric name=value]...
        [--leg <name> | --merge <glob>... --expected-legs <list>] [--out <dir>]
                                                the quality gate on local reports
  elder run deploy --env <name> [--candidate <version>] [--stable <version>] [--strategy <s>]
        [--driver <d>] [--command deploy|promote|abort|rollback] [--state-dir <dir>] [--dir <workspace>]
                                                roll a version out with the environment's strategy
  elder run compliance-audit --env <name> [--dir <repository>] [--out <dir>]
                                                audit a repository for the environment's frameworks
  elder report [--results <glob>]... [--env <name>] [--fail-under <0..1>] [--weights <list>] [--out <dir>]
                                                join PhaseResult files into the readiness score
  elder demo [--dir <examples>] [--out <dir>]    run the pipeline on the bundled example service
  elder verify <dir> [--json]                    verify an audit trail of evidence bundles (0 intact, 2 broken)

Common options:
  --json       machine-readable output on stdout (logs go to stderr)
  --verbose    debug logging
  --help       this text
  --version    print the version

Exit codes: 0 passed, 1 bad input (nothing written), 2 verdict failed, 3 internal error.`;

const OPTIONS = {
  config: { type: 'string' },
  env: { type: 'string' },
  results: { type: 'string', multiple: true },
  'fail-under': { type: 'string' },
  weights: { type: 'string' },
  out: { type: 'string' },
  dir: { type: 'string' },
  gate: { type: 'string' },
  reports: { type: 'string', multiple: true },
  'base-ref': { type: 'string' },
  'diff-source': { type: 'string' },
  baseline: { type: 'string' },
  metric: { type: 'string', multiple: true },
  leg: { type: 'string' },
  merge: { type: 'string', multiple: true },
  'expected-legs': { type: 'string' },
  candidate: { type: 'string' },
  stable: { type: 'string' },
  strategy: { type: 'string' },
  driver: { type: 'string' },
  'state-dir': { type: 'string' },
  command: { type: 'string' },
  json: { type: 'boolean', default: false },
  verbose: { type: 'boolean', default: false },
  quiet: { type: 'boolean', default: false },
  help: { type: 'boolean', default: false },
  version: { type: 'boolean', default: false },
} satisfies ParseArgsConfig['options'];

export async function runCli(argv: readonly string[], io: { stdout?: NodeJS.WritableStream } = {}): Promise<number> {
  const stdout = io.stdout ?? process.stdout;
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    process.stderr.write(`elder: ${errorMessage(err)}\n\n${USAGE}\n`);
    return EXIT.userError;
  }
  const { values, positionals } = parsed;
  if (values.version) {
    stdout.write(`${TOOL.version}\n`);
    return EXIT.ok;
  }
  const [name, ...rest] = positionals;
  if (values.help || !name) {
    stdout.write(`${USAGE}\n`);
    return values.help ? EXIT.ok : EXIT.userError;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`elder: unknown command '${name}'\n\n${USAGE}\n`);
    return EXIT.userError;
  }
  const logger = new ConsoleLogger({ verbose: values.verbose, quiet: values.quiet });
  const context: CommandContext = { args: rest, options: values, logger, stdout, cwd: process.cwd() };
  try {
    return await command(context);
  } catch (err) {
    if (err instanceof UserErrors) {
      for (const problem of err.problems) process.stderr.write(`error: ${problem.message}\n`);
      process.stderr.write(`${err.problems.length} problem(s); nothing was written.\n`);
      return EXIT.userError;
    }
    if (isUserError(err)) {
      process.stderr.write(`error: ${err.message}\n`);
      return EXIT.userError;
    }
    process.stderr.write(
      `elder ${name}: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    return EXIT.internalError;
  }
}
