import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { verifyTrail } from '../../../actions/compliance-audit/src/evidence/verify-trail.js';
import { UserError } from '../../runtime/errors.js';
import { EXIT } from '../exit-codes.js';
import type { Command } from './context.js';

/**
 * `elder verify <dir>`: recomputes every evidence item's sha256 and every link of the audit
 * trail under <dir>. Exit 0 when intact, 2 when broken (altered item, gap, broken link),
 * 1 when <dir> is missing, not a directory, or holds no bundle.
 */
export const verifyCommand: Command = async ({ args, options, stdout, cwd }) => {
  const [target, ...extra] = args;
  if (target === undefined || extra.length > 0) {
    throw new UserError('usage: elder verify <dir> (one directory holding evidence bundles)');
  }
  const dir = resolve(cwd, target);
  const isDir = await stat(dir).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (!isDir) throw new UserError(`${target} is not a directory`, 'elder verify');
  const report = await verifyTrail(dir);
  if (report.bundles.length === 0)
    throw new UserError(`no evidence bundle (bundle-*/manifest.json) found in ${target}`, 'elder verify');
  if (options.json) {
    stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    const percent = (report.completeness * 100).toFixed(1);
    stdout.write(
      `${target}: ${report.bundles.length} bundle(s), ${report.verifiedLinks}/${report.expectedLinks} link(s) verified, completeness ${percent} %: ${report.intact ? 'intact' : 'BROKEN'}\n`,
    );
    if (report.latest !== undefined)
      stdout.write(`latest: bundle ${report.latest.sequence} sha256 ${report.latest.hash}\n`);
    for (const problem of report.problems) stdout.write(`  ${problem.kind}: ${problem.message}\n`);
  }
  return report.intact ? EXIT.ok : EXIT.verdictFailed;
};
