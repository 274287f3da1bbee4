import { describe, expect, it } from 'vitest';
import {
  deployCheckRun,
  deployComment,
  deployHeadline,
  deployJobSummary,
  type DeployReportView,
} from '../../../../actions/deploy/src/output/deploy-markdown.js';
import { effectText, keyMetric, stepCharts } from '../../../../actions/deploy/src/output/step-table.js';
import { deployText } from '../../../../actions/deploy/src/output/cli-command.js';
import { COMMENT_BODY_MAX, CHECK_RUN_SUMMARY_MAX } from '../../../../shared/render/limits.js';
import { utf8Bytes } from '../../../../shared/render/text-size.js';
import type { DeployOutcome } from '../../../../actions/deploy/src/engine/types.js';
import { evidence, outcomeOf, step } from './outcome-fixture.js';

function view(outcome: DeployOutcome | undefined, extra: Partial<DeployReportView> = {}): DeployReportView {
  const steps = outcome?.details.steps ?? extra.steps ?? [];
  return {
    environment: 'svc',
    strategy: 'canary',
    driver: 'local',
    stableVersion: 'v1',
    candidateVersion: 'v2',
    steps,
    ...(outcome ? { outcome } : {}),
    links: { resultFile: '/tmp/elder/deploy-svc.json', environmentUrl: 'http://127.0.0.1:8080', deploymentId: 42 },
    ...extra,
  };
}

describe('deploy markdown', () => {
  it('shows each step with baseline vs candidate, effect, CI, n and rule, and a completed conclusion', () => {
    const outcome = outcomeOf({ steps: [step(0, 25, evidence()), step(1, 100)] });
    const check = deployCheckRun(view(outcome));
    expect(check.conclusion).toBe('success');
    expect(check.title).toBe('Promoted v2 to svc');
    expect(check.summary).toContain('| error rate (baseline → candidate) |');
    expect(check.summary).toContain('| 1 | canary 25 % | 25 % | pass | 0.50 % → 0.60 % | 100.0 ms → 104.0 ms |');
    // The key metric is the worst one, the judge's first on ties; cells are escaped.
    expect(check.summary).toContain('error\\_rate: +20.0 % \\[-10.0 %, +40.0 %\\]');
    expect(check.summary).toContain('1200 / 300');
    expect(check.summary).toContain('[environment](http://127.0.0.1:8080/)');
    expect(check.summary).toContain('```mermaid\nxychart-beta');
    // Only the judged step is charted: the 100 % step has no metrics to draw.
    expect(check.summary).toContain('x-axis ["1 canary 25 %"]');
  });

  it('is titled by the current step while the rollout runs, with no conclusion', () => {
    const check = deployCheckRun(view(undefined, { steps: [step(0, 5, evidence())], totalSteps: 4 }));
    expect(check.conclusion).toBeUndefined();
    expect(check.title).toBe('Step 1/4: canary 5 % at 5 % (pass)');
    expect(check.summary).toContain('⏳');
  });

  it('escapes untrusted text from the configuration, the judge and the platform', () => {
    const hostile = evidence({ verdict: 'fail', rule: 'rate | <img src=x onerror=alert(1)> @octocat\n# heading' });
    const outcome = outcomeOf(
      { finalState: 'rolled_back', stopReason: 'analysis', steps: [step(0, 5, hostile, 'step <b>|</b> @admin')] },
      'judged <script>alert(1)</script>',
    );
    const markdown = deployComment(view(outcome));
    expect(markdown).not.toContain('<img');
    expect(markdown).not.toContain('<script>');
    expect(markdown).not.toContain('<b>');
    expect(markdown).not.toMatch(/(^|[^\u200B])@octocat/);
    expect(markdown).not.toMatch(/(^|[^\u200B])@admin/);
    // Every table row keeps its 9 cells: no pipe from the data split a row.
    const rows = markdown.split('\n').filter((l) => l.startsWith('| 1 |'));
    expect(rows).toHaveLength(1);
    expect(rows[0]?.split(/(?<!\\)\|/).length).toBe(11);
    expect(markdown).not.toMatch(/^# heading/m);
  });

  it('is loud when the rollback itself failed', () => {
    const outcome = outcomeOf({
      finalState: 'failed_rollback',
      stopReason: 'analysis',
      rollbackError: 'setRoute failed',
      steps: [step(0, 5, evidence({ verdict: 'fail' }))],
    });
    expect(deployHeadline(outcome)).toMatch(/^ROLLBACK FAILED: stable v1 may not be serving svc/);
    const summary = deployJobSummary(view(outcome));
    expect(summary).toContain('> [!CAUTION]\n> **ROLLBACK FAILED');
    expect(summary).toContain('🚨');
    expect(deployCheckRun(view(outcome)).conclusion).toBe('failure');
  });

  it('fits the comment and the check run limits by counting steps out, never the verdict', () => {
    const steps = Array.from({ length: 3000 }, (_, i) =>
      step(i, Math.min(100, i + 1), evidence({ rule: 'x'.repeat(100) }), `step ${i} ${'y'.repeat(60)}`),
    );
    const outcome = outcomeOf({ finalState: 'rolled_back', stopReason: 'timeout', steps });
    const comment = deployComment(view(outcome));
    expect(utf8Bytes(comment)).toBeLessThanOrEqual(COMMENT_BODY_MAX - 512);
    expect(comment).toContain('Rolled back v2 to svc \\(timeout\\)');
    expect(comment).toMatch(/… \d+ more, see the result file `\/tmp\/elder\/deploy-svc.json`\n$/);
    expect(utf8Bytes(deployCheckRun(view(outcome)).summary)).toBeLessThanOrEqual(CHECK_RUN_SUMMARY_MAX);
  });

  it('picks the worst metric as the key one and formats effects with their intervals', () => {
    const metrics = evidence({ verdict: 'fail', effect: 1.5, interval: [0.9, 2.1] });
    expect(keyMetric(metrics)?.metric).toBe('error_rate');
    expect(effectText(metrics[0]!)).toBe('+150.0 % [+90.0 %, +210.0 %]');
    expect(effectText({ ...metrics[1]!, relativeEffect: undefined, effect: -3, interval: [-5, -1] })).toBe(
      '-3.0 ms [-5.0 ms, -1.0 ms]',
    );
    expect(effectText({ ...metrics[0]!, effect: null })).toBe('n/a');
  });

  it('charts only weights when no step was judged, and nothing without steps', () => {
    expect(stepCharts([])).toBe('');
    const chart = stepCharts([step(0, 100)]);
    expect(chart).toContain('bar [100]');
    expect(chart).not.toContain('line');
  });

  it('prints a terminal summary for elder run deploy', () => {
    const outcome = outcomeOf({ steps: [step(0, 25, evidence())] });
    const text = deployText(outcome, '/tmp/r.json');
    expect(text).toContain('Promoted v2 to svc');
    expect(text).toContain('errors 0.50 % -> 0.60 %, latency 100.0 ms -> 104.0 ms');
    expect(text).toContain('result /tmp/r.json');
  });
});
