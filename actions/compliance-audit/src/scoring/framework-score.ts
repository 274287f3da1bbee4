/**
 * Scores one framework from rule outcomes (waived findings already removed) and attestations.
 *
 * - An automated control passes when every rule mapped to it passed; it fails when any failed
 *   (a known failure outweighs an unknown); otherwise, when any rule could not look or did not
 *   run, it is not assessed, unless an unexpired attestation covers it.
 * - A manual control is assessed (and passes) only through an unexpired attestation.
 * - score = weighted share of assessed controls that pass (null when none was assessed);
 *   coverage = share of controls assessed (by count, so adding a heavy manual control does not
 *   hide how many were looked at).
 * - Critical findings are counted over the rules mapped to the framework, whatever the score.
 * - verdict: pass iff score >= minScore and critical findings <= maxCriticalFindings;
 *   not_assessed when no control could be assessed.
 */
import type { RuleOutcome } from '../model/audit-rule.js';
import { rulesOfControl, type ControlDefinition, type FrameworkDefinition } from '../frameworks/catalogue.js';

export type ControlStatus = 'pass' | 'fail' | 'not_assessed';

export interface ControlResult {
  id: string;
  title: string;
  weight: number;
  kind: 'automated' | 'manual';
  status: ControlStatus;
  /** How the status was reached: `rules`, `attestation`, or `none`. */
  assessedBy: 'rules' | 'attestation' | 'none';
  /** Rules mapped to the control that failed. */
  failingRules: string[];
  /** Active (not waived) findings of the failing rules. */
  findings: number;
  /** For not_assessed: why; for a fail: which rules. */
  reason?: string;
}

export interface FrameworkScore {
  framework: FrameworkDefinition['id'];
  name: string;
  score: number | null;
  coverage: number;
  criticalFindings: number;
  verdict: 'pass' | 'fail' | 'not_assessed';
  /** Plain sentences: why the verdict is what it is. */
  reasons: string[];
  controls: ControlResult[];
  assessedControls: number;
  totalControls: number;
}

export interface ScoringThresholds {
  minScore: number;
  maxCriticalFindings: number;
}

export interface ScoringInput extends ScoringThresholds {
  framework: FrameworkDefinition;
  /** Outcome per rule id, with waived findings removed (status recomputed). */
  outcomes: ReadonlyMap<string, RuleOutcome>;
  ruleFamilies: Readonly<Record<string, string>>;
  /** Control ids of this framework with a valid, unexpired attestation. */
  attested: ReadonlySet<string>;
}

function evaluateRules(
  control: ControlDefinition,
  input: ScoringInput,
): Omit<ControlResult, 'id' | 'title' | 'weight' | 'kind'> {
  const rules = rulesOfControl(control, input.ruleFamilies);
  const failing: string[] = [];
  const unknown: string[] = [];
  let findings = 0;
  for (const rule of rules) {
    const outcome = input.outcomes.get(rule);
    if (outcome === undefined) unknown.push(`${rule}: no checker reported it`);
    else if (outcome.status === 'fail') {
      failing.push(rule);
      findings += outcome.findings.length;
    } else if (outcome.status === 'not_assessed') unknown.push(`${rule}: ${outcome.reason ?? 'not assessed'}`);
  }
  if (failing.length > 0) {
    return {
      status: 'fail',
      assessedBy: 'rules',
      failingRules: failing,
      findings,
      reason: `failing: ${failing.join(', ')}`,
    };
  }
  if (unknown.length === 0) return { status: 'pass', assessedBy: 'rules', failingRules: [], findings: 0 };
  if (input.attested.has(control.id))
    return { status: 'pass', assessedBy: 'attestation', failingRules: [], findings: 0 };
  return { status: 'not_assessed', assessedBy: 'none', failingRules: [], findings: 0, reason: unknown.join('; ') };
}

function evaluateControl(control: ControlDefinition, input: ScoringInput): ControlResult {
  const base = { id: control.id, title: control.title, weight: control.weight, kind: control.assessment.kind };
  if (control.assessment.kind === 'automated') return { ...base, ...evaluateRules(control, input) };
  return input.attested.has(control.id)
    ? { ...base, status: 'pass', assessedBy: 'attestation', failingRules: [], findings: 0 }
    : {
        ...base,
        status: 'not_assessed',
        assessedBy: 'none',
        failingRules: [],
        findings: 0,
        reason: `manual control without a valid attestation (${control.assessment.guidance})`,
      };
}

function criticalFindings(input: ScoringInput): number {
  const rules = new Set(input.framework.controls.flatMap((control) => rulesOfControl(control, input.ruleFamilies)));
  let count = 0;
  for (const rule of rules) {
    for (const finding of input.outcomes.get(rule)?.findings ?? []) if (finding.severity === 'critical') count += 1;
  }
  return count;
}

export function scoreFramework(input: ScoringInput): FrameworkScore {
  const controls = input.framework.controls.map((control) => evaluateControl(control, input));
  const assessed = controls.filter((control) => control.status !== 'not_assessed');
  const assessedWeight = assessed.reduce((sum, control) => sum + control.weight, 0);
  const passedWeight = assessed.filter((c) => c.status === 'pass').reduce((sum, control) => sum + control.weight, 0);
  const score = assessedWeight === 0 ? null : passedWeight / assessedWeight;
  const coverage = controls.length === 0 ? 0 : assessed.length / controls.length;
  const critical = criticalFindings(input);
  const reasons: string[] = [];
  let verdict: FrameworkScore['verdict'];
  if (score === null) {
    verdict = 'not_assessed';
    reasons.push('no control could be assessed');
  } else {
    if (score < input.minScore) reasons.push(`score ${score.toFixed(3)} is below the minimum ${input.minScore}`);
    if (critical > input.maxCriticalFindings) {
      reasons.push(`${critical} critical finding(s), at most ${input.maxCriticalFindings} allowed`);
    }
    verdict = reasons.length === 0 ? 'pass' : 'fail';
  }
  return {
    framework: input.framework.id,
    name: input.framework.name,
    score,
    coverage,
    criticalFindings: critical,
    verdict,
    reasons,
    controls,
    assessedControls: assessed.length,
    totalControls: controls.length,
  };
}
