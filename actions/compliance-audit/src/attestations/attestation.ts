/**
 * Manual control attestations: a person states that a control no automated check covers is in
 * place, with the evidence and until when. File (default `.github/elder-attestations.yml`):
 *
 *   attestations:
 *     - framework: iso_27001
 *       control: A.5.24
 *       owner: security-team
 *       date: 2026-01-15
 *       evidence: https://wiki.example.com/incident-plan
 *       expires: 2027-01-15
 *
 * Every problem is reported at once with file:line:column. An attestation past its expiry is
 * kept (the report shows it) but does not count as attested.
 */
import { UserErrors } from '../../../../shared/runtime/errors.js';
import { YamlSource } from '../../../../shared/config/yaml-source.js';
import type { ConfigError } from '../../../../shared/config/config-error.js';
import type { ConfigPath } from '../../../../shared/config/config-path.js';
import { COMPLIANCE_FRAMEWORKS, type ComplianceFramework } from '../../../../shared/config/vocabulary.js';
import { findControl } from '../frameworks/catalogue.js';
import { expiryInstant } from '../waivers/waiver.js';

export const DEFAULT_ATTESTATIONS_FILE = '.github/elder-attestations.yml';

export interface Attestation {
  framework: ComplianceFramework;
  control: string;
  owner: string;
  /** `YYYY-MM-DD`, when the attestation was made. */
  date: string;
  evidence: string;
  expires: string;
  /** `file:line:column` of the entry. */
  where: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const FIELDS = ['framework', 'control', 'owner', 'date', 'evidence', 'expires'] as const;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses and validates the attestations file's text; throws UserErrors listing every problem. */
export function parseAttestations(text: string, file: string, now: Date): Attestation[] {
  // A file with only comments (a template) holds no attestation yet.
  if (text.split(/\r?\n/).every((line) => /^\s*(#.*)?$/.test(line))) return [];
  const source = YamlSource.parse(text, file);
  const problems: ConfigError[] = [];
  const problem = (path: ConfigPath, message: string, at: 'key' | 'value' = 'value'): void => {
    problems.push(source.toError({ path, at, message }));
  };
  const data = source.data;
  if (data === null || data === undefined) return [];
  const list = isRecord(data) ? data.attestations : data;
  const base: ConfigPath = isRecord(data) ? ['attestations'] : [];
  if (isRecord(data)) {
    for (const key of Object.keys(data))
      if (key !== 'attestations') problem([key], `unknown key '${key}'; expected 'attestations'`, 'key');
  }
  if (!Array.isArray(list)) {
    problem(base, 'expected a list of attestations');
    throw new UserErrors(problems, `${file}: ${problems.length} problem(s)`);
  }
  const attestations: Attestation[] = [];
  list.forEach((entry: unknown, index) => {
    const at: ConfigPath = [...base, index];
    if (!isRecord(entry)) {
      problem(at, 'an attestation must be a mapping with framework, control, owner, date, evidence and expires');
      return;
    }
    const before = problems.length;
    for (const key of Object.keys(entry)) {
      if (!(FIELDS as readonly string[]).includes(key)) problem([...at, key], `unknown key '${key}'`, 'key');
    }
    const values: Record<string, string> = {};
    for (const field of FIELDS) {
      const value = entry[field];
      if (typeof value !== 'string' || value.trim() === '') problem(at, `missing or empty '${field}'`, 'key');
      else values[field] = value.trim();
    }
    const framework = values.framework as ComplianceFramework | undefined;
    if (framework !== undefined && !COMPLIANCE_FRAMEWORKS.includes(framework)) {
      problem([...at, 'framework'], `unknown framework '${framework}'; one of ${COMPLIANCE_FRAMEWORKS.join(', ')}`);
    } else if (
      framework !== undefined &&
      values.control !== undefined &&
      findControl(framework, values.control) === undefined
    ) {
      problem(
        [...at, 'control'],
        `'${values.control}' is not a control of ${framework} in the catalogue (see CONTROLS.md)`,
      );
    }
    for (const field of ['date', 'expires'] as const) {
      const value = values[field];
      if (value !== undefined && (!DATE.test(value) || Number.isNaN(Date.parse(value)))) {
        problem([...at, field], `'${value}' is not a date (YYYY-MM-DD)`);
      }
    }
    if (values.date !== undefined && DATE.test(values.date) && Date.parse(values.date) > now.getTime()) {
      problem([...at, 'date'], `the date ${values.date} is in the future`);
    }
    if (values.date !== undefined && values.expires !== undefined && values.expires < values.date) {
      problem([...at, 'expires'], `expires ${values.expires} is before the date ${values.date}`);
    }
    if (values.evidence !== undefined && !/^https:\/\/[^\s]+$/.test(values.evidence)) {
      problem([...at, 'evidence'], 'evidence must be an https:// link to the evidence');
    }
    if (problems.length > before) return;
    attestations.push({
      framework: framework as ComplianceFramework,
      control: values.control as string,
      owner: values.owner as string,
      date: values.date as string,
      evidence: values.evidence as string,
      expires: values.expires as string,
      where: source.where(at),
    });
  });
  if (problems.length > 0) throw new UserErrors(problems, `${file}: ${problems.length} problem(s)`);
  return attestations;
}

/** Attestations valid at `now` (expires is inclusive, through the end of that day UTC). */
export function validAttestations(attestations: readonly Attestation[], now: Date): Attestation[] {
  return attestations.filter((a) => now.getTime() < expiryInstant(a.expires));
}

/** Control ids of a framework with a valid attestation. */
export function attestedControls(
  attestations: readonly Attestation[],
  framework: ComplianceFramework,
  now: Date,
): Set<string> {
  return new Set(
    validAttestations(attestations, now)
      .filter((a) => a.framework === framework)
      .map((a) => a.control),
  );
}
