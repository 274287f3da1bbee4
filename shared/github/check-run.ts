/**
 * Publishes one check run per phase, environment and key, idempotently: a re-run of the same
 * job finds the check run it made before (by `external_id`, then by name) on the same commit
 * and updates it in place, so the PR shows one check, not one per attempt.
 *
 * Annotations go 50 per request (GitHub's limit): the first batch with the create or update,
 * the rest in further updates, which GitHub appends. Annotations cannot be removed through the
 * API, so on an update only those not already on the check run are sent; an annotation a re-run
 * no longer produces stays visible (the summary, which is replaced, is authoritative).
 */
import { chunkAnnotations, type CheckConclusion, type CheckRunAnnotation } from '../render/check-output.js';
import {
  ANNOTATION_MESSAGE_MAX_BYTES,
  ANNOTATION_RAW_DETAILS_MAX_BYTES,
  ANNOTATION_TITLE_MAX,
} from '../render/limits.js';
import { truncateCodeUnits, truncateUtf8Bytes } from '../render/truncate.js';
import type { Logger } from '../runtime/logger.js';
import { truncateCheckRunText } from './limits.js';
import type { GitHubClient } from './octokit.js';

/** GitHub's annotation shape; declared where the render layer produces it. */
export type { CheckRunAnnotation };

export type CheckRunStatus = 'queued' | 'in_progress' | 'completed';
/** Every conclusion the Checks API takes; the render layer only ever produces `CheckConclusion`. */
export type CheckRunConclusion = CheckConclusion | 'cancelled' | 'skipped' | 'timed_out' | 'action_required';

export interface CheckRunRequest {
  /** Shown in the PR's checks list; see `checkRunName`. */
  name: string;
  /** Identifies the check across re-runs; see `checkRunExternalId`. */
  externalId: string;
  /** The commit the check belongs to (the PR head, not the merge commit). */
  headSha: string;
  status: CheckRunStatus;
  /** Required when status is `completed`. */
  conclusion?: CheckRunConclusion;
  title: string;
  summary: string;
  text?: string;
  annotations?: CheckRunAnnotation[];
  /** e.g. the workflow run URL. */
  detailsUrl?: string;
  startedAt?: string;
  completedAt?: string;
}

export interface PublishedCheckRun {
  id: number;
  url: string;
  /** False when an earlier attempt's check run was updated in place. */
  created: boolean;
  annotationsSent: number;
  /** Write requests made (create/update), for logs and tests. */
  writes: number;
}

export interface CheckRunPublisherOptions {
  octokit: GitHubClient;
  owner: string;
  repo: string;
  logger: Logger;
}

const TRUNCATION_NOTICE =
  '\n\n_Truncated: GitHub allows 65,535 characters here. The full report is in the job summary._';

/**
 * e.g. `elder / readiness (production)`, or with a key (a quality gate, a matrix leg) first:
 * `elder / quality-gate (pre_deployment, production)`, the order the issue tracker and the
 * branch-protection rules name required checks in.
 */
export function checkRunName(phase: string, environment: string, key?: string): string {
  return `elder / ${phase} (${key ? `${key}, ${environment}` : environment})`;
}

/** e.g. `elder:quality-gate:production:coverage`; stable across re-runs of the job. */
export function checkRunExternalId(phase: string, environment: string, key?: string): string {
  return ['elder', phase, environment, ...(key ? [key] : [])].join(':');
}

function annotationKey(a: {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level?: string | null;
  message?: string | null;
  title?: string | null;
}): string {
  return JSON.stringify([a.path, a.start_line, a.end_line, a.annotation_level ?? '', a.message ?? '', a.title ?? '']);
}

/** Makes an annotation acceptable to GitHub rather than letting one bad finding fail the request. */
export function sanitizeAnnotation(a: CheckRunAnnotation): CheckRunAnnotation {
  const startLine = Math.max(1, Math.trunc(a.start_line) || 1);
  const endLine = Math.max(startLine, Math.trunc(a.end_line) || startLine);
  const out: CheckRunAnnotation = {
    path: a.path,
    start_line: startLine,
    end_line: endLine,
    annotation_level: a.annotation_level,
    message: truncateUtf8Bytes(a.message, ANNOTATION_MESSAGE_MAX_BYTES),
  };
  // GitHub only accepts columns on single-line annotations.
  if (startLine === endLine && a.start_column !== undefined) {
    out.start_column = Math.max(1, Math.trunc(a.start_column));
    if (a.end_column !== undefined) out.end_column = Math.max(out.start_column, Math.trunc(a.end_column));
  }
  if (a.title !== undefined) out.title = truncateCodeUnits(a.title, ANNOTATION_TITLE_MAX);
  if (a.raw_details !== undefined) out.raw_details = truncateUtf8Bytes(a.raw_details, ANNOTATION_RAW_DETAILS_MAX_BYTES);
  return out;
}

/** A check run as listed by GitHub, as far as re-use needs it. */
export interface ExistingCheckRun {
  id: number;
  html_url: string | null;
  url: string;
  external_id: string | null;
  name: string;
  output: { annotations_count: number };
}

export class CheckRunPublisher {
  constructor(private readonly options: CheckRunPublisherOptions) {}

  async publish(request: CheckRunRequest): Promise<PublishedCheckRun> {
    if (request.status === 'completed' && !request.conclusion) {
      throw new Error(`check run "${request.name}": a completed check run needs a conclusion`);
    }
    const { octokit, owner, repo, logger } = this.options;
    const summary = truncateCheckRunText(request.summary, TRUNCATION_NOTICE);
    const text = request.text === undefined ? undefined : truncateCheckRunText(request.text, TRUNCATION_NOTICE);
    if (summary.truncated || text?.truncated)
      logger.info(`Check run "${request.name}": output truncated to GitHub's limit.`);

    const existing = await this.findExisting(request);
    let annotations = (request.annotations ?? []).map(sanitizeAnnotation);
    if (existing && existing.output.annotations_count > 0) {
      const already = new Set((await this.existingAnnotations(existing.id)).map(annotationKey));
      const before = annotations.length;
      annotations = annotations.filter((a) => !already.has(annotationKey(a)));
      logger.debug(
        `Check run ${existing.id}: ${before - annotations.length} annotations already present, not re-sent.`,
      );
    }
    const [firstBatch = [], ...laterBatches] = chunkAnnotations(annotations);
    const output = (batch: CheckRunAnnotation[]) => ({
      title: request.title,
      summary: summary.text,
      ...(text ? { text: text.text } : {}),
      ...(batch.length ? { annotations: batch } : {}),
    });
    const fields = {
      name: request.name,
      external_id: request.externalId,
      status: request.status,
      ...(request.conclusion ? { conclusion: request.conclusion } : {}),
      ...(request.detailsUrl ? { details_url: request.detailsUrl } : {}),
      ...(request.startedAt ? { started_at: request.startedAt } : {}),
      ...(request.completedAt ? { completed_at: request.completedAt } : {}),
    };

    const { data } = existing
      ? await octokit.rest.checks.update({
          owner,
          repo,
          check_run_id: existing.id,
          ...fields,
          output: output(firstBatch),
        })
      : await octokit.rest.checks.create({
          owner,
          repo,
          head_sha: request.headSha,
          ...fields,
          output: output(firstBatch),
        });
    const id = data.id;
    const url = data.html_url ?? data.url;
    logger.info(
      existing ? `Updated check run "${request.name}" in place: ${url}` : `Created check run "${request.name}": ${url}`,
    );
    for (const batch of laterBatches) {
      // Only the output: repeating status/conclusion would be harmless but noisy in the audit log.
      await octokit.rest.checks.update({ owner, repo, check_run_id: id, output: output(batch) });
    }
    return { id, url, created: !existing, annotationsSent: annotations.length, writes: 1 + laterBatches.length };
  }

  /** The check run an earlier attempt made for the same request, newest first. */
  async findExisting(
    request: Pick<CheckRunRequest, 'name' | 'externalId' | 'headSha'>,
  ): Promise<ExistingCheckRun | undefined> {
    const { octokit, owner, repo } = this.options;
    const runs = (await octokit.paginate(octokit.rest.checks.listForRef, {
      owner,
      repo,
      ref: request.headSha,
      check_name: request.name,
      // "all", not the default "latest": an older attempt's run is still the one to reuse.
      filter: 'all',
      per_page: 100,
    })) as ExistingCheckRun[];
    const newestFirst = [...runs].sort((a, b) => b.id - a.id);
    return (
      newestFirst.find((r) => r.external_id === request.externalId) ??
      newestFirst.find((r) => r.name === request.name && !r.external_id)
    );
  }

  private async existingAnnotations(checkRunId: number) {
    const { octokit, owner, repo } = this.options;
    return octokit.paginate(octokit.rest.checks.listAnnotations, {
      owner,
      repo,
      check_run_id: checkRunId,
      per_page: 100,
    });
  }
}
