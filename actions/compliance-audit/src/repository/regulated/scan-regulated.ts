import type { AuditFinding } from '../../model/audit-rule.js';
import { REPOSITORY_RULES } from '../repository-rules.js';
import { findCardNumbers, maskPan } from './card-numbers.js';
import { DATA_FILE, findHealthFields } from './health-fields.js';
import { findIbans, maskIban } from './iban.js';
import { findNationalIds } from './national-ids.js';

/** Lines longer than this are minified code or embedded blobs; digit runs in them are noise. */
const MAX_LINE = 8192;

/**
 * Regulated data in one text file: card numbers (PCI DSS), IBANs and national ids (GDPR), and
 * health-record fields in data files (HIPAA). Evidence is always masked.
 */
export function scanRegulatedData(path: string, text: string): AuditFinding[] {
  const findings: AuditFinding[] = [];
  const lines = text.split('\n');
  lines.forEach((line, index) => {
    if (line.length > MAX_LINE) return;
    const lineNo = index + 1;
    for (const card of findCardNumbers(line)) {
      const rule = REPOSITORY_RULES.card;
      findings.push({
        ruleId: rule.id,
        severity: rule.severity,
        message: `A ${card.scheme} card number (passes Luhn) in ${path}.`,
        location: { file: path, line: lineNo, column: card.column },
        evidence: maskPan(card.digits),
        help: rule.help,
        fingerprint: `${rule.id}:${path}:${maskPan(card.digits)}`,
      });
    }
    for (const iban of findIbans(line)) {
      const rule = REPOSITORY_RULES.iban;
      findings.push({
        ruleId: rule.id,
        severity: rule.severity,
        message: `An IBAN with a valid checksum in ${path}.`,
        location: { file: path, line: lineNo, column: iban.column },
        evidence: maskIban(iban.iban),
        help: rule.help,
        fingerprint: `${rule.id}:${path}:${maskIban(iban.iban)}`,
      });
    }
    for (const id of findNationalIds(line)) {
      const rule = REPOSITORY_RULES.nationalId;
      findings.push({
        ruleId: rule.id,
        severity: rule.severity,
        message: `A ${id.kind} in ${path}.`,
        location: { file: path, line: lineNo, column: id.column },
        evidence: id.masked,
        help: rule.help,
        fingerprint: `${rule.id}:${path}:${id.masked}`,
      });
    }
  });
  if (DATA_FILE.test(path)) {
    const hits = findHealthFields(path, lines);
    const first = hits[0];
    if (first) {
      const rule = REPOSITORY_RULES.health;
      const fields = [...new Set(hits.map((h) => h.field))];
      findings.push({
        ruleId: rule.id,
        severity: rule.severity,
        message: `${path} holds health-record fields with values: ${fields.slice(0, 5).join(', ')}${fields.length > 5 ? ', …' : ''}.`,
        location: { file: path, line: first.line, column: first.column },
        evidence: `${hits.length} filled-in field(s)`,
        help: rule.help,
        fingerprint: `${rule.id}:${path}`,
      });
    }
  }
  return findings;
}
