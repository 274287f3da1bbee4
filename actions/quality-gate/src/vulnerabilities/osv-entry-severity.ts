/**
 * The severity of one OSV entry, from the best evidence it carries:
 * 1. `database_specific.severity`: the database's own rating (GitHub advisories:
 *    LOW/MODERATE/HIGH/CRITICAL). A rating that people reviewed beats a derived one.
 * 2. `severity[]` of type CVSS_V3: the base score computed from the vector (cvss3-base-score.ts),
 *    the highest when there are several. `Ubuntu` entries carry a word (e.g. "medium").
 * CVSS_V2 and CVSS_V4 vectors are not scored here (v4 needs FIRST's macro-vector tables); the
 * caller falls back to OSV-Scanner's own group `max_severity`, which does score them.
 */
import type { Severity } from '../../../../shared/result/phase-result.js';
import { isRecord } from '../detect/json-shape.js';
import { severityFromWord } from './advisory-severity.js';
import { severityFromScore } from './cvss-rating.js';
import { cvss3BaseScoreOfVector } from './cvss3-base-score.js';

export interface OsvSeverityEvidence {
  severity: Severity;
  /** Where it came from, for the record's explanation and tests. */
  basis: 'database' | 'cvss-v3' | 'ubuntu';
  score?: number;
}

export function osvEntrySeverity(entry: Record<string, unknown>): OsvSeverityEvidence | undefined {
  const databaseSeverity = isRecord(entry.database_specific)
    ? severityFromWord(entry.database_specific.severity)
    : undefined;
  if (databaseSeverity) return { severity: databaseSeverity, basis: 'database' };

  let best: OsvSeverityEvidence | undefined;
  for (const item of Array.isArray(entry.severity) ? entry.severity : []) {
    if (!isRecord(item) || typeof item.score !== 'string') continue;
    if (item.type === 'CVSS_V3') {
      const score = cvss3BaseScoreOfVector(item.score);
      if (score !== undefined && (best?.score === undefined || score > best.score)) {
        best = { severity: severityFromScore(score), basis: 'cvss-v3', score };
      }
    } else if (item.type === 'Ubuntu' && !best) {
      const word = severityFromWord(item.score);
      if (word) best = { severity: word, basis: 'ubuntu' };
    }
  }
  return best;
}
