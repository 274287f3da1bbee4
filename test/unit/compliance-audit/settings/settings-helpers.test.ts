/**
 * The small pure pieces of the settings audit: sorting Octokit errors, redacting credentials
 * from evidence, matching the quality gate's check name, and recognising production names.
 */
import { describe, expect, it } from 'vitest';
import { toApiFailure } from '../../../../actions/compliance-audit/src/settings/api-reader.js';
import { stateFromFailure } from '../../../../actions/compliance-audit/src/settings/capability-probe.js';
import { outcomeOf, redactSecrets } from '../../../../actions/compliance-audit/src/settings/check-kit.js';
import { matchesCheckName } from '../../../../actions/compliance-audit/src/settings/checks/branch-protection.js';
import { isProductionName } from '../../../../actions/compliance-audit/src/settings/checks/production-environments.js';
import { SETTINGS_RULES } from '../../../../actions/compliance-audit/src/settings/settings-rules.js';

function octokitError(status: number, message: string, headers: Record<string, string> = {}) {
  return Object.assign(new Error(message), { status, response: { data: { message }, headers } });
}

describe('toApiFailure', () => {
  it('sorts permission refusals, rate limits, 404s and network failures apart', () => {
    expect(
      toApiFailure(
        octokitError(403, 'Resource not accessible by integration', {
          'x-accepted-github-permissions': 'administration=read',
        }),
      ),
    ).toEqual({
      kind: 'forbidden',
      status: 403,
      message: 'Resource not accessible by integration',
      acceptedPermissions: 'administration=read',
    });
    expect(toApiFailure(octokitError(403, 'You have exceeded a secondary rate limit.'))).toMatchObject({
      kind: 'error',
      message: 'rate limited: You have exceeded a secondary rate limit.',
    });
    expect(toApiFailure(octokitError(429, 'slow down', { 'retry-after': '60' })).kind).toBe('error');
    expect(toApiFailure(octokitError(404, 'Not Found'))).toEqual({
      kind: 'not_found',
      status: 404,
      message: 'Not Found',
    });
    expect(toApiFailure(new TypeError('fetch failed'))).toEqual({ kind: 'error', message: 'fetch failed' });
  });
});

describe('stateFromFailure', () => {
  const spec = { route: 'GET /x', permission: 'administration', notFoundMeansHidden: true, featureOff: /disabled/ };
  it('reads the permission from the header, and a hidden 404 as missing administration', () => {
    const forbidden = stateFromFailure(spec, {
      kind: 'forbidden',
      status: 403,
      message: 'Resource not accessible by integration',
      acceptedPermissions: 'actions=read',
    });
    expect(forbidden).toMatchObject({
      readable: false,
      cause: 'permission',
      reason: expect.stringMatching(/^token lacks actions: read/),
    });
    expect(stateFromFailure(spec, { kind: 'not_found', status: 404, message: 'Not Found' })).toMatchObject({
      cause: 'permission',
      reason: expect.stringMatching(/^token lacks administration: read/),
    });
    expect(stateFromFailure(spec, { kind: 'not_found', status: 404, message: 'Feature disabled' })).toEqual({
      readable: true,
      featureOff: 'Feature disabled',
    });
    expect(stateFromFailure(spec, { kind: 'error', status: 502, message: 'Bad Gateway' })).toEqual({
      readable: false,
      cause: 'error',
      reason: 'GET /x answered 502: Bad Gateway',
    });
  });
});

describe('redactSecrets', () => {
  it('replaces key material and secrets with a stable marker, deep inside arrays', () => {
    const redacted = redactSecrets([{ id: 1, key: 'ssh-ed25519 AAAA', nested: { secret: 'ghp_x', title: 't' } }]);
    expect(JSON.stringify(redacted)).not.toMatch(/AAAA|ghp_x/);
    expect(redacted).toEqual([
      {
        id: 1,
        key: expect.stringMatching(/^\[redacted: 16 chars, sha256 [0-9a-f]{12}…\]$/),
        nested: { secret: expect.stringMatching(/^\[redacted: 5 chars/), title: 't' },
      },
    ]);
    expect(redactSecrets({ key: 'same' })).toEqual(redactSecrets({ key: 'same' }));
  });
});

describe('matchesCheckName and isProductionName', () => {
  it('matches the quality gate and its matrix legs, not look-alikes', () => {
    expect(matchesCheckName('elder / quality-gate', 'elder / quality-gate')).toBe(true);
    expect(matchesCheckName('elder / quality-gate', 'elder / quality-gate (unit)')).toBe(true);
    expect(matchesCheckName('elder / quality-gate', 'elder / quality-gate-lite')).toBe(false);
    expect(matchesCheckName('elder / *', 'elder / deploy')).toBe(true);
  });
  it('matches production names case-insensitively with wildcards', () => {
    expect(isProductionName(['production', 'prod-*'], 'Production')).toBe(true);
    expect(isProductionName(['production', 'prod-*'], 'prod-eu')).toBe(true);
    expect(isProductionName(['production', 'prod-*'], 'preproduction')).toBe(false);
  });
});

describe('outcomeOf', () => {
  const rule = SETTINGS_RULES.deployKeys;
  it('never passes a rule with an unread part, and lets a finding fail it anyway', () => {
    const unknown = [{ subject: 'GET /x', reason: 'token lacks administration: read' }];
    expect(outcomeOf(rule, { findings: [], unknown, examined: [] })).toMatchObject({
      status: 'not_assessed',
      reason: 'token lacks administration: read',
    });
    const f = { ruleId: rule.id, severity: 'medium' as const, message: 'm' };
    expect(outcomeOf(rule, { findings: [f], unknown, examined: ['1 key'] })).toMatchObject({
      status: 'fail',
      examined: '1 key; not read: GET /x: token lacks administration: read',
    });
    expect(outcomeOf(rule, { findings: [], unknown: [], examined: [] }).status).toBe('pass');
  });
});
