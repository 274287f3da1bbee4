import { resolve } from 'node:path';
import { defaultResultsDir } from '../../result/result-file.js';
import { runReport } from '../../../actions/report/src/report-engine.js';
import { parseWeights } from '../../../actions/report/src/readiness.js';
import { EXIT } from '../exit-codes.js';
import { numberOption } from '../options.js';
import { readinessText } from '../readiness-text.js';
import type { Command } from './context.js';

/** `elder report`: the same engine as actions/report, published to the terminal and to files. */
export const reportCommand: Command = async ({ options, logger, stdout, cwd }) => {
  const outputDir = resolve(cwd, options.out ?? defaultResultsDir());
  const patterns = options.results?.length ? options.results : [defaultResultsDir()];
  const outcome = await runReport(
    {
      environment: options.env,
      patterns,
      cwd,
      outputDir,
      failUnder: numberOption(options['fail-under'], 'fail-under', { min: 0, max: 1 }),
      weights: options.weights ? parseWeights(options.weights, 'option --weights') : undefined,
    },
    logger,
  );
  if (options.json) {
    stdout.write(`${JSON.stringify({ readiness: outcome.readiness, files: outcome.files }, null, 2)}\n`);
  } else {
    stdout.write(
      `${readinessText(outcome.readiness)}\n\nwrote ${outcome.files.result}\n      ${outcome.files.sarif}\n      ${outcome.files.junit}\n`,
    );
  }
  return outcome.readiness.status === 'success' ? EXIT.ok : EXIT.verdictFailed;
};
