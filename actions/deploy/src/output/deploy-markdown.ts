/**
 * What the deploy action says on GitHub: the check run (updated at every step, then completed),
 * the sticky PR comment and the job summary. One body for all three, cut to each place's limit
 * with BudgetedMarkdown (the step table's rows are what gets counted out, never the verdict).
 * Every string that came from configuration, the judge or the platform is escaped.
 */
import type { CheckRunConclusion } from '../../../../shared/github/check-run.js';
import { BudgetedMarkdown } from '../../../../shared/render/budget.js';
import { codeSpan, escapeMarkdown, safeLink } from '../../../../shared/render/escape.js';
import { CHECK_RUN_SUMMARY_MAX, COMMENT_BODY_MAX } from '../../../../shared/render/limits.js';
import { truncateCodeUnits } from '../../../../shared/render/truncate.js';
import type { DeployOutcome, FinalState, StepRecord } from '../engine/types.js';
import { stepCharts, stepRow, stepTableHead } from './step-table.js';

export interface DeployReportView {
  environment: string;
  strategy: string;
  driver: string;
  stableVersion: string;
  candidateVersion: string;
  steps: readonly StepRecord[];
  /** Planned steps, while running. */
  totalSteps?: number;
  /** The finished rollout; absent while it runs. */
  outcome?: DeployOutcome;
  links: DeployLinks;
}

export interface DeployLinks {
  resultFile: string;
  environmentUrl?: string;
  deploymentId?: number;
  revertPrUrl?: string;
  runUrl?: string;
}

export interface DeployCheckRunContent {
  title: string;
  summary: string;
  /** Absent while the rollout runs (status in_progress). */
  conclusion?: CheckRunConclusion;
}

/** Room left for the sticky comment's hidden marker. */
const COMMENT_LIMIT = COMMENT_BODY_MAX - 512;
/** A job summary holds every step of any plausible rollout; the file keeps the rest. */
const JOB_SUMMARY_LIMIT = 200_000;
const TITLE_MAX = 255;

const CONCLUSION: Record<FinalState, CheckRunConclusion> = {
  promoted: 'success',
  paused: 'neutral',
  rolled_back: 'failure',
  aborted: 'failure',
  failed_rollback: 'failure',
};

/** The one line that says what happened; impossible to miss when the rollback itself failed. */
export function deployHeadline(outcome: DeployOutcome): string {
  const d = outcome.details;
  const move = `${d.candidateVersion} to ${outcome.result.environment}`;
  switch (d.finalState) {
    case 'promoted':
      return `Promoted ${move}`;
    case 'paused':
      return `Paused ${move}: waiting for a promote or abort dispatch`;
    case 'aborted':
      return `Aborted ${move}; stable ${d.stableVersion} serves all traffic`;
    case 'rolled_back':
      return `Rolled back ${move} (${d.stopReason ?? 'error'}); stable ${d.stableVersion} serves all traffic`;
    case 'failed_rollback':
      return `ROLLBACK FAILED: stable ${d.stableVersion} may not be serving ${outcome.result.environment}; check the platform now`;
  }
}

export function deployConclusion(outcome: DeployOutcome): CheckRunConclusion {
  return CONCLUSION[outcome.details.finalState];
}

export function deployCheckRun(view: DeployReportView): DeployCheckRunContent {
  const title = view.outcome ? deployHeadline(view.outcome) : runningTitle(view);
  return {
    title: truncateCodeUnits(title, TITLE_MAX),
    summary: renderBody(view, CHECK_RUN_SUMMARY_MAX, 3),
    ...(view.outcome ? { conclusion: deployConclusion(view.outcome) } : {}),
  };
}

export function deployComment(view: DeployReportView): string {
  return renderBody(view, COMMENT_LIMIT, 2);
}

export function deployJobSummary(view: DeployReportView): string {
  return renderBody(view, JOB_SUMMARY_LIMIT, 2);
}

function runningTitle(view: DeployReportView): string {
  const last = view.steps.at(-1);
  const of = view.totalSteps ? `/${view.totalSteps}` : '';
  if (!last) return `Starting ${view.strategy} of ${view.candidateVersion}`;
  return `Step ${last.index + 1}${of}: ${last.name} at ${last.weight} % (${last.verdict})`;
}

function renderBody(view: DeployReportView, limit: number, headingLevel: number): string {
  const doc = new BudgetedMarkdown({ limit, resultFile: view.links.resultFile });
  const hashes = '#'.repeat(headingLevel);
  const icon = view.outcome ? stateIcon(view.outcome.details.finalState) : '⏳';
  doc.required(`${hashes} ${icon} Deploy ${escapeMarkdown(view.environment, { maxLength: 100 })}\n\n`);
  if (view.outcome) {
    const d = view.outcome.details;
    const headline = escapeMarkdown(deployHeadline(view.outcome));
    doc.required(d.finalState === 'failed_rollback' ? `> [!CAUTION]\n> **${headline}**\n\n` : `**${headline}**\n\n`);
    doc.required(`${escapeMarkdown(view.outcome.result.summary, { maxLength: 2000 })}\n\n`);
  } else {
    doc.required(`**${escapeMarkdown(runningTitle(view))}**\n\n`);
  }
  doc.required(`${facts(view)}\n\n`);
  doc.ranked({ head: stepTableHead(), items: view.steps, render: stepRow, tail: '\n' });
  const notes = [...(view.outcome?.markdown.notes ?? []), ...(view.outcome?.details.warnings ?? [])];
  if (notes.length > 0) {
    doc.ranked({
      head: '',
      items: notes,
      render: (note: string) => `- ${escapeMarkdown(note, { maxLength: 1000 })}\n`,
      tail: '\n',
    });
  }
  const charts = stepCharts(view.steps);
  if (charts) doc.optional(`${charts}\n`);
  return doc.toString();
}

function facts(view: DeployReportView): string {
  const { links } = view;
  const parts = [
    `Strategy ${codeSpan(view.strategy, { maxLength: 40 })} on ${codeSpan(view.driver, { maxLength: 40 })}`,
    `${codeSpan(view.stableVersion, { maxLength: 80 })} → ${codeSpan(view.candidateVersion, { maxLength: 80 })}`,
  ];
  if (links.environmentUrl) parts.push(safeLink('environment', links.environmentUrl));
  if (links.deploymentId !== undefined) parts.push(`deployment ${links.deploymentId}`);
  if (links.revertPrUrl) parts.push(safeLink('revert pull request', links.revertPrUrl));
  if (links.runUrl) parts.push(safeLink('run', links.runUrl));
  parts.push(`result ${codeSpan(links.resultFile, { maxLength: 300 })}`);
  return parts.join(' · ');
}

function stateIcon(state: FinalState): string {
  switch (state) {
    case 'promoted':
      return '✅';
    case 'paused':
      return '⏸️';
    case 'failed_rollback':
      return '🚨';
    default:
      return '❌';
  }
}
