import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { readPhaseResult, writePhaseResult } from '../../../shared/result/result-file.js';
import { makePhaseResult } from '../../support/phase-result-factory.js';
import type { PhaseResult } from '../../../shared/result/phase-result.js';

describe('PhaseResult files', () => {
  it('round-trips a valid result', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'elder-result-'));
    const result = makePhaseResult({ key: 'pre deployment/1' });
    const path = await writePhaseResult(result, dir);
    expect(path).toBe(join(dir, 'deploy-production-pre_deployment_1.json'));
    expect(await readPhaseResult(path)).toEqual(result);
  });

  it('refuses to write an invalid result and leaves nothing behind', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'elder-result-'));
    const bad = { ...makePhaseResult(), score: 1.5 } as PhaseResult;
    await expect(writePhaseResult(bad, dir)).rejects.toThrow(/\/score: must be <= 1/);
    expect(await readdir(dir)).toEqual([]);
  });

  it('keeps the previous file when a later write fails validation', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'elder-result-'));
    const path = await writePhaseResult(makePhaseResult(), dir);
    const before = await readFile(path, 'utf8');
    await expect(
      writePhaseResult({ ...makePhaseResult(), status: 'passed' } as unknown as PhaseResult, dir),
    ).rejects.toThrow();
    expect(await readFile(path, 'utf8')).toBe(before);
    expect(await readdir(dir)).toEqual(['deploy-production.json']);
  });

  it('names the file and every bad place when reading', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'elder-result-'));
    const path = join(dir, 'x.json');
    await writeFile(path, JSON.stringify({ ...makePhaseResult(), phase: 'deplo', extra: 1 }));
    const error = await readPhaseResult(path).catch((e: Error) => e);
    expect(String(error)).toContain(path);
    expect(String(error)).toContain('/phase: must be one of');
    expect(String(error)).toContain("unknown property 'extra'");
    await writeFile(path, '{"schemaVersion": 1,');
    await expect(readPhaseResult(path)).rejects.toThrow(/is not valid JSON/);
    await writeFile(path, JSON.stringify({ ...makePhaseResult(), schemaVersion: 2 }));
    await expect(readPhaseResult(path)).rejects.toThrow(/newer Ancient Elder/);
  });
});
