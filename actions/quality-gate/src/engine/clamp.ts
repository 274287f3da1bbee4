/**
 * Findings from reports are written by tools we do not control: a SARIF message can be a
 * megabyte, a path 10,000 characters, a fingerprint a hash of a hash. The PhaseResult schema
 * has limits (and the result must validate before it is written), so each finding is brought
 * within them here, rather than one hostile finding failing the whole gate.
 */
import type { Finding, Location } from '../../../../shared/result/phase-result.js';
import { createHash } from 'node:crypto';

const LIMITS = {
  ruleId: 200,
  message: 10_000,
  evidence: 10_000,
  help: 10_000,
  fingerprint: 200,
  file: 4096,
  control: 100,
};

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function positive(value: number | undefined): number | undefined {
  return value !== undefined && Number.isSafeInteger(value) && value >= 1 ? value : undefined;
}

function clampLocation(location: Location): Location | undefined {
  const file = location.file.replace(/\0/g, '');
  if (file === '' || file.length > LIMITS.file) return undefined;
  const out: Location = { file };
  const line = positive(location.line);
  if (line === undefined) return out;
  out.line = line;
  const column = positive(location.column);
  if (column !== undefined) out.column = column;
  const endLine = positive(location.endLine);
  if (endLine !== undefined && endLine >= line) out.endLine = endLine;
  const endColumn = positive(location.endColumn);
  if (endColumn !== undefined) out.endColumn = endColumn;
  return out;
}

/** A copy with only the schema's fields, each within its limit. */
export function clampFinding(finding: Finding): Finding {
  const out: Finding = {
    ruleId: cut(finding.ruleId === '' ? 'unknown-rule' : finding.ruleId, LIMITS.ruleId),
    severity: finding.severity,
    message: cut(finding.message, LIMITS.message),
  };
  if (finding.location !== undefined) {
    const location = clampLocation(finding.location);
    if (location !== undefined) out.location = location;
  }
  if (finding.evidence !== undefined) out.evidence = cut(finding.evidence, LIMITS.evidence);
  if (finding.controls !== undefined) out.controls = finding.controls.map((c) => cut(c, LIMITS.control));
  if (finding.onChangedLine !== undefined) out.onChangedLine = finding.onChangedLine;
  if (finding.fingerprint !== undefined) {
    out.fingerprint =
      finding.fingerprint.length <= LIMITS.fingerprint
        ? finding.fingerprint
        : `sha256:${createHash('sha256').update(finding.fingerprint).digest('hex')}`;
  }
  if (finding.help !== undefined) out.help = cut(finding.help, LIMITS.help);
  return out;
}

/** A PhaseResult summary: one line, at most 1,000 characters. */
export function oneLine(text: string, max = 1000): string {
  return cut(text.replace(/\s+/g, ' ').trim(), max);
}
