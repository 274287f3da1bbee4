/**
 * CVSS v3.0 / v3.1 base score from a vector string, as the FIRST specifications define it
 * (v3.1 section 7.1 and Appendix A; v3.0 section 8.1). OSV entries often carry only a vector
 * (`severity[].score`), so the gate computes the score itself rather than guess.
 *
 * The two versions share weights and formula and differ only in rounding: v3.0 rounds up with
 * ceil(x * 10) / 10, which floating point can push a tenth too high (4.000000000000001 -> 4.1);
 * v3.1's Roundup works on an integer scaled by 100,000 to avoid that. Each vector is scored
 * with the rounding of its own version, so scores match what databases publish.
 */

export type Cvss3Version = '3.0' | '3.1';

export interface Cvss3BaseMetrics {
  version: Cvss3Version;
  AV: 'N' | 'A' | 'L' | 'P';
  AC: 'L' | 'H';
  PR: 'N' | 'L' | 'H';
  UI: 'N' | 'R';
  S: 'U' | 'C';
  C: 'H' | 'L' | 'N';
  I: 'H' | 'L' | 'N';
  A: 'H' | 'L' | 'N';
}

/** Allowed values per metric; base metrics are required, the rest may appear once each. */
const METRIC_VALUES: Record<string, readonly string[]> = {
  AV: ['N', 'A', 'L', 'P'],
  AC: ['L', 'H'],
  PR: ['N', 'L', 'H'],
  UI: ['N', 'R'],
  S: ['U', 'C'],
  C: ['H', 'L', 'N'],
  I: ['H', 'L', 'N'],
  A: ['H', 'L', 'N'],
  // Temporal and environmental metrics: valid in a vector, not part of the base score.
  E: ['X', 'U', 'P', 'F', 'H'],
  RL: ['X', 'O', 'T', 'W', 'U'],
  RC: ['X', 'U', 'R', 'C'],
  CR: ['X', 'L', 'M', 'H'],
  IR: ['X', 'L', 'M', 'H'],
  AR: ['X', 'L', 'M', 'H'],
  MAV: ['X', 'N', 'A', 'L', 'P'],
  MAC: ['X', 'L', 'H'],
  MPR: ['X', 'N', 'L', 'H'],
  MUI: ['X', 'N', 'R'],
  MS: ['X', 'U', 'C'],
  MC: ['X', 'N', 'L', 'H'],
  MI: ['X', 'N', 'L', 'H'],
  MA: ['X', 'N', 'L', 'H'],
};
const BASE_METRICS = ['AV', 'AC', 'PR', 'UI', 'S', 'C', 'I', 'A'] as const;

const ATTACK_VECTOR = { N: 0.85, A: 0.62, L: 0.55, P: 0.2 };
const ATTACK_COMPLEXITY = { L: 0.77, H: 0.44 };
/** Privileges Required weighs more when the scope changes. */
const PRIVILEGES_UNCHANGED = { N: 0.85, L: 0.62, H: 0.27 };
const PRIVILEGES_CHANGED = { N: 0.85, L: 0.68, H: 0.5 };
const USER_INTERACTION = { N: 0.85, R: 0.62 };
const IMPACT = { H: 0.56, L: 0.22, N: 0 };

/** Parses `CVSS:3.x/AV:N/...`; undefined when it is not a valid v3.0/v3.1 vector. */
export function parseCvss3Vector(vector: string): Cvss3BaseMetrics | undefined {
  const [prefix, ...parts] = vector.trim().split('/');
  const version = prefix === 'CVSS:3.1' ? '3.1' : prefix === 'CVSS:3.0' ? '3.0' : undefined;
  if (!version) return undefined;
  const values = new Map<string, string>();
  for (const part of parts) {
    const [metric, value, extra] = part.split(':');
    if (metric === undefined || value === undefined || extra !== undefined) return undefined;
    // The specification forbids repeating a metric, and unknown metrics or values.
    if (values.has(metric) || !METRIC_VALUES[metric]?.includes(value)) return undefined;
    values.set(metric, value);
  }
  if (!BASE_METRICS.every((metric) => values.has(metric))) return undefined;
  return {
    version,
    ...Object.fromEntries(BASE_METRICS.map((metric) => [metric, values.get(metric)])),
  } as Cvss3BaseMetrics;
}

export function cvss3BaseScore(metrics: Cvss3BaseMetrics): number {
  const scopeChanged = metrics.S === 'C';
  const iss = 1 - (1 - IMPACT[metrics.C]) * (1 - IMPACT[metrics.I]) * (1 - IMPACT[metrics.A]);
  const impact = scopeChanged ? 7.52 * (iss - 0.029) - 3.25 * Math.pow(iss - 0.02, 15) : 6.42 * iss;
  const privileges = (scopeChanged ? PRIVILEGES_CHANGED : PRIVILEGES_UNCHANGED)[metrics.PR];
  const exploitability =
    8.22 * ATTACK_VECTOR[metrics.AV] * ATTACK_COMPLEXITY[metrics.AC] * privileges * USER_INTERACTION[metrics.UI];
  if (impact <= 0) return 0;
  const raw = scopeChanged ? Math.min(1.08 * (impact + exploitability), 10) : Math.min(impact + exploitability, 10);
  return metrics.version === '3.1' ? roundUpV31(raw) : roundUpV30(raw);
}

/** Base score of a vector string, or undefined when the vector is not valid CVSS v3. */
export function cvss3BaseScoreOfVector(vector: string): number | undefined {
  const metrics = parseCvss3Vector(vector);
  return metrics ? cvss3BaseScore(metrics) : undefined;
}

/** CVSS v3.1 Appendix A: round up to one decimal on an integer to dodge floating-point error. */
export function roundUpV31(value: number): number {
  const scaled = Math.round(value * 100_000);
  if (scaled % 10_000 === 0) return scaled / 100_000;
  return (Math.floor(scaled / 10_000) + 1) / 10;
}

/** CVSS v3.0: the smallest one-decimal number not below the input, computed as published. */
export function roundUpV30(value: number): number {
  return Math.ceil(value * 10) / 10;
}
