/**
 * The report's markdown blocks: one table row per framework (score, critical findings,
 * coverage, verdict), the not-assessed controls with their reasons, the waived findings and the
 * certificates issued or refused. All user-controlled text is escaped.
 */
import { codeSpan, escapeMarkdown, escapeTableCell } from '../../../../shared/render/escape.js';
import type { FrameworkScore } from '../scoring/framework-score.js';
import type { WaivedFinding } from '../waivers/apply-waivers.js';
import type { CertificateDecision } from '../certificates/certificate.js';

function percent(value: number | null): string {
  return value === null ? 'n/a' : `${(value * 100).toFixed(1)} %`;
}

export function frameworkTable(frameworks: readonly FrameworkScore[], minScore: number, maxCritical: number): string {
  const rows = frameworks.map(
    (f) =>
      `| ${escapeTableCell(f.name)} | ${f.score === null ? 'n/a' : f.score.toFixed(3)} | ${f.criticalFindings} | ${percent(f.coverage)} (${f.assessedControls}/${f.totalControls}) | ${f.totalControls - f.assessedControls} | ${f.verdict === 'pass' ? 'pass' : `**${f.verdict}**`} |`,
  );
  return [
    `| framework | score (min ${minScore}) | critical findings (max ${maxCritical}) | coverage | not assessed | verdict |`,
    '|---|---:|---:|---:|---:|---|',
    ...rows,
  ].join('\n');
}

export function notAssessedBlock(frameworks: readonly FrameworkScore[]): string {
  const lines: string[] = [];
  for (const f of frameworks) {
    for (const c of f.controls.filter((control) => control.status === 'not_assessed')) {
      lines.push(
        `| ${escapeTableCell(f.name)} | ${escapeTableCell(c.id)} | ${escapeTableCell(c.title)} | ${escapeTableCell(c.reason ?? '')} |`,
      );
    }
  }
  if (lines.length === 0) return 'Every control was assessed.';
  return ['**Not assessed**', '', '| framework | control | title | reason |', '|---|---|---|---|', ...lines].join('\n');
}

export function waivedBlock(waived: readonly WaivedFinding[]): string {
  if (waived.length === 0) return 'No finding was waived.';
  const rows = waived.map((w) => {
    const where =
      w.finding.location === undefined
        ? ''
        : `${w.finding.location.file}${w.finding.location.line === undefined ? '' : `:${w.finding.location.line}`}`;
    const who =
      w.by === 'inline'
        ? `inline at ${w.at ?? '?'}`
        : `${w.owner ?? '?'}, ${w.ticket ?? '?'}, until ${w.expires ?? '?'}`;
    return `| ${codeSpan(w.finding.ruleId)} | ${escapeTableCell(where)} | ${escapeTableCell(w.reason)} | ${escapeTableCell(who)} |`;
  });
  return [
    `**Waived findings (${waived.length})**`,
    '',
    '| rule | where | reason | waived by |',
    '|---|---|---|---|',
    ...rows,
  ].join('\n');
}

export function certificateBlock(decision: CertificateDecision): string {
  const lines = decision.issued.map(
    (c) =>
      `- ${escapeMarkdown(c.frameworkName)}: certificate issued, valid until ${c.validUntil} (evidence of automated controls, not an auditor's certification)`,
  );
  for (const refused of decision.refused) {
    lines.push(
      `- ${codeSpan(refused.framework)}: no certificate, because ${escapeMarkdown(refused.reasons.join('; '))}`,
    );
  }
  return lines.length === 0 ? 'No framework audited.' : lines.join('\n');
}
