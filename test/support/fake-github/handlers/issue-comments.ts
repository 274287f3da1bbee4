/**
 * Issue and pull request comments (a PR's conversation comments live under the issues API),
 * listed oldest first like GitHub, with its 65,536-character body limit.
 */
import { notFound, validationFailed } from '../github-errors.js';
import {
  characterCount,
  integerParam,
  json,
  type HandlerContext,
  type HandlerResult,
  type HandlerTable,
} from '../handler-context.js';
import { paginate } from '../pagination.js';
import { commentJson } from '../resources.js';
import { sameRepo, type CommentRecord } from '../state.js';

export const COMMENT_BODY_MAX_CHARACTERS = 65_536;

function bodyTooLong(body: string): HandlerResult | undefined {
  if (characterCount(body) <= COMMENT_BODY_MAX_CHARACTERS) return undefined;
  const message = `Body is too long (maximum is ${COMMENT_BODY_MAX_CHARACTERS} characters)`;
  return { ...validationFailed('IssueComment', 'data', 'unprocessable', message), rejectedBecause: message };
}

function isPullRequest(ctx: HandlerContext, issueNumber: number): boolean {
  return ctx.state.pullRequests.some((p) => sameRepo(p, ctx.repo) && p.number === issueNumber);
}

function render(ctx: HandlerContext, comment: CommentRecord): unknown {
  return commentJson(ctx.urls, comment, isPullRequest(ctx, comment.issueNumber));
}

function list(ctx: HandlerContext): HandlerResult {
  const issueNumber = integerParam(ctx, 'issue_number');
  const since = ctx.query.get('since');
  const comments = ctx.state.comments
    .filter((c) => sameRepo(c, ctx.repo) && c.issueNumber === issueNumber)
    .filter((c) => since === null || c.updatedAt >= since)
    .sort((a, b) => a.id - b.id);
  const page = paginate(comments, ctx.query, ctx.selfUrl);
  return json(
    200,
    page.items.map((c) => render(ctx, c)),
    page.link ? { link: page.link } : undefined,
  );
}

function create(ctx: HandlerContext): HandlerResult {
  const body = String(ctx.body.body);
  const tooLong = bodyTooLong(body);
  if (tooLong) return tooLong;
  const comment: CommentRecord = {
    ...ctx.repo,
    id: ctx.state.newId(),
    issueNumber: integerParam(ctx, 'issue_number'),
    body,
    user: ctx.identity,
    createdAt: ctx.now,
    updatedAt: ctx.now,
  };
  ctx.state.comments.push(comment);
  return json(201, render(ctx, comment));
}

function update(ctx: HandlerContext): HandlerResult {
  const id = integerParam(ctx, 'comment_id');
  const comment = ctx.state.comments.find((c) => c.id === id && sameRepo(c, ctx.repo));
  if (!comment) return notFound();
  const body = String(ctx.body.body);
  const tooLong = bodyTooLong(body);
  if (tooLong) return tooLong;
  comment.body = body;
  comment.updatedAt = ctx.now;
  return json(200, render(ctx, comment));
}

export const issueCommentHandlers: HandlerTable = {
  'GET /repos/{owner}/{repo}/issues/{issue_number}/comments': list,
  'POST /repos/{owner}/{repo}/issues/{issue_number}/comments': create,
  'PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}': update,
};
