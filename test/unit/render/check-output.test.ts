import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import type { Finding, Status } from '../../../shared/result/phase-result.js';
import {
  annotationLevel,
  buildCheckRunOutput,
  checkRunTitle,
  chunkAnnotations,
  conclusionFor,
  toAnnotation,
  type CheckRunAnnotation,
} from '../../../shared/render/check-output.js';
import { ANNOTATIONS_PER_REQUEST, CHECK_RUN_SUMMARY_MAX, CHECK_RUN_TEXT_MAX } from '../../../shared/render/limits.js';
import { utf8Bytes } from '../../../shared/render/text-size.js';
import { baseResult, hostileResult, manyFindings } from './render-fixtures.js';

/** GitHub's own description of the `output` object of "Create a check run". */
function officialOutputSchema(): object {
  const require = createRequire(import.meta.url);
  const file = require.resolve('@octokit/openapi/generated/api.github.com.json');
  const spec = JSON.parse(readFileSync(file, 'utf8')) as {
    paths: Record<
      string,
      { post: { requestBody: { content: Record<string, { schema: { properties: { output: object } } }> } } }
    >;
  };
  const body = spec.paths['/repos/{owner}/{repo}/check-runs']?.post.requestBody.content['application/json'];
  if (body === undefined) throw new Error('check-runs request body not found in the OpenAPI description');
  return body.schema.properties.output;
}

const validateOutput = new Ajv({ strict: false, allErrors: true }).compile(officialOutputSchema());

function finding(overrides: Partial<Finding> = {}): Finding {
  return {
    ruleId: 'rule/x',
    severity: 'high',
    message: 'problem',
    location: { file: 'src/a.ts', line: 3 },
    ...overrides,
  };
}

describe('conclusionFor', () => {
  it('maps each status, and never maps not assessed to success', () => {
    const expected: Record<Status, string> = {
      success: 'success',
      failure: 'failure',
      neutral: 'neutral',
      not_assessed: 'neutral',
    };
    for (const [status, conclusion] of Object.entries(expected))
      expect(conclusionFor(status as Status)).toBe(conclusion);
  });

  it('says "not assessed" in the title when the conclusion is neutral for that reason', () => {
    const title = checkRunTitle(baseResult({ status: 'not_assessed', score: null }));
    expect(title).toBe('Quality gate · production: not assessed, 0 findings');
  });

  it('puts verdict, score and finding count in the title', () => {
    expect(checkRunTitle(baseResult({ findings: manyFindings(3) }))).toBe(
      'Quality gate · production: failed, score 62.5%, 3 findings',
    );
  });
});

describe('toAnnotation', () => {
  it('maps severities to annotation levels', () => {
    expect(['critical', 'high', 'medium', 'low', 'info'].map((s) => annotationLevel(s as Finding['severity']))).toEqual(
      ['failure', 'failure', 'warning', 'notice', 'notice'],
    );
  });

  it('sends columns only when the annotation is on one line', () => {
    const single = toAnnotation(finding({ location: { file: 'a.ts', line: 4, column: 2, endColumn: 9 } }));
    expect(single).toMatchObject({ start_line: 4, end_line: 4, start_column: 2, end_column: 9 });
    const multi = toAnnotation(finding({ location: { file: 'a.ts', line: 4, column: 2, endLine: 6, endColumn: 9 } }));
    expect(multi).toMatchObject({ start_line: 4, end_line: 6 });
    expect(multi).not.toHaveProperty('start_column');
    expect(multi).not.toHaveProperty('end_column');
  });

  it('places a finding without a line on line 1 and skips one without a file', () => {
    expect(toAnnotation(finding({ location: { file: './docs/x.md' } }))).toMatchObject({
      path: 'docs/x.md',
      start_line: 1,
      end_line: 1,
    });
    expect(toAnnotation(finding({ location: undefined }))).toBeUndefined();
  });

  it('caps message and raw details at 64,000 bytes and the title at 255 characters', () => {
    const huge = '😀'.repeat(40_000);
    const annotation = toAnnotation(
      finding({ ruleId: 'r'.repeat(400), message: huge, evidence: huge }),
    ) as CheckRunAnnotation;
    expect(utf8Bytes(annotation.message)).toBeLessThanOrEqual(64_000);
    expect(utf8Bytes(annotation.raw_details ?? '')).toBeLessThanOrEqual(64_000);
    expect((annotation.title ?? '').length).toBeLessThanOrEqual(255);
  });
});

describe('chunkAnnotations', () => {
  it('splits 123 annotations into 50, 50 and 23 in order', () => {
    const items = Array.from({ length: 123 }, (_, i) => i);
    const batches = chunkAnnotations(items);
    expect(batches.map((b) => b.length)).toEqual([50, 50, 23]);
    expect(batches.flat()).toEqual(items);
  });

  it('handles the edges', () => {
    expect(chunkAnnotations([])).toEqual([]);
    expect(chunkAnnotations(Array.from({ length: 50 }, () => 0)).map((b) => b.length)).toEqual([50]);
    expect(chunkAnnotations([1, 2, 3], 2)).toEqual([[1, 2], [3]]);
    expect(() => chunkAnnotations([1], 0)).toThrow(RangeError);
    expect(() => chunkAnnotations([1], 1.5)).toThrow(RangeError);
  });
});

describe('buildCheckRunOutput', () => {
  it('caps annotations at 1,000, ranked, and says how many were not sent', () => {
    const findings = manyFindings(5_000);
    const output = buildCheckRunOutput(baseResult({ findings }), { resultFile: 'elder/qg.json' });
    expect(output.annotations).toHaveLength(1_000);
    // Changed lines first (every 7th finding is on one), then by severity.
    const index = (a: CheckRunAnnotation): number => Number(/file-(\d+)\.ts$/.exec(a.path)?.[1]);
    const changed = findings.filter((f) => f.onChangedLine).length;
    expect(output.annotations.slice(0, changed).every((a) => index(a) % 7 === 0)).toBe(true);
    const rest = output.annotations.slice(changed);
    expect(rest.every((a) => index(a) % 7 !== 0 && a.annotation_level === 'failure')).toBe(true);
    expect(rest[0]?.title).toMatch(/^critical: /);
    expect(output.summary).toContain('Annotations: 1000 shown, 4000 more not annotated (at most 1000 per check run)');
    expect(output.summary).toContain('`elder/qg.json`');
  });

  it('keeps summary and text within 65,535 bytes with 100,000 findings', () => {
    const output = buildCheckRunOutput(baseResult({ findings: manyFindings(100_000) }), {
      resultFile: 'elder/qg.json',
    });
    expect(utf8Bytes(output.summary)).toBeLessThanOrEqual(CHECK_RUN_SUMMARY_MAX);
    expect(utf8Bytes(output.text ?? '')).toBeLessThanOrEqual(CHECK_RUN_TEXT_MAX);
    expect(output.text).toMatch(/\n… \d+ more, see the result file `elder\/qg\.json`\n$/);
  });

  it('counts findings without a location in the summary', () => {
    const output = buildCheckRunOutput(baseResult({ findings: [finding({ location: undefined }), finding()] }), {
      resultFile: 'r.json',
    });
    expect(output.annotations).toHaveLength(1);
    expect(output.summary).toContain('1 finding has no file location and no annotation.');
  });

  it('produces requests that match GitHub’s OpenAPI description, batch by batch', () => {
    for (const result of [
      hostileResult(),
      baseResult({ findings: manyFindings(120) }),
      baseResult({ status: 'not_assessed', score: null }),
    ]) {
      const output = buildCheckRunOutput(result, { resultFile: 'elder/x.json' });
      const batches = chunkAnnotations(output.annotations, ANNOTATIONS_PER_REQUEST);
      for (const annotations of batches.length === 0 ? [[]] : batches) {
        const request = { ...output, annotations };
        const valid = validateOutput(request);
        expect(validateOutput.errors ?? []).toEqual([]);
        expect(valid).toBe(true);
      }
    }
  });

  it('is checked against a schema that does reject bad requests', () => {
    const annotation = toAnnotation(finding()) as CheckRunAnnotation;
    const base = { title: 't', summary: 's' };
    expect(validateOutput({ ...base, annotations: Array.from({ length: 51 }, () => annotation) })).toBe(false);
    expect(validateOutput({ ...base, annotations: [{ ...annotation, path: undefined }] })).toBe(false);
    expect(validateOutput({ ...base, summary: 'x'.repeat(65_536) })).toBe(false);
    expect(validateOutput({ ...base, annotations: [annotation] })).toBe(true);
  });

  it('leaves out the text when there are no findings', () => {
    const output = buildCheckRunOutput(baseResult(), { resultFile: 'r.json' });
    expect(output.text).toBeUndefined();
    expect(output.summary).toContain('0 findings.');
    expect(output.summary).toContain('`new_line_coverage`');
  });
});
