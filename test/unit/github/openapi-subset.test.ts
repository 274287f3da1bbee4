/**
 * The committed OpenAPI subset must be what scripts/extract-openapi.mjs makes from the
 * installed @octokit/openapi, so upgrading the description cannot silently leave the fake
 * validating against stale shapes.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { loadOpenApiSubset } from '../../support/fake-github/index.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const run = promisify(execFile);

describe('OpenAPI subset', () => {
  it('equals a fresh extraction from the installed @octokit/openapi', async () => {
    const { stdout } = await run(process.execPath, ['scripts/extract-openapi.mjs', '--stdout'], {
      cwd: root,
      maxBuffer: 64 * 1024 * 1024,
    });
    const fresh = JSON.parse(stdout) as unknown;
    // Compared as data, not text: `npm run format` may reformat the committed JSON.
    expect(loadOpenApiSubset()).toEqual(fresh);
  });

  it('records the version of the description it was cut from', () => {
    const require = createRequire(import.meta.url);
    const installed = JSON.parse(readFileSync(require.resolve('@octokit/openapi/package.json'), 'utf8')) as {
      version: string;
    };
    const subset = loadOpenApiSubset();
    expect(subset.source).toEqual({
      package: '@octokit/openapi',
      version: installed.version,
      file: 'generated/api.github.com.deref.json',
    });
  });

  it('keeps the operations the suite depends on, with their limits', () => {
    const subset = loadOpenApiSubset();
    const create = subset.operations.find((o) => o.method === 'POST' && o.path === '/repos/{owner}/{repo}/check-runs');
    const output = (
      create?.requestBody?.schema?.properties as Record<string, { properties: Record<string, Record<string, unknown>> }>
    ).output;
    expect(output?.properties.summary?.maxLength).toBe(65535);
    expect(output?.properties.annotations?.maxItems).toBe(50);
    expect(subset.operations.length).toBeGreaterThanOrEqual(20);
  });
});
