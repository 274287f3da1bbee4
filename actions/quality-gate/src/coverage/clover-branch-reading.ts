/**
 * What a Clover `<line type="cond" truecount="a" falsecount="b"/>` means depends on who wrote it:
 *  - OpenClover (and Atlassian Clover before it): a condition has two outcomes, and a and b are
 *    how often it was true and false; covered outcomes = (a > 0) + (b > 0) of 2.
 *  - Istanbul's clover reporter (nyc, c8, jest): a is the number of covered branches of the line
 *    and b the number not covered; covered = a of a + b.
 * Nothing in the file names the convention reliably, but a file's own `<metrics conditionals
 * coveredconditionals>` are counted in it, so the reading that reproduces them is the one meant.
 * A file whose metrics fit both or neither keeps the reading last proven in the report, and
 * OpenClover's (the format's owner) before any proof.
 */
export type CloverBranchReading = 'two-outcomes' | 'covered-and-missed';

export interface CondLine {
  line: number;
  trueCount: number;
  falseCount: number;
}

export function branchesUnder(reading: CloverBranchReading, cond: CondLine): { covered: number; total: number } {
  if (reading === 'covered-and-missed') {
    return { covered: cond.trueCount, total: cond.trueCount + cond.falseCount };
  }
  return { covered: (cond.trueCount > 0 ? 1 : 0) + (cond.falseCount > 0 ? 1 : 0), total: 2 };
}

/** The reading whose totals equal the file's stated metrics, when exactly one does. */
export function provenReading(
  conds: readonly CondLine[],
  stated: { conditionals?: number; coveredConditionals?: number },
): CloverBranchReading | undefined {
  if (conds.length === 0 || stated.conditionals === undefined || stated.coveredConditionals === undefined) return undefined;
  const fits = (reading: CloverBranchReading): boolean => {
    let covered = 0;
    let total = 0;
    for (const cond of conds) {
      const b = branchesUnder(reading, cond);
      covered += b.covered;
      total += b.total;
    }
    return total === stated.conditionals && covered === stated.coveredConditionals;
  };
  const twoOutcomes = fits('two-outcomes');
  const coveredAndMissed = fits('covered-and-missed');
  if (twoOutcomes === coveredAndMissed) return undefined;
  return twoOutcomes ? 'two-outcomes' : 'covered-and-missed';
}
