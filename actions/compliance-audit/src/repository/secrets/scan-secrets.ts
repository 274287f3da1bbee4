import type { AuditFinding } from '../../model/audit-rule.js';
import { REPOSITORY_RULES } from '../repository-rules.js';
import { shannonEntropy } from './entropy.js';
import { GENERIC_ASSIGNMENT, isPlaceholder, SECRET_PATTERNS } from './secret-patterns.js';

/** Non-global twins of the known formats, compiled once: `test` on a global RegExp is stateful. */
const KNOWN_FORMATS: readonly RegExp[] = SECRET_PATTERNS.map((p) => new RegExp(p.pattern.source));

/** Generic assignments need this much entropy (bits per character) to count as a credential. */
const GENERIC_MIN_ENTROPY = 3.8;
/** Longer lines (minified bundles) are scanned only for the fixed-prefix formats. */
const MAX_GENERIC_LINE = 4096;

/**
 * Finds credentials in one text file. Evidence never contains the secret: only its kind, its
 * first four characters and its length, so the report itself does not leak it further.
 */
export function scanSecrets(path: string, text: string): AuditFinding[] {
  const rule = REPOSITORY_RULES.secret;
  const findings: AuditFinding[] = [];
  const lines = text.split('\n');
  lines.forEach((line, index) => {
    for (const pattern of SECRET_PATTERNS) {
      pattern.pattern.lastIndex = 0;
      for (const match of line.matchAll(pattern.pattern)) {
        const value = match[pattern.group] ?? '';
        if (shannonEntropy(value) < pattern.minEntropy || isPlaceholder(value)) continue;
        findings.push(
          finding(path, index + 1, (match.index ?? 0) + 1 + match[0].indexOf(value), pattern.name, value, pattern.id),
        );
      }
    }
    if (line.length > MAX_GENERIC_LINE) return;
    for (const match of line.matchAll(GENERIC_ASSIGNMENT)) {
      const name = match[1] ?? '';
      const value = match[2] ?? '';
      if (isPlaceholder(value) || shannonEntropy(value) < GENERIC_MIN_ENTROPY) continue;
      if (KNOWN_FORMATS.some((format) => format.test(value))) continue; // already reported
      const column = (match.index ?? 0) + match[0].lastIndexOf(value) + 1;
      findings.push(finding(path, index + 1, column, `credential assigned to '${name}'`, value, 'generic'));
    }
  });
  return findings;

  function finding(file: string, line: number, column: number, kind: string, value: string, id: string): AuditFinding {
    return {
      ruleId: rule.id,
      severity: rule.severity,
      message: `Possible ${kind} in ${file}.`,
      location: { file, line, column },
      evidence: `${value.slice(0, 4)}… (${value.length} characters, redacted)`,
      help: rule.help,
      fingerprint: `${rule.id}:${id}:${file}:${valueTag(value)}`,
    };
  }
}

/** A short non-reversible tag of the value, so the same secret keeps its fingerprint when lines move. */
function valueTag(value: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < value.length; i += 1) {
    h ^= value.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}
