/**
 * CONTROLS.md, generated from the catalogue so the documentation cannot drift from the data:
 * a test compares the file with this output and fails when it is stale
 * (regenerate with `ELDER_WRITE_CONTROLS=1 npx vitest run test/unit/compliance-audit/frameworks`).
 */
import { FRAMEWORKS, KNOWN_RULE_FAMILIES, controlsOfRule, rulesOfControl } from './catalogue.js';
import type { ControlDefinition } from './control-types.js';
import { COMPLIANCE_FRAMEWORKS } from '../../../../shared/config/vocabulary.js';

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function assessedBy(control: ControlDefinition): string {
  if (control.assessment.kind === 'manual') return `manual: ${control.assessment.guidance}`;
  return rulesOfControl(control, KNOWN_RULE_FAMILIES)
    .map((rule) => `\`${rule}\``)
    .join(', ');
}

function sourceOf(control: ControlDefinition): string {
  const { citation, url, verified, note } = control.source;
  const cited = url === undefined ? citation : `[${citation}](${url})`;
  const mark = verified ? 'verified' : '**not verified**';
  return `${cited} (${mark})${note === undefined ? '' : `. ${note}`}`;
}

export function renderControlsDocument(): string {
  const lines: string[] = [
    '# Compliance audit: control mapping',
    '',
    '<!-- Generated from src/frameworks/*.ts by controls-document.ts; do not edit by hand. -->',
    '',
    'Each framework lists the controls this action touches. An automated control passes when every rule',
    'mapped to it passed (waived findings excluded); it is not assessed when any of those rules could not',
    'look (e.g. the token lacks a permission), unless a valid attestation covers it. A manual control is',
    'assessed only through an unexpired attestation in the attestations file',
    '(default `.github/elder-attestations.yml`). The score is the weighted share of assessed controls that',
    'pass; coverage is the share of controls assessed.',
    '',
    '"verified" means the control number and title were checked against the linked public page; "not',
    'verified" citations come from the standard as we know it and should be checked against the official',
    'text before an auditor relies on them.',
    '',
  ];
  for (const id of COMPLIANCE_FRAMEWORKS) {
    const framework = FRAMEWORKS[id];
    lines.push(`## ${framework.name} (${framework.edition}), \`${id}\``, '');
    lines.push('| control | title | weight | assessed by | source |', '|---|---|---:|---|---|');
    for (const control of framework.controls) {
      lines.push(
        `| ${cell(control.id)} | ${cell(control.title)} | ${control.weight} | ${cell(assessedBy(control))} | ${cell(sourceOf(control))} |`,
      );
    }
    lines.push('');
  }
  lines.push('## Rules and the controls they bear on', '', '| rule | family | controls |', '|---|---|---|');
  for (const [rule, family] of Object.entries(KNOWN_RULE_FAMILIES).sort(([a], [b]) => a.localeCompare(b))) {
    const controls = controlsOfRule(rule, COMPLIANCE_FRAMEWORKS, KNOWN_RULE_FAMILIES);
    lines.push(`| \`${rule}\` | ${family} | ${cell(controls.join(', '))} |`);
  }
  lines.push('');
  return lines.join('\n');
}
