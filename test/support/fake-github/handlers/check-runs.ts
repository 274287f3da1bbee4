/**
 * Check runs as GitHub keeps them: output title/summary/text replaced on update, annotations
 * appended on every create and update (at most 50 per request — the schema's maxItems), and
 * the byte-size rule GitHub enforces on summary and text beyond the 65,535-character one.
 */
import { errorResponse, notFound, validationFailed } from '../github-errors.js';
import { integerParam, json, type HandlerContext, type HandlerResult, type HandlerTable } from '../handler-context.js';
import { paginate } from '../pagination.js';
import { annotationJson, checkRunJson } from '../resources.js';
import { sameRepo, type AnnotationRecord, type CheckRunRecord } from '../state.js';

const OUTPUT_MAX_BYTES = 65_535;
const SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/i;

interface OutputBody {
  title?: string;
  summary?: string;
  text?: string;
  annotations?: AnnotationRecord[];
}

function render(ctx: HandlerContext, run: CheckRunRecord): unknown {
  const pulls = ctx.state.pullRequests.filter((p) => sameRepo(p, run));
  return checkRunJson(ctx.urls, run, ctx.state.checkSuiteId(run, run.headSha), pulls);
}

/** GitHub measures summary and text in bytes too (an emoji-heavy summary fails below 65,535 chars). */
function outputTooLarge(output: OutputBody | undefined): HandlerResult | undefined {
  for (const field of ['summary', 'text'] as const) {
    const value = output?.[field];
    if (value !== undefined && Buffer.byteLength(value, 'utf8') > OUTPUT_MAX_BYTES) {
      const message = `${field} exceeds a maximum bytesize of ${OUTPUT_MAX_BYTES}`;
      return { ...validationFailed('CheckRun', field, 'custom', message), rejectedBecause: message };
    }
  }
  return undefined;
}

function findRun(ctx: HandlerContext): CheckRunRecord | undefined {
  const id = integerParam(ctx, 'check_run_id');
  return ctx.state.checkRuns.find((r) => r.id === id && sameRepo(r, ctx.repo));
}

function applyStatus(run: CheckRunRecord, body: Record<string, unknown>, now: string): void {
  if (typeof body.status === 'string') run.status = body.status;
  if (typeof body.conclusion === 'string') {
    // Providing a conclusion completes the run, whatever status says.
    run.conclusion = body.conclusion;
    run.status = 'completed';
  }
  if (typeof body.started_at === 'string') run.startedAt = body.started_at;
  if (typeof body.completed_at === 'string') run.completedAt = body.completed_at;
  if (run.status === 'completed' && !run.completedAt) run.completedAt = now;
}

function applyOutput(run: CheckRunRecord, output: OutputBody | undefined): void {
  if (!output) return;
  if (output.title !== undefined) run.output.title = output.title;
  if (output.summary !== undefined) run.output.summary = output.summary;
  if (output.text !== undefined) run.output.text = output.text;
  run.annotations.push(...(output.annotations ?? []));
}

function create(ctx: HandlerContext): HandlerResult {
  const { body } = ctx;
  const headSha = String(body.head_sha);
  if (!SHA.test(headSha)) {
    const message = `No commit found for SHA: ${headSha}`;
    return { ...errorResponse(422, message), rejectedBecause: message };
  }
  if ((body.status === 'completed' || body.completed_at !== undefined) && body.conclusion === undefined) {
    const message = '"conclusion" wasn\'t supplied.';
    return { ...errorResponse(422, `Invalid request.\n\n${message}`), rejectedBecause: message };
  }
  const output = body.output as OutputBody | undefined;
  const tooLarge = outputTooLarge(output);
  if (tooLarge) return tooLarge;
  const run: CheckRunRecord = {
    ...ctx.repo,
    id: ctx.state.newId(),
    name: String(body.name),
    headSha,
    externalId: typeof body.external_id === 'string' ? body.external_id : null,
    detailsUrl: typeof body.details_url === 'string' ? body.details_url : null,
    status: 'queued',
    conclusion: null,
    startedAt: ctx.now,
    completedAt: null,
    output: { title: null, summary: null, text: null },
    annotations: [],
    updates: 0,
  };
  applyStatus(run, body, ctx.now);
  applyOutput(run, output);
  ctx.state.checkRuns.push(run);
  return json(201, render(ctx, run));
}

function update(ctx: HandlerContext): HandlerResult {
  const run = findRun(ctx);
  if (!run) return notFound();
  const { body } = ctx;
  const output = body.output as OutputBody | undefined;
  const tooLarge = outputTooLarge(output);
  if (tooLarge) return tooLarge;
  if (typeof body.name === 'string') run.name = body.name;
  if (typeof body.external_id === 'string') run.externalId = body.external_id;
  if (typeof body.details_url === 'string') run.detailsUrl = body.details_url;
  applyStatus(run, body, ctx.now);
  applyOutput(run, output);
  run.updates += 1;
  return json(200, render(ctx, run));
}

function get(ctx: HandlerContext): HandlerResult {
  const run = findRun(ctx);
  return run ? json(200, render(ctx, run)) : notFound();
}

function listAnnotations(ctx: HandlerContext): HandlerResult {
  const run = findRun(ctx);
  if (!run) return notFound();
  const page = paginate(run.annotations, ctx.query, ctx.selfUrl);
  return json(
    200,
    page.items.map((a) => annotationJson(ctx.urls, run, a)),
    page.link ? { link: page.link } : undefined,
  );
}

/** `ref` may be a sha or a branch; branches resolve through the seeded pull requests' heads. */
function resolveSha(ctx: HandlerContext, ref: string): string {
  if (SHA.test(ref)) return ref.toLowerCase();
  const branch = ref.replace(/^refs\/heads\//, '');
  const pull = ctx.state.pullRequests.find((p) => sameRepo(p, ctx.repo) && p.headRef === branch);
  return pull?.headSha ?? ref;
}

function listForRef(ctx: HandlerContext): HandlerResult {
  const sha = resolveSha(ctx, ctx.params.ref ?? '');
  const checkName = ctx.query.get('check_name');
  const status = ctx.query.get('status');
  let runs = ctx.state.checkRuns
    .filter((r) => sameRepo(r, ctx.repo) && r.headSha.toLowerCase() === sha.toLowerCase())
    .filter((r) => checkName === null || r.name === checkName)
    .filter((r) => status === null || r.status === status)
    .sort((a, b) => b.id - a.id);
  if ((ctx.query.get('filter') ?? 'latest') === 'latest') {
    // "latest": the most recent run of each name only.
    const seen = new Set<string>();
    runs = runs.filter((r) => (seen.has(r.name) ? false : (seen.add(r.name), true)));
  }
  const page = paginate(runs, ctx.query, ctx.selfUrl);
  return json(
    200,
    { total_count: runs.length, check_runs: page.items.map((r) => render(ctx, r)) },
    page.link ? { link: page.link } : undefined,
  );
}

export const checkRunHandlers: HandlerTable = {
  'POST /repos/{owner}/{repo}/check-runs': create,
  'PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}': update,
  'GET /repos/{owner}/{repo}/check-runs/{check_run_id}': get,
  'GET /repos/{owner}/{repo}/check-runs/{check_run_id}/annotations': listAnnotations,
  'GET /repos/{owner}/{repo}/commits/{ref}/check-runs': listForRef,
};
