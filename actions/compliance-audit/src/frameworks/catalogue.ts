import type { ComplianceFramework } from '../../../../shared/config/vocabulary.js';
import type { ControlDefinition, FrameworkDefinition } from './control-types.js';
import { GDPR } from './gdpr.js';
import { HIPAA } from './hipaa.js';
import { ISO_27001 } from './iso-27001.js';
import { PCI_DSS } from './pci-dss.js';
import { SOC_2 } from './soc-2.js';

export * from './control-types.js';
export * from './known-rules.js';

/** The control catalogue: data, documented in CONTROLS.md (generated from this). */
export const FRAMEWORKS: Readonly<Record<ComplianceFramework, FrameworkDefinition>> = {
  iso_27001: ISO_27001,
  soc_2: SOC_2,
  pci_dss: PCI_DSS,
  hipaa: HIPAA,
  gdpr: GDPR,
};

export function findControl(framework: ComplianceFramework, controlId: string): ControlDefinition | undefined {
  return FRAMEWORKS[framework].controls.find((control) => control.id === controlId);
}

/** The rules that assess a control: its named rules plus every known rule of its families. */
export function rulesOfControl(control: ControlDefinition, ruleFamilies: Readonly<Record<string, string>>): string[] {
  if (control.assessment.kind !== 'automated') return [];
  const rules = new Set(control.assessment.rules);
  for (const family of control.assessment.families ?? []) {
    for (const [rule, ruleFamily] of Object.entries(ruleFamilies)) if (ruleFamily === family) rules.add(rule);
  }
  return [...rules].sort();
}

/** Control keys (`iso_27001:A.8.32`) a rule bears on, over the given frameworks. */
export function controlsOfRule(
  ruleId: string,
  frameworks: readonly ComplianceFramework[],
  ruleFamilies: Readonly<Record<string, string>>,
): string[] {
  const keys: string[] = [];
  for (const framework of frameworks) {
    for (const control of FRAMEWORKS[framework].controls) {
      if (rulesOfControl(control, ruleFamilies).includes(ruleId)) keys.push(`${framework}:${control.id}`);
    }
  }
  return keys;
}
