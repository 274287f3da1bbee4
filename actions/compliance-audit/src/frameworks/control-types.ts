import type { ComplianceFramework } from '../../../../shared/config/vocabulary.js';
import type { ControlFamily } from '../model/audit-rule.js';

/** Where a control's id and title come from, and whether we checked it against that source. */
export interface ControlSource {
  /** Human citation, e.g. `ISO/IEC 27001:2022 Annex A, control 8.32`. */
  citation: string;
  /** A public page that states the control's number and title, when one was found. */
  url?: string;
  /** True when the id and title were checked against `url` (or the official text). */
  verified: boolean;
  /** Why the mapping is what it is, or what is uncertain about it. */
  note?: string;
}

/**
 * How a control is assessed: by the outcomes of named rules (and, optionally, of every rule of
 * some families), or manually, by an attestation in the attestations file.
 */
export type ControlAssessment =
  | { kind: 'automated'; rules: readonly string[]; families?: readonly ControlFamily[] }
  | { kind: 'manual'; guidance: string };

export interface ControlDefinition {
  /** The framework's own number, e.g. `A.8.32`, `CC8.1`, `6.5.1`, `164.312(b)`, `Art. 32(1)(b)`. */
  id: string;
  title: string;
  /** Relative importance inside the framework (1 low .. 3 core); the score is weighted by it. */
  weight: number;
  assessment: ControlAssessment;
  source: ControlSource;
}

export interface FrameworkDefinition {
  id: ComplianceFramework;
  name: string;
  /** Edition audited, e.g. `2022`, `v4.0`. */
  edition: string;
  controls: readonly ControlDefinition[];
}

/** `iso_27001:A.8.32`: the form findings carry in `controls` and SARIF carries as tags. */
export function controlKey(framework: ComplianceFramework, controlId: string): string {
  return `${framework}:${controlId}`;
}
