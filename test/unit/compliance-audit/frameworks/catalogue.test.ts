import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { describe, expect, it } from 'vitest';
import { COMPLIANCE_FRAMEWORKS } from '../../../../shared/config/vocabulary.js';
import {
  FRAMEWORKS,
  KNOWN_RULE_FAMILIES,
  KNOWN_RULE_IDS,
  controlsOfRule,
  findControl,
  rulesOfControl,
} from '../../../../actions/compliance-audit/src/frameworks/catalogue.js';
import { CONTROL_FAMILIES } from '../../../../actions/compliance-audit/src/model/audit-rule.js';
import { renderControlsDocument } from '../../../../actions/compliance-audit/src/frameworks/controls-document.js';

const CONTROLS_MD = fileURLToPath(new URL('../../../../actions/compliance-audit/CONTROLS.md', import.meta.url));

const ID_SHAPES: Record<string, RegExp> = {
  iso_27001: /^A\.[5-8]\.\d{1,2}$/,
  soc_2: /^CC\d\.\d$/,
  pci_dss: /^\d{1,2}\.\d\.\d$/,
  hipaa: /^164\.3(08|12)\([a-e]\)(\(\d\))?(\((i|ii|iii|iv|v)\))?(\([A-D]\))?$/,
  gdpr: /^Art\. \d{2}(\(\d\))?(\([a-d]\))?$/,
};

describe('control catalogue', () => {
  it('covers the five frameworks of the configuration vocabulary', () => {
    expect(Object.keys(FRAMEWORKS).sort()).toEqual([...COMPLIANCE_FRAMEWORKS].sort());
  });

  for (const id of COMPLIANCE_FRAMEWORKS) {
    it(`${id}: ids are well formed and unique, weights 1..3, every control cited`, () => {
      const framework = FRAMEWORKS[id];
      expect(framework.id).toBe(id);
      const ids = framework.controls.map((c) => c.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const control of framework.controls) {
        expect(control.id).toMatch(ID_SHAPES[id] as RegExp);
        expect(Number.isInteger(control.weight) && control.weight >= 1 && control.weight <= 3).toBe(true);
        expect(control.title.trim()).not.toBe('');
        expect(control.source.citation.trim()).not.toBe('');
        if (control.source.verified) expect(control.source.url).toMatch(/^https:\/\//);
        if (control.assessment.kind === 'automated') {
          expect(control.assessment.rules.length + (control.assessment.families?.length ?? 0)).toBeGreaterThan(0);
          for (const rule of control.assessment.rules) expect(KNOWN_RULE_IDS).toContain(rule);
        } else {
          expect(control.assessment.guidance.trim()).not.toBe('');
        }
      }
      // Each framework has controls no automated check can cover, and says so.
      expect(framework.controls.some((c) => c.assessment.kind === 'manual')).toBe(true);
      expect(framework.controls.filter((c) => c.assessment.kind === 'automated').length).toBeGreaterThan(5);
    });
  }

  it('maps every known rule to at least one control, and every family is a real family', () => {
    for (const rule of KNOWN_RULE_IDS) {
      expect(controlsOfRule(rule, COMPLIANCE_FRAMEWORKS, KNOWN_RULE_FAMILIES), rule).not.toEqual([]);
      expect(CONTROL_FAMILIES).toContain(KNOWN_RULE_FAMILIES[rule]);
    }
  });

  it('resolves family mappings to the rules of that family', () => {
    const control = {
      id: 'X',
      title: 'x',
      weight: 1,
      source: { citation: 'x', verified: false },
      assessment: { kind: 'automated' as const, rules: ['repo/license'], families: ['secrets' as const] },
    };
    expect(rulesOfControl(control, KNOWN_RULE_FAMILIES)).toEqual([
      'api/secret-scanning',
      'repo/license',
      'repo/secret',
      'workflow/persisted-credentials-artifact',
      'workflow/secrets-inherit',
    ]);
  });

  it('maps the issue examples where the issue names them', () => {
    expect(controlsOfRule('api/branch-protection', ['iso_27001', 'soc_2', 'pci_dss'], KNOWN_RULE_FAMILIES)).toEqual(
      expect.arrayContaining(['iso_27001:A.8.32', 'iso_27001:A.8.4', 'soc_2:CC8.1', 'pci_dss:6.5.1']),
    );
    expect(controlsOfRule('repo/secret', ['iso_27001', 'pci_dss'], KNOWN_RULE_FAMILIES)).toEqual(
      expect.arrayContaining(['iso_27001:A.5.17', 'pci_dss:8.6.2']),
    );
    expect(findControl('hipaa', '164.312(b)')?.assessment).toEqual({
      kind: 'automated',
      rules: ['audit/trail-integrity'],
    });
    expect(findControl('gdpr', 'Art. 30')?.assessment.kind).toBe('manual');
  });

  it('CONTROLS.md is generated from the data and up to date', async () => {
    // Formatted as `npm run format` would, so formatting the repository never makes it stale.
    const options = (await resolveConfig(CONTROLS_MD)) ?? {};
    const expected = await format(renderControlsDocument(), { ...options, filepath: CONTROLS_MD });
    if (process.env['ELDER_WRITE_CONTROLS'] === '1') writeFileSync(CONTROLS_MD, expected);
    expect(
      existsSync(CONTROLS_MD),
      'run ELDER_WRITE_CONTROLS=1 npx vitest run test/unit/compliance-audit/frameworks',
    ).toBe(true);
    expect(readFileSync(CONTROLS_MD, 'utf8')).toBe(expected);
    for (const id of COMPLIANCE_FRAMEWORKS)
      for (const c of FRAMEWORKS[id].controls)
        expect(expected).toMatch(new RegExp(`\\| ${c.id.replace(/[.()]/g, '\\$&')} +\\|`));
  });
});
