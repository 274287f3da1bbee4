/**
 * Turns a finished rollout into a PhaseResult (metrics per step with the judge's verdicts,
 * findings when it did not promote) and a markdown-ready table for the check run and comment.
 */
import type { Finding, Metric, PhaseResult, Status } from '../../../../shared/result/phase-result.js';
import { PHASE_RESULT_SCHEMA_VERSION } from '../../../../shared/result/phase-result.js';
import type { EnvironmentConfig } from '../../../../shared/config/types.js';
import type { DeployDetails, DeployMarkdown, DeployOutcome, FinalState } from './types.js';

export const TOOL = { name: 'ancient-elder-deploy', version: '0.1.0' } as const;

const STATUS: Record<FinalState, Status> = {
  promoted: 'success',
  paused: 'neutral',
  rolled_back: 'failure',
  aborted: 'failure',
  failed_rollback: 'failure',
};

export function buildOutcome(
  environment: EnvironmentConfig,
  details: DeployDetails,
  timing: { startedMs: number; finishedMs: number },
  message?: string,
): DeployOutcome {
  const metrics: Metric[] = [];
  for (const step of details.steps) {
    const n = step.index + 1;
    metrics.push({ name: `step${n}_weight`, value: step.weight, unit: '%', verdict: step.verdict, detail: step.name });
    for (const m of step.judge?.metrics ?? []) {
      metrics.push({
        name: `step${n}_${m.metric}`,
        value: m.candidate,
        unit: m.unit,
        verdict: m.verdict,
        ...(m.effect !== null ? { delta: m.effect } : {}),
        detail: `baseline ${m.baseline ?? 'n/a'} (n=${m.baselineN}), candidate ${m.candidate ?? 'n/a'} (n=${m.candidateN}): ${m.rule}`,
      });
    }
  }
  const findings = findingsFor(environment, details, message);
  const result: PhaseResult = {
    schemaVersion: PHASE_RESULT_SCHEMA_VERSION,
    phase: 'deploy',
    environment: environment.name,
    tier: environment.tier,
    status: STATUS[details.finalState],
    score: details.finalState === 'promoted' ? 1 : details.finalState === 'paused' ? null : 0,
    summary: summaryLine(details, message),
    metrics,
    findings,
    evidence: [],
    timings: {
      startedAt: new Date(timing.startedMs).toISOString(),
      finishedAt: new Date(timing.finishedMs).toISOString(),
      durationMs: timing.finishedMs - timing.startedMs,
      steps: details.steps.map((s) => ({
        name: s.name,
        durationMs: s.finishedAt ? Date.parse(s.finishedAt) - Date.parse(s.startedAt) : 0,
      })),
    },
    tool: { ...TOOL },
    details: details as unknown as Record<string, unknown>,
  };
  return { result, details, markdown: markdownFor(details, result.summary) };
}

function summaryLine(d: DeployDetails, message?: string): string {
  const move = `${d.strategy} ${d.stableVersion} -> ${d.candidateVersion}`;
  switch (d.finalState) {
    case 'promoted':
      return `${move}: promoted after ${d.steps.length} step(s); ${d.verified?.detail ?? 'verified'}`;
    case 'paused':
      return `${move}: paused, waiting for a promote or abort dispatch${message ? ` (${message})` : ''}`;
    case 'aborted':
      return `${move}: aborted; stable ${d.stableVersion} serves all traffic`;
    case 'rolled_back':
      return `${move}: rolled back (${d.stopReason ?? 'error'}): ${message ?? ''}`.trim();
    case 'failed_rollback':
      return `${move}: ROLLBACK FAILED (${d.stopReason ?? 'error'}): ${d.rollbackError ?? ''}; ${d.verified?.detail ?? ''}`;
  }
}

function findingsFor(environment: EnvironmentConfig, d: DeployDetails, message?: string): Finding[] {
  const findings: Finding[] = [];
  const fingerprint = (rule: string): string => `${rule}:${environment.name}:${d.candidateVersion}`;
  if (d.finalState === 'rolled_back' || d.finalState === 'aborted') {
    const ruleId = d.stopReason === 'platform' ? 'deploy/platform-diverged' : 'deploy/rolled-back';
    findings.push({
      ruleId,
      severity: 'high',
      message:
        `${d.candidateVersion} was ${d.finalState === 'aborted' ? 'aborted' : 'rolled back'} (${d.stopReason ?? 'error'}): ${message ?? ''}`.trim(),
      evidence: d.verified?.detail ?? '',
      fingerprint: fingerprint(ruleId),
      help: 'Git and the environment now disagree: the deployment is marked failed; revert or fix the change.',
    });
  }
  if (d.finalState === 'failed_rollback') {
    findings.push({
      ruleId: 'deploy/rollback-failed',
      severity: 'critical',
      message: `rolling back ${d.candidateVersion} failed: ${d.rollbackError ?? 'unknown error'}`,
      evidence: d.verified?.detail ?? '',
      fingerprint: fingerprint('deploy/rollback-failed'),
      help: `Check the platform now: make sure ${d.stableVersion} serves all traffic.`,
    });
  }
  if (d.power && d.power.action !== 'none') {
    findings.push({
      ruleId: 'deploy/underpowered-canary',
      severity: d.power.action === 'refused' ? 'high' : 'low',
      message: d.power.advice,
      evidence: `detects latency +${(d.power.minDetectableLatencyIncrease * 100).toFixed(0)} %, errors x${d.power.minDetectableErrorRatio.toFixed(1)}`,
      fingerprint: fingerprint('deploy/underpowered-canary'),
    });
  }
  return findings;
}

function markdownFor(d: DeployDetails, summary: string): DeployMarkdown {
  const rows = d.steps.map((s) => {
    const failing = s.judge?.metrics.find((m) => m.verdict === 'fail' || m.verdict === 'inconclusive');
    const evidence = failing?.rule ?? s.judge?.summary ?? '';
    return [String(s.index + 1), s.name, `${s.weight} %`, s.verdict, evidence, s.note ?? ''];
  });
  const notes: string[] = [];
  if (d.verified) notes.push(`${d.verified.ok ? 'Verified' : 'NOT verified'}: ${d.verified.detail}`);
  if (d.rollbackError) notes.push(`Rollback failed: ${d.rollbackError}`);
  if (d.power) notes.push(`Power: ${d.power.advice} (${d.power.action})`);
  return { headline: summary, table: { header: ['#', 'step', 'weight', 'verdict', 'evidence', 'note'], rows }, notes };
}
