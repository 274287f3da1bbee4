import { describe, expect, it } from 'vitest';
import { scoreFramework, type ScoringInput } from '../../../../actions/compliance-audit/src/scoring/framework-score.js';
import { phaseScore } from '../../../../actions/compliance-audit/src/scoring/phase-score.js';
import type { FrameworkDefinition } from '../../../../actions/compliance-audit/src/frameworks/catalogue.js';
import type { RuleOutcome } from '../../../../actions/compliance-audit/src/model/audit-rule.js';

const source = { citation: 'test', verified: false };
const framework: FrameworkDefinition = {
  id: 'iso_27001',
  name: 'Test framework',
  edition: 'test',
  controls: [
    { id: 'A.1', title: 'three', weight: 3, assessment: { kind: 'automated', rules: ['r/a', 'r/b'] }, source },
    { id: 'A.2', title: 'two', weight: 2, assessment: { kind: 'automated', rules: ['r/c'] }, source },
    { id: 'A.3', title: 'one', weight: 1, assessment: { kind: 'automated', rules: ['r/d'] }, source },
    { id: 'A.4', title: 'manual', weight: 2, assessment: { kind: 'manual', guidance: 'link it' }, source },
    {
      id: 'A.5',
      title: 'family',
      weight: 1,
      assessment: { kind: 'automated', rules: [], families: ['secrets'] },
      source,
    },
  ],
};
const families = {
  'r/a': 'change_control',
  'r/b': 'change_control',
  'r/c': 'access_control',
  'r/d': 'logging',
  'r/s': 'secrets',
};

function outcome(
  ruleId: string,
  status: RuleOutcome['status'],
  severities: ('critical' | 'high' | 'low')[] = [],
  reason?: string,
): RuleOutcome {
  const o: RuleOutcome = {
    ruleId,
    status,
    findings: severities.map((severity) => ({ ruleId, severity, message: `${ruleId} ${severity}` })),
  };
  if (reason !== undefined) o.reason = reason;
  return o;
}

function input(outcomes: RuleOutcome[], attested: string[] = [], overrides: Partial<ScoringInput> = {}): ScoringInput {
  return {
    framework,
    outcomes: new Map(outcomes.map((o) => [o.ruleId, o])),
    ruleFamilies: families,
    attested: new Set(attested),
    minScore: 0.9,
    maxCriticalFindings: 0,
    ...overrides,
  };
}

describe('scoreFramework', () => {
  it('weights assessed controls: all pass -> 1, manual not attested is not assessed', () => {
    const score = scoreFramework(
      input([
        outcome('r/a', 'pass'),
        outcome('r/b', 'pass'),
        outcome('r/c', 'pass'),
        outcome('r/d', 'pass'),
        outcome('r/s', 'pass'),
      ]),
    );
    expect(score.score).toBe(1);
    expect(score.coverage).toBe(4 / 5);
    expect(score.verdict).toBe('pass');
    const manual = score.controls.find((c) => c.id === 'A.4');
    expect(manual).toMatchObject({ status: 'not_assessed', kind: 'manual' });
    expect(manual?.reason).toMatch(/attestation/);
  });

  it('fails a control when any mapped rule fails; score is the weighted share of passing controls', () => {
    // A.1 (3) fails through r/b; A.2 (2), A.3 (1), A.5 (1) pass; A.4 attested (2) passes.
    const score = scoreFramework(
      input(
        [
          outcome('r/a', 'pass'),
          outcome('r/b', 'fail', ['high', 'low']),
          outcome('r/c', 'pass'),
          outcome('r/d', 'pass'),
          outcome('r/s', 'pass'),
        ],
        ['A.4'],
      ),
    );
    expect(score.score).toBeCloseTo(6 / 9, 12);
    expect(score.coverage).toBe(1);
    expect(score.controls[0]).toMatchObject({ status: 'fail', failingRules: ['r/b'], findings: 2 });
    expect(score.verdict).toBe('fail');
    expect(score.reasons[0]).toMatch(/below the minimum 0.9/);
  });

  it('is not assessed when a rule could not look, and names why; a failure outranks the unknown', () => {
    const score = scoreFramework(
      input([
        outcome('r/a', 'not_assessed', [], 'token lacks administration: read'),
        outcome('r/b', 'pass'),
        outcome('r/c', 'fail', ['low']),
        outcome('r/s', 'pass'),
      ]),
    );
    const [a1, a2, a3] = score.controls;
    expect(a1).toMatchObject({ status: 'not_assessed' });
    expect(a1?.reason).toContain('token lacks administration: read');
    expect(a2).toMatchObject({ status: 'fail' });
    expect(a3?.status).toBe('not_assessed');
    expect(a3?.reason).toContain('r/d: no checker reported it');
    // Assessed: A.2 (2, fail), A.5 (1, pass) -> 1/3.
    expect(score.score).toBeCloseTo(1 / 3, 12);
    expect(score.coverage).toBe(2 / 5);
  });

  it('lets an attestation cover an automated control that could not be assessed, never one that failed', () => {
    const score = scoreFramework(
      input(
        [
          outcome('r/a', 'not_assessed', [], 'no permission'),
          outcome('r/b', 'pass'),
          outcome('r/c', 'fail', ['low']),
          outcome('r/d', 'pass'),
          outcome('r/s', 'pass'),
        ],
        ['A.1', 'A.2'],
      ),
    );
    expect(score.controls[0]).toMatchObject({ status: 'pass', assessedBy: 'attestation' });
    expect(score.controls[1]).toMatchObject({ status: 'fail', assessedBy: 'rules' });
  });

  it('counts critical findings separately: a perfect score still fails with one critical', () => {
    const outcomes = [
      outcome('r/a', 'pass'),
      outcome('r/b', 'pass'),
      outcome('r/c', 'pass'),
      outcome('r/d', 'pass'),
      outcome('r/s', 'pass'),
    ];
    const clean = scoreFramework(input(outcomes));
    expect(clean.criticalFindings).toBe(0);
    const withCritical = scoreFramework(
      input([...outcomes.slice(0, 4), outcome('r/s', 'fail', ['critical', 'critical', 'high'])], ['A.4']),
    );
    expect(withCritical.criticalFindings).toBe(2);
    // A.5 (1) fails out of 9 assessed weight.
    expect(withCritical.score).toBeCloseTo(8 / 9, 12);
    expect(withCritical.verdict).toBe('fail');
    expect(withCritical.reasons).toContain('2 critical finding(s), at most 0 allowed');
    const tolerant = scoreFramework(
      input([...outcomes.slice(0, 4), outcome('r/s', 'fail', ['critical', 'critical'])], ['A.4'], {
        maxCriticalFindings: 2,
        minScore: 0.8,
      }),
    );
    expect(tolerant.verdict).toBe('pass');
  });

  it('ignores findings of rules not mapped to the framework when counting criticals', () => {
    const score = scoreFramework(input([outcome('r/zzz', 'fail', ['critical'])]));
    expect(score.criticalFindings).toBe(0);
  });

  it('is not_assessed with a null score when nothing could be assessed', () => {
    const score = scoreFramework(input([]));
    expect(score.score).toBeNull();
    expect(score.coverage).toBe(0);
    expect(score.verdict).toBe('not_assessed');
  });

  it('passes at exactly the minimum score', () => {
    const score = scoreFramework(
      input(
        [
          outcome('r/a', 'pass'),
          outcome('r/b', 'pass'),
          outcome('r/c', 'pass'),
          outcome('r/d', 'fail', ['low']),
          outcome('r/s', 'pass'),
        ],
        ['A.4'],
        { minScore: 8 / 9 },
      ),
    );
    expect(score.score).toBeCloseTo(8 / 9, 12);
    expect(score.verdict).toBe('pass');
  });
});

describe('phaseScore', () => {
  it('is the lowest assessed framework score, null when none was assessed', () => {
    const base = scoreFramework(input([]));
    expect(phaseScore([{ ...base, score: 0.95 }, { ...base, score: 0.7 }, base])).toBe(0.7);
    expect(phaseScore([base])).toBeNull();
  });
});
