/**
 * What "new" means for each kind of input, in one place:
 * - a finding is new when it lies on a line the change added, or when the base branch's result
 *   does not have it (by identity); with neither a diff nor a baseline, the producer's own
 *   baselineState decides, and failing that nobody can tell;
 *   a finding in a file whose changed lines are unknown counts as new: unknown is not unchanged;
 * - a failing test is new when it was not failing in the base result; without a baseline every
 *   failing test counts as new (the base branch is expected to be green);
 * - a vulnerability is new when the base result does not have it; without a baseline nobody can
 *   tell (Codecov's rule for a missing base: a note, not a guess).
 */
import type { Baseline } from '../baseline/baseline.js';
import { findingIdentity, vulnerabilityIdentities } from '../baseline/identities.js';
import { touchesAddedLines, type ChangeSet } from '../diff/changed-lines.js';
import type { ClassifiedTest } from '../flaky/test-classifier.js';
import type { Vulnerability } from '../model.js';
import type { GateFinding } from './gate-inputs.js';

/** True, false, or undefined when the finding's file has unknown changed lines. */
export function findingOnChangedLine(finding: GateFinding, changes: ChangeSet): boolean | undefined {
  const location = finding.location;
  if (location?.file === undefined || location.line === undefined) return false;
  const last = Math.max(location.line, location.endLine ?? location.line);
  return touchesAddedLines(changes, location.file, location.line, last);
}

/** Whether findings can be told new at all with what is known. */
export function canJudgeNewFindings(changes: ChangeSet | undefined, baseline: Baseline | undefined): boolean {
  return changes !== undefined || baseline?.findings !== undefined;
}

/** undefined when nothing tells whether it is new. */
export function isNewFinding(
  finding: GateFinding,
  changes: ChangeSet | undefined,
  baseline: Baseline | undefined,
): boolean | undefined {
  if (changes !== undefined && findingOnChangedLine(finding, changes) !== false) return true;
  if (baseline?.findings !== undefined) return !baseline.findings.has(findingIdentity(finding));
  if (finding.baselineState !== undefined) return finding.baselineState === 'new';
  return changes !== undefined ? false : undefined;
}

export function isNewFailingTest(test: ClassifiedTest, baseline: Baseline | undefined): boolean {
  return baseline?.failingTests === undefined || !baseline.failingTests.has(test.id);
}

export function isNewVulnerability(vulnerability: Vulnerability, baseline: Baseline | undefined): boolean | undefined {
  const known = baseline?.vulnerabilities;
  if (known === undefined) return undefined;
  return !vulnerabilityIdentities(vulnerability).some((identity) => known.has(identity));
}

/** One phrase for details: how new findings were told from old ones. */
export function newFindingsBasis(changes: ChangeSet | undefined, baseline: Baseline | undefined): string {
  const parts: string[] = [];
  if (changes !== undefined) parts.push('on lines the change adds');
  if (baseline?.findings !== undefined) parts.push("not in the base branch's result");
  return parts.length > 0 ? parts.join(' or ') : "marked new by the producer's own baseline";
}
