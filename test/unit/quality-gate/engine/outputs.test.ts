// What the action publishes fits every GitHub limit at once, with 10,000 findings whose text is
// multi-byte and hostile; inputs that feed the gate are parsed strictly.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runQualityGate, type QualityGateOutcome } from '../../../../actions/quality-gate/src/engine.js';
import { parseMetricsInput } from '../../../../actions/quality-gate/src/engine/metrics-input.js';
import { failOnStatuses, shouldFail } from '../../../../actions/quality-gate/src/output/fail-on.js';
import {
  checkRunContent,
  commentMarkdown,
  jobSummaryMarkdown,
} from '../../../../actions/quality-gate/src/output/gate-outputs.js';
import { stickyCommentMarker } from '../../../../shared/github/sticky-comment.js';
import { CLEAN_AUDIT, environment, junit, lcov, ports, sarif, Workspace } from './engine-fixtures.js';

describe('outputs with 10,000 findings', () => {
  const w = new Workspace();
  let outcome: QualityGateOutcome;
  beforeAll(async () => {
    w.write('src/a.ts', 'x\n'.repeat(100));
    w.write('reports/lcov.info', lcov('src/a.ts', { 1: 1, 2: 0 }));
    w.write(
      'reports/junit.xml',
      junit(
        Array.from({ length: 50 }, (_, i) => ({
          name: `case ${i} ✓ | @team`,
          failed: true,
          file: 'src/a.ts',
          line: i + 1,
        })),
      ),
    );
    w.write('reports/audit.json', CLEAN_AUDIT);
    w.write(
      'reports/lint.sarif',
      sarif(
        Array.from({ length: 10_000 }, (_, i) => ({
          rule: `rule-${i % 37}`,
          file: 'src/a.ts',
          line: 1 + (i % 100),
          level: i % 7 === 0 ? 'error' : 'warning',
          message: `問題 ${i} 🚨 <img src=x onerror=alert(1)> | @everyone #${i} ${'詳細'.repeat(40)}`,
        })),
      ),
    );
    outcome = await runQualityGate(
      {
        environment: environment(),
        gate: 'pre_deployment',
        workspace: w.dir,
        outputDir: join(w.dir, 'out'),
        mode: { kind: 'full' },
        reports: ['reports/*'],
        diff: { source: 'none', baseCandidates: [] },
        source: {
          repository: 'octo-org/service',
          commit: 'c'.repeat(40),
          runUrl: 'https://github.com/octo-org/service/actions/runs/1',
        },
      },
      ports(),
    );
  });
  afterAll(() => w.remove());

  it('keeps every finding in the result file', () => {
    expect(outcome.result.findings).toHaveLength(10_050);
  });

  it('check run: summary and text within 65,535 bytes, 1,000 annotations, the rest counted', () => {
    const resultFile = outcome.files.result as string;
    const content = checkRunContent(outcome.result, { resultFile });
    expect(Buffer.byteLength(content.summary)).toBeLessThanOrEqual(65_535);
    expect(Buffer.byteLength(content.text ?? '')).toBeLessThanOrEqual(65_535);
    expect(content.annotations).toHaveLength(1000);
    expect(content.notAnnotated).toBe(9050);
    expect(content.summary).toContain(`… 9050 more, see the result file \`${resultFile}\``);
    // Failing tests (high) come before the warnings; each annotation is within its own limits.
    expect(content.annotations[0]?.annotation_level).toBe('failure');
    for (const a of content.annotations) expect(Buffer.byteLength(a.message)).toBeLessThanOrEqual(64_000);
  });

  it('comment: within 65,536 characters with its marker, escaped, ending with the more line', () => {
    const resultFile = outcome.files.result as string;
    const body = `${stickyCommentMarker('quality-gate', 'production', 'pre_deployment')}\n${commentMarkdown(outcome.result, { resultFile })}`;
    expect(body.length).toBeLessThanOrEqual(65_536);
    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(65_536);
    expect(body).not.toContain('<img');
    expect(body).not.toMatch(/@everyone/);
    expect(body).toMatch(/… \d+ more, see the result file `/);
  });

  it('job summary: within 1 MiB', () => {
    const markdown = jobSummaryMarkdown(outcome.result, { resultFile: outcome.files.result as string });
    expect(Buffer.byteLength(markdown)).toBeLessThanOrEqual(1_048_576);
    expect(Buffer.byteLength(markdown)).toBeGreaterThan(900_000);
    expect(markdown).toMatch(/… \d+ more, see the result file `/);
  });
});

describe('parseMetricsInput', () => {
  it('reads name=value lines with units, and a failed measurement as null', () => {
    expect(parseMetricsInput('error_rate=0.004\np95_latency_ms=87 ms, availability=\n# comment')).toEqual({
      error_rate: { value: 0.004, detail: 'as passed in (input metrics)' },
      p95_latency_ms: { value: 87, unit: 'ms', detail: 'as passed in (input metrics)' },
      availability: { value: null, detail: 'availability was passed in without a value (the measurement failed)' },
    });
  });

  it('names the input and the problem', () => {
    expect(() => parseMetricsInput('error_rate')).toThrow("input 'metrics': expected name=value, got 'error_rate'");
    expect(() => parseMetricsInput('Error-Rate=1')).toThrow('is not a metric name');
    expect(() => parseMetricsInput('p95_latency_ms=fast')).toThrow('the value of p95_latency_ms must be a number');
    expect(() => parseMetricsInput('a=1\na=2')).toThrow("'a' is given twice");
  });
});

describe('fail-on', () => {
  it('fails on failure and not_assessed by default, never on never', () => {
    const byDefault = failOnStatuses(['failure', 'not_assessed']);
    expect(shouldFail('failure', byDefault)).toBe(true);
    expect(shouldFail('not_assessed', byDefault)).toBe(true);
    expect(shouldFail('neutral', byDefault)).toBe(false);
    expect(shouldFail('failure', failOnStatuses(['never']))).toBe(false);
    expect(() => failOnStatuses(['failure', 'sometimes'])).toThrow("input 'fail-on'");
  });
});
