import { codeSpan, escapeMarkdown, safeLink } from '../../../../shared/render/escape.js';
import type { Certificate } from './certificate.js';

function list(ids: readonly string[]): string {
  return ids.length === 0 ? 'none' : ids.map((id) => codeSpan(id)).join(', ');
}

/** The certificate as a markdown document (the JSON file is the machine-readable twin). */
export function certificateMarkdown(certificate: Certificate): string {
  const scope = certificate.scope;
  const run = certificate.runUrl === undefined ? 'local run' : safeLink('workflow run', certificate.runUrl);
  return [
    `# Compliance certificate: ${escapeMarkdown(certificate.frameworkName)}`,
    '',
    `> ${escapeMarkdown(certificate.statement)}`,
    '',
    '| | |',
    '|---|---|',
    `| Repository | ${scope.repository === undefined ? 'not recorded' : codeSpan(scope.repository)} |`,
    `| Environment | ${codeSpan(scope.environment)} (${escapeMarkdown(scope.tier)}) |`,
    `| Frameworks audited in this run | ${list(scope.frameworks)} |`,
    `| Score | ${certificate.score.toFixed(3)} |`,
    `| Coverage (controls assessed) | ${(certificate.coverage * 100).toFixed(1)} % |`,
    `| Critical findings | ${certificate.criticalFindings} |`,
    `| Issued | ${certificate.issuedAt} |`,
    `| Valid until | ${certificate.validUntil} |`,
    `| Commit | ${certificate.commit === undefined ? 'not recorded' : codeSpan(certificate.commit)} |`,
    `| Run | ${run} |`,
    `| Evidence bundle | sequence ${certificate.evidenceBundle.sequence}, sha256 ${codeSpan(certificate.evidenceBundle.sha256)} |`,
    '',
    `Controls assessed by automated checks: ${list(scope.controlsAutomated)}.`,
    '',
    `Controls assessed through manual attestations: ${list(scope.controlsAttested)}.`,
    '',
    `Controls not assessed (not covered by this document): ${list(scope.controlsNotAssessed)}.`,
    '',
    `Check the evidence with \`elder verify <trail directory>\`: the bundle hash above must match bundle ${certificate.evidenceBundle.sequence}.`,
    '',
    `_${escapeMarkdown(certificate.tool)}_`,
    '',
  ].join('\n');
}
