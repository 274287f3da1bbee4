import { describe, expect, it } from 'vitest';
import { baselineFromResult, baselineRecord } from '../../../../actions/quality-gate/src/baseline/baseline.js';
import { changedLinesFromPullRequestFiles } from '../../../../actions/quality-gate/src/diff/pull-request-files.js';
import type { GateFinding } from '../../../../actions/quality-gate/src/gate/gate-inputs.js';
import { isNewFinding, isNewVulnerability } from '../../../../actions/quality-gate/src/gate/new-code.js';
import { makePhaseResult } from '../../../support/phase-result-factory.js';
import { changes } from './gate-fixtures.js';

const at = (file: string, line: number, endLine?: number): GateFinding => ({
  ruleId: 'r',
  severity: 'low',
  message: `m ${file}`,
  location: endLine === undefined ? { file, line } : { file, line, endLine },
});

describe('what counts as new', () => {
  const change = changes({ 'src/a.ts': [2500] });

  it('a finding spanning an added line is on new code, however long the span', () => {
    expect(isNewFinding(at('src/a.ts', 100, 3000), change, undefined)).toBe(true);
    expect(isNewFinding(at('src/a.ts', 100, 2499), change, undefined)).toBe(false);
    expect(isNewFinding(at('src/b.ts', 2500), change, undefined)).toBe(false);
  });

  it("uses the producer's baselineState only when there is no baseline of our own", () => {
    const marked: GateFinding = { ...at('src/b.ts', 1), baselineState: 'new' };
    expect(isNewFinding(marked, change, undefined)).toBe(true);
    expect(isNewFinding({ ...marked, baselineState: 'unchanged' }, undefined, undefined)).toBe(false);
    expect(isNewFinding(at('src/b.ts', 1), undefined, undefined)).toBeUndefined();
    const baseline = baselineFromResult(
      makePhaseResult({ phase: 'quality-gate', details: { baseline: baselineRecord({ findings: [marked] }) } }),
    );
    expect(isNewFinding(marked, undefined, baseline)).toBe(false);
  });

  it('treats a finding in a file with unknown changed lines as new', () => {
    const unknown = changedLinesFromPullRequestFiles([{ filename: 'gen.ts', status: 'modified', additions: 9000 }]);
    expect(isNewFinding(at('gen.ts', 1), unknown, undefined)).toBe(true);
  });

  it('cannot tell a new vulnerability without a baseline', () => {
    const vulnerability = { id: 'GHSA-x', aliases: ['CVE-1'], package: 'a', severity: 'high' as const };
    expect(isNewVulnerability(vulnerability, undefined)).toBeUndefined();
    const baseline = baselineFromResult(
      makePhaseResult({
        phase: 'quality-gate',
        details: { baseline: baselineRecord({ vulnerabilities: [{ ...vulnerability, id: 'CVE-1', aliases: [] }] }) },
      }),
    );
    expect(isNewVulnerability(vulnerability, baseline)).toBe(false);
    expect(isNewVulnerability({ ...vulnerability, package: 'b' }, baseline)).toBe(true);
  });
});
