/**
 * CheckRunPublisher against the fake: one check run per phase/env/key however often the job
 * re-runs, annotations in batches of 50, output kept inside GitHub's limits.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  CheckRunPublisher,
  checkRunExternalId,
  checkRunName,
  sanitizeAnnotation,
  type CheckRunAnnotation,
  type CheckRunRequest,
} from '../../../shared/github/check-run.js';
import {
  ANNOTATION_MESSAGE_MAX_BYTES,
  ANNOTATION_RAW_DETAILS_MAX_BYTES,
  ANNOTATION_TITLE_MAX,
} from '../../../shared/render/limits.js';
import { FakeGitHub } from '../../support/fake-github/index.js';
import { fakeClient } from '../../support/fake-github/test-client.js';

const SHA = '0123456789abcdef0123456789abcdef01234567';
const CREATE = '/repos/{owner}/{repo}/check-runs';
const UPDATE = '/repos/{owner}/{repo}/check-runs/{check_run_id}';

function annotations(count: number): CheckRunAnnotation[] {
  return Array.from({ length: count }, (_, i) => ({
    path: `src/file-${i % 7}.ts`,
    start_line: i + 1,
    end_line: i + 1,
    annotation_level: i % 3 === 0 ? 'failure' : 'warning',
    message: `finding ${i}`,
    title: `rule-${i % 5}`,
  }));
}

function request(overrides: Partial<CheckRunRequest> = {}): CheckRunRequest {
  return {
    name: checkRunName('readiness', 'production'),
    externalId: checkRunExternalId('readiness', 'production'),
    headSha: SHA,
    status: 'completed',
    conclusion: 'success',
    title: 'Ready: 0.93',
    summary: 'All phases passed.',
    ...overrides,
  };
}

describe('CheckRunPublisher', () => {
  let fake: FakeGitHub;
  let publisher: CheckRunPublisher;
  beforeEach(async () => {
    fake = await FakeGitHub.start();
    const { octokit, logger } = fakeClient(fake);
    publisher = new CheckRunPublisher({ octokit, owner: 'octo-org', repo: 'service', logger });
  });
  afterEach(async () => {
    await fake.close();
  });

  it('names and identifies the check by phase, environment and key', () => {
    expect(checkRunName('readiness', 'production')).toBe('elder / readiness (production)');
    expect(checkRunName('quality-gate', 'staging', 'pre_deployment')).toBe(
      'elder / quality-gate (pre_deployment, staging)',
    );
    expect(checkRunExternalId('quality-gate', 'staging', 'coverage')).toBe('elder:quality-gate:staging:coverage');
  });

  it('creates the check run, then updates it in place on re-runs', async () => {
    const first = await publisher.publish(
      request({ status: 'in_progress', conclusion: undefined, summary: 'Running…' }),
    );
    const second = await publisher.publish(request({ conclusion: 'failure', summary: 'Coverage fell.' }));
    const third = await publisher.publish(request({ conclusion: 'success', summary: 'Fixed.' }));

    expect(first.created).toBe(true);
    expect([second.created, third.created]).toEqual([false, false]);
    expect(new Set([first.id, second.id, third.id]).size).toBe(1);
    expect(fake.checkRuns).toHaveLength(1);
    expect(fake.checkRuns[0]).toMatchObject({
      name: 'elder / readiness (production)',
      externalId: 'elder:readiness:production',
      status: 'completed',
      conclusion: 'success',
      output: { title: 'Ready: 0.93', summary: 'Fixed.' },
      updates: 2,
    });
    expect(first.url).toBe(`https://github.com/octo-org/service/runs/${first.id}`);
    expect(fake.callsTo('POST', CREATE)).toHaveLength(1);
    expect(fake.callsTo('PATCH', UPDATE)).toHaveLength(2);
    expect(fake.violations).toEqual([]);
  });

  it('keeps separate check runs for different keys and environments', async () => {
    await publisher.publish(request());
    await publisher.publish(
      request({ name: checkRunName('readiness', 'staging'), externalId: checkRunExternalId('readiness', 'staging') }),
    );
    await publisher.publish(request());
    expect(fake.checkRuns.map((r) => r.externalId)).toEqual(['elder:readiness:production', 'elder:readiness:staging']);
  });

  it('finds the earlier run by name when it has no external_id (made by an older version)', async () => {
    const { octokit } = fakeClient(fake);
    const legacy = await octokit.rest.checks.create({
      owner: 'octo-org',
      repo: 'service',
      name: request().name,
      head_sha: SHA,
    });
    const published = await publisher.publish(request());
    expect(published.id).toBe(legacy.data.id);
    expect(fake.checkRuns).toHaveLength(1);
    expect(fake.checkRuns[0]?.externalId).toBe('elder:readiness:production');
  });

  it('sends 123 annotations in three requests of 50, 50 and 23', async () => {
    const published = await publisher.publish(request({ conclusion: 'failure', annotations: annotations(123) }));
    const writes = fake.calls.filter((c) => c.method !== 'GET');
    expect(writes.map((c) => `${c.method} ${c.template}`)).toEqual([
      `POST ${CREATE}`,
      `PATCH ${UPDATE}`,
      `PATCH ${UPDATE}`,
    ]);
    const batchSizes = writes.map(
      (c) => ((c.body as { output: { annotations?: unknown[] } }).output.annotations ?? []).length,
    );
    expect(batchSizes).toEqual([50, 50, 23]);
    expect(published).toMatchObject({ annotationsSent: 123, writes: 3 });
    expect(fake.checkRuns[0]?.annotations).toHaveLength(123);
    expect(fake.checkRuns[0]?.annotations.map((a) => a.message)).toEqual(annotations(123).map((a) => a.message));
    // The summary survives the later annotation-only updates.
    expect(fake.checkRuns[0]?.output).toMatchObject({ title: 'Ready: 0.93', summary: 'All phases passed.' });
    expect(fake.violations).toEqual([]);
  });

  it('does not append the same annotations again when a job is re-run', async () => {
    await publisher.publish(request({ annotations: annotations(60) }));
    await publisher.publish(request({ annotations: annotations(61) }));
    expect(fake.checkRuns).toHaveLength(1);
    expect(fake.checkRuns[0]?.annotations).toHaveLength(61);
    expect(fake.violations).toEqual([]);
  });

  it('keeps summary and text inside 65,535 characters and bytes', async () => {
    const published = await publisher.publish(request({ summary: '✅ '.repeat(30_000), text: 'x'.repeat(70_000) }));
    const output = fake.checkRuns[0]?.output;
    expect(published.created).toBe(true);
    expect(Buffer.byteLength(output?.summary ?? '', 'utf8')).toBeLessThanOrEqual(65_535);
    expect(output?.text?.length).toBeLessThanOrEqual(65_535);
    expect(output?.summary).toMatch(/Truncated: GitHub allows 65,535 characters here/);
    expect(fake.violations).toEqual([]);
  });

  it('makes odd annotations acceptable instead of failing the request', async () => {
    await publisher.publish(
      request({
        annotations: [
          { path: 'a.ts', start_line: 0, end_line: 0, annotation_level: 'notice', message: 'line 0' },
          {
            path: 'b.ts',
            start_line: 5,
            end_line: 9,
            start_column: 2,
            end_column: 4,
            annotation_level: 'warning',
            message: 'cols on a range',
          },
          {
            path: 'c.ts',
            start_line: 3,
            end_line: 3,
            annotation_level: 'failure',
            message: 'm',
            title: 't'.repeat(300),
          },
        ],
      }),
    );
    const [zero, range, titled] = fake.checkRuns[0]?.annotations ?? [];
    expect(zero).toMatchObject({ start_line: 1, end_line: 1 });
    expect(range?.start_column).toBeUndefined();
    expect(titled?.title?.length).toBe(255);
    expect(fake.violations).toEqual([]);
  });

  it('refuses a completed check run without a conclusion before calling GitHub', async () => {
    await expect(publisher.publish(request({ conclusion: undefined }))).rejects.toThrow(/needs a conclusion/);
    expect(fake.calls).toEqual([]);
  });
});

describe('sanitizeAnnotation', () => {
  it('cuts message, raw details and title to the limits the render layer aims under', () => {
    const out = sanitizeAnnotation({
      path: 'a.ts',
      start_line: 1,
      end_line: 1,
      annotation_level: 'failure',
      message: 'é'.repeat(40_000),
      raw_details: '🚀'.repeat(20_000),
      title: '🚀'.repeat(200),
    });
    expect(Buffer.byteLength(out.message)).toBeLessThanOrEqual(ANNOTATION_MESSAGE_MAX_BYTES);
    expect(out.message.endsWith('é…')).toBe(true);
    expect(Buffer.byteLength(out.raw_details ?? '')).toBeLessThanOrEqual(ANNOTATION_RAW_DETAILS_MAX_BYTES);
    expect(out.raw_details).not.toContain('\uFFFD');
    expect(out.title?.length).toBeLessThanOrEqual(ANNOTATION_TITLE_MAX);
    expect(out.title).toMatch(/^(?:🚀)+…$/u);
  });

  it('leaves an annotation within the limits as it is', () => {
    const annotation: CheckRunAnnotation = {
      path: 'a.ts',
      start_line: 2,
      end_line: 2,
      start_column: 3,
      end_column: 5,
      annotation_level: 'notice',
      message: 'm',
      title: 't',
      raw_details: 'd',
    };
    expect(sanitizeAnnotation(annotation)).toEqual(annotation);
  });
});
