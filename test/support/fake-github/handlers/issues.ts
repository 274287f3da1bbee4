/**
 * Issues. Like GitHub, the list includes pull requests (marked with `pull_request`), so a
 * client looking for "its" issue must skip them.
 */
import { validationFailed } from '../github-errors.js';
import {
  characterCount,
  json,
  type HandlerContext,
  type HandlerResult,
  type HandlerTable,
} from '../handler-context.js';
import { paginate } from '../pagination.js';
import { issueJson, pullAsIssueJson } from '../resources.js';
import { sameRepo, type IssueRecord } from '../state.js';

const ISSUE_BODY_MAX_CHARACTERS = 65_536;

function commentCount(ctx: HandlerContext, issueNumber: number): number {
  return ctx.state.comments.filter((c) => sameRepo(c, ctx.repo) && c.issueNumber === issueNumber).length;
}

function labelName(label: unknown): string {
  return typeof label === 'string' ? label : String((label as { name?: unknown }).name ?? '');
}

function create(ctx: HandlerContext): HandlerResult {
  const { body } = ctx;
  const text = typeof body.body === 'string' ? body.body : null;
  if (text !== null && characterCount(text) > ISSUE_BODY_MAX_CHARACTERS) {
    const message = `body is too long (maximum is ${ISSUE_BODY_MAX_CHARACTERS} characters)`;
    return { ...validationFailed('Issue', 'body', 'custom', message), rejectedBecause: message };
  }
  const issue: IssueRecord = {
    ...ctx.repo,
    id: ctx.state.newId(),
    number: ctx.state.nextIssueNumber(ctx.repo),
    title: String(body.title),
    body: text,
    labels: Array.isArray(body.labels) ? body.labels.map(labelName) : [],
    assignees: Array.isArray(body.assignees) ? body.assignees.map(String) : [],
    state: 'open',
    user: ctx.identity,
    createdAt: ctx.now,
    updatedAt: ctx.now,
  };
  ctx.state.issues.push(issue);
  return json(201, issueJson(ctx.urls, issue, 0));
}

function list(ctx: HandlerContext): HandlerResult {
  const state = ctx.query.get('state') ?? 'open';
  const labels = (ctx.query.get('labels') ?? '')
    .split(',')
    .map((l) => l.trim())
    .filter(Boolean);
  const creator = ctx.query.get('creator');
  const direction = ctx.query.get('direction') ?? 'desc';
  const matchesState = (s: string) => state === 'all' || s === state;

  const issues = ctx.state.issues
    .filter((i) => sameRepo(i, ctx.repo) && matchesState(i.state))
    .filter((i) => labels.every((l) => i.labels.includes(l)))
    .filter((i) => creator === null || i.user.login === creator)
    .map((i) => ({ id: i.id, render: () => issueJson(ctx.urls, i, commentCount(ctx, i.number)) }));
  const pulls = ctx.state.pullRequests
    .filter((p) => sameRepo(p, ctx.repo) && matchesState(p.state) && labels.length === 0)
    .filter((p) => creator === null || p.user.login === creator)
    .map((p) => ({ id: p.id, render: () => pullAsIssueJson(ctx.urls, p, commentCount(ctx, p.number)) }));
  const all = [...issues, ...pulls].sort((a, b) => (direction === 'asc' ? a.id - b.id : b.id - a.id));
  const page = paginate(all, ctx.query, ctx.selfUrl);
  return json(
    200,
    page.items.map((item) => item.render()),
    page.link ? { link: page.link } : undefined,
  );
}

export const issueHandlers: HandlerTable = {
  'POST /repos/{owner}/{repo}/issues': create,
  'GET /repos/{owner}/{repo}/issues': list,
};
