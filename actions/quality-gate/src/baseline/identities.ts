/**
 * What makes a finding, a vulnerability or a failing test "the same one" as in the base branch's
 * result, so that "new" means new to this change and not merely present.
 *
 * - Findings: rule + file + normalised message (numbers and whitespace folded), the recipe of
 *   our SARIF fingerprint, or the producer's own fingerprint when it gives one. Line numbers are
 *   left out so an edit above a finding does not make it new. Kept to 128 bits of the hash: the
 *   base result stores one per finding.
 * - Vulnerabilities: package + advisory, under every alias the advisory has, so npm audit's
 *   GHSA id and OSV-Scanner's CVE alias of one advisory match.
 * - Tests: suites + class name + name (flaky/test-identity.ts).
 */
import type { Finding } from '../../../../shared/result/phase-result.js';
import { findingFingerprint } from '../../../../shared/render/sarif.js';
import type { Vulnerability } from '../model.js';

export { testIdentity } from '../flaky/test-identity.js';

const FINDING_IDENTITY_HEX = 32;

export function findingIdentity(finding: Finding): string {
  return findingFingerprint(finding).slice(0, FINDING_IDENTITY_HEX);
}

/** One identity per advisory id and alias; two vulnerabilities are the same when any is shared. */
export function vulnerabilityIdentities(vulnerability: Pick<Vulnerability, 'package' | 'id' | 'aliases'>): string[] {
  const name = vulnerability.package.trim().toLowerCase();
  const ids = new Set([vulnerability.id, ...vulnerability.aliases].map((id) => id.trim().toLowerCase()));
  return [...ids].filter((id) => id !== '').map((id) => `${name}@${id}`);
}
