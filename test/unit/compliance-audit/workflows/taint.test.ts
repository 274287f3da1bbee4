import { describe, expect, it } from 'vitest';
import { parseExpression } from '../../../../actions/compliance-audit/src/workflows/expressions/parser.js';
import { taintOf } from '../../../../actions/compliance-audit/src/workflows/expressions/taint.js';
import type { EnvResolver } from '../../../../actions/compliance-audit/src/workflows/expressions/taint.js';
import { classifyPath } from '../../../../actions/compliance-audit/src/workflows/expressions/untrusted-contexts.js';

const taint = (text: string, env?: EnvResolver): string[] => taintOf(parseExpression(text), env).map((s) => s.path);

describe('taint analysis', () => {
  it('a direct untrusted context is tainted, whatever its spelling', () => {
    expect(taint('github.event.issue.title')).toEqual(['github.event.issue.title']);
    expect(taint("github['event']['pull_request']['head']['ref']")).toEqual([
      "github['event']['pull_request']['head']['ref']",
    ]);
    expect(taint('GitHub.Event.Comment.Body')).toEqual(['GitHub.Event.Comment.Body']);
    expect(taint('github.head_ref')).toEqual(['github.head_ref']);
    expect(taint('github.event.commits[0].message')).toEqual(['github.event.commits[*].message']);
    expect(taint('github.event.pages.*.page_name')).toEqual(['github.event.pages.*.page_name']);
  });

  it('trusted contexts and workflow_dispatch inputs are not tainted', () => {
    expect(taint('github.sha')).toEqual([]);
    expect(taint('github.event.pull_request.number')).toEqual([]);
    expect(taint('inputs.name')).toEqual([]);
    expect(taint('github.event.inputs.name')).toEqual([]);
    expect(taint('secrets.TOKEN')).toEqual([]);
  });

  it('functions and operators that yield booleans are safe', () => {
    expect(taint("contains(github.event.issue.title, 'x')")).toEqual([]);
    expect(taint("startsWith(github.head_ref, 'release/')")).toEqual([]);
    expect(taint("github.event.issue.title == 'x'")).toEqual([]);
    expect(taint('!github.event.issue.body')).toEqual([]);
    expect(taint('hashFiles(github.event.issue.title)')).toEqual([]);
  });

  it('|| can yield either side; && yields its right side', () => {
    expect(taint("github.event.issue.title || 'x'")).toEqual(['github.event.issue.title']);
    expect(taint("'x' || github.head_ref")).toEqual(['github.head_ref']);
    expect(taint("github.event.issue.title && 'x'")).toEqual([]);
    expect(taint("github.event_name == 'issues' && github.event.issue.body")).toEqual(['github.event.issue.body']);
  });

  it('format, join, toJSON and fromJSON pass untrusted text through', () => {
    expect(taint("format('{0}', github.head_ref)")).toEqual(['github.head_ref']);
    expect(taint('toJSON(github.event)')).toEqual(['github.event']);
    expect(taint('join(github.event.commits.*.message)')).toEqual(['github.event.commits.*.message']);
    expect(taint('fromJSON(github.event.comment.body).cmd')).toEqual(['github.event.comment.body']);
    expect(taint('toJSON(github.event.issue.number)')).toEqual([]);
  });

  it('an object holding untrusted fields renders as "Object" unless serialised', () => {
    expect(taint('github.event.issue')).toEqual([]);
    expect(taint("format('{0}', github.event)")).toEqual([]);
  });

  it('follows env.X through the resolver only', () => {
    const env: EnvResolver = (name) => (name === 'title' ? [{ path: 'env.TITLE = github.event.issue.title' }] : []);
    expect(taint('env.TITLE', env)).toEqual(['env.TITLE = github.event.issue.title']);
    expect(taint('env.OTHER', env)).toEqual([]);
    expect(taint("contains(env.TITLE, 'x')", env)).toEqual([]);
  });

  it('classifies paths and their containers', () => {
    expect(classifyPath(['github', 'event', 'issue', 'title'])).toBe('untrusted');
    expect(classifyPath(['github', 'event', 'issue'])).toBe('contains-untrusted');
    expect(classifyPath(['github', 'event', 'issue', '*'])).toBe('untrusted');
    expect(classifyPath(['github', 'repository'])).toBe('trusted');
  });
});
