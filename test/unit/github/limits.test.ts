/**
 * The publishers' truncation (on top of shared/render/truncate.ts, which has its own tests):
 * never over, never a split character, notice included, and it says whether it cut.
 */
import { describe, expect, it } from 'vitest';
import { truncateCheckRunText, truncateReporting } from '../../../shared/github/limits.js';
import { classifyPublishError, permissionToGrant } from '../../../shared/github/publish-errors.js';
import { CHECK_RUN_TEXT_MAX } from '../../../shared/render/limits.js';

describe('truncation', () => {
  it('leaves text within the limit alone', () => {
    expect(truncateReporting('héllo', 6, 'utf8-bytes', '')).toEqual({ text: 'héllo', truncated: false });
    expect(truncateReporting('hello', 5, 'utf16-code-units', '…')).toEqual({ text: 'hello', truncated: false });
  });

  it('cuts UTF-8 on a character boundary, notice included in the budget', () => {
    const result = truncateReporting('ééééé', 7, 'utf8-bytes', '!');
    expect(result).toEqual({ text: 'ééé!', truncated: true });
    expect(Buffer.byteLength(result.text)).toBeLessThanOrEqual(7);
  });

  it('never splits a surrogate pair', () => {
    expect(truncateReporting('a🚀🚀', 4, 'utf16-code-units', '')).toEqual({ text: 'a🚀', truncated: true });
    expect(truncateReporting('a🚀🚀', 3, 'utf16-code-units', '…')).toEqual({ text: 'a…', truncated: true });
  });

  it('fits check run text under both the character and the byte limit', () => {
    const wide = truncateCheckRunText('✅'.repeat(30_000), ' [cut]');
    expect(wide.truncated).toBe(true);
    expect(Buffer.byteLength(wide.text)).toBeLessThanOrEqual(CHECK_RUN_TEXT_MAX);
    expect(wide.text.length).toBeLessThanOrEqual(CHECK_RUN_TEXT_MAX);
    expect(wide.text.endsWith(' [cut]')).toBe(true);
    expect(wide.text).not.toContain('\uFFFD');
    const long = truncateCheckRunText('x'.repeat(70_000), ' [cut]');
    expect(long.text.length).toBe(CHECK_RUN_TEXT_MAX);
    const astral = truncateCheckRunText('🚀'.repeat(40_000), ' [cut]');
    expect(Buffer.byteLength(astral.text)).toBeLessThanOrEqual(CHECK_RUN_TEXT_MAX);
    expect(astral.text.replace(/ \[cut\]$/, '')).toMatch(/^(?:🚀)+$/u);
    expect(truncateCheckRunText('short', ' [cut]')).toEqual({ text: 'short', truncated: false });
  });
});

describe('publish error classification', () => {
  const requestError = (status: number, message: string, headers: Record<string, string> = {}) =>
    Object.assign(new Error(`${message} - https://docs.github.com/rest`), {
      status,
      response: { headers, data: { message } },
    });

  it('tells permission, visibility, rate limits, outages and refusals apart', () => {
    expect(
      classifyPublishError(
        requestError(403, 'Resource not accessible by integration', {
          'x-accepted-github-permissions': 'checks=write',
        }),
      ),
    ).toEqual({
      kind: 'forbidden',
      status: 403,
      message: 'Resource not accessible by integration',
      acceptedPermissions: 'checks=write',
    });
    expect(classifyPublishError(requestError(403, 'You have exceeded a secondary rate limit.')).kind).toBe(
      'rate-limited',
    );
    expect(
      classifyPublishError(requestError(403, 'API rate limit exceeded', { 'x-ratelimit-remaining': '0' })).kind,
    ).toBe('rate-limited');
    expect(classifyPublishError(requestError(404, 'Not Found')).kind).toBe('not-found');
    expect(classifyPublishError(requestError(401, 'Bad credentials')).kind).toBe('unauthorized');
    expect(classifyPublishError(requestError(503, 'Service Unavailable')).kind).toBe('unavailable');
    expect(classifyPublishError(requestError(422, 'Validation Failed')).kind).toBe('rejected');
    expect(classifyPublishError(Object.assign(new Error('socket hang up'), { status: 500 })).kind).toBe('unavailable');
    expect(classifyPublishError(new TypeError('x is undefined')).kind).toBe('unexpected');
  });

  it('turns the accepted permissions header into a permissions entry', () => {
    expect(permissionToGrant('checks=write', 'x')).toBe('checks: write');
    expect(permissionToGrant('issues=write; pull_requests=write', 'x')).toBe('pull-requests: write');
    expect(permissionToGrant(undefined, 'checks: write')).toBe('checks: write');
  });
});
