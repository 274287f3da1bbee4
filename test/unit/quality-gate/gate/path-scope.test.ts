import { describe, expect, it } from 'vitest';
import { pathMatcher, pathScope } from '../../../../actions/quality-gate/src/gate/path-scope.js';
import { resolveCondition } from '../../../../actions/quality-gate/src/gate/condition.js';

describe('condition paths', () => {
  it('matches a prefix by whole segments', () => {
    const api = pathMatcher('services/api/');
    expect(api('services/api/src/a.ts')).toBe(true);
    expect(api('services/api')).toBe(true);
    expect(api('services/apiary/a.ts')).toBe(false);
    expect(pathMatcher('./services')('services/x')).toBe(true);
    expect(pathMatcher('.')('anything')).toBe(true);
  });

  it('matches a glob against the file or any directory above it', () => {
    const packages = pathMatcher('packages/*');
    expect(packages('packages/web/src/deep/a.ts')).toBe(true);
    expect(packages('apps/web/a.ts')).toBe(false);
    const sources = pathMatcher('services/*/src/**');
    expect(sources('services/api/src/a/b.ts')).toBe(true);
    expect(sources('services/api/test/a.ts')).toBe(false);
    expect(pathMatcher('**/*.ts')('a/b/c.ts')).toBe(true);
  });

  it('resolves package names before paths', () => {
    const scope = pathScope('api', { api: 'services/api' });
    expect(scope).toMatchObject({ written: 'api', pattern: 'services/api' });
    expect(scope.matches('services/api/x.ts')).toBe(true);
    expect(pathScope('api', {}).matches('api/x.ts')).toBe(true);
    expect(pathScope('constructor', {}).pattern).toBe('constructor');
  });
});

describe('resolveCondition', () => {
  const spec = { operator: '>=' as const, threshold: 80, waive: false };

  it('splits a metric name into metric and scope', () => {
    expect(resolveCondition('pre_deployment', { ...spec, metric: 'new_line_coverage' })).toMatchObject({
      name: 'new_line_coverage',
      metric: 'line_coverage',
      scope: 'new_code',
      unit: '%',
      source: 'coverage',
    });
    expect(resolveCondition('pre_deployment', { ...spec, metric: 'findings_high', scope: 'new_code' })).toMatchObject({
      name: 'new_findings_high',
      metric: 'findings_high',
      scope: 'new_code',
      unit: 'count',
    });
    expect(resolveCondition('pre_deployment', { ...spec, metric: 'new_lines' })).toMatchObject({
      name: 'new_lines',
      scope: 'new_code',
      source: 'changes',
    });
    expect(resolveCondition('runtime', { ...spec, metric: 'queue_depth' })).toMatchObject({
      name: 'queue_depth',
      scope: 'overall',
      unit: '',
      source: 'metrics',
    });
  });

  it('names path-scoped conditions by their path and carries waivers', () => {
    const condition = resolveCondition(
      'pre_deployment',
      { ...spec, metric: 'line_coverage', path: 'api', waive: true, waiveReason: 'x' },
      { api: 'services/api' },
    );
    expect(condition.name).toBe('line_coverage[api]');
    expect(condition.path?.pattern).toBe('services/api');
    expect(condition.waiver).toEqual({ reason: 'x' });
  });
});
