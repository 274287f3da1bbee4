import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { expandGlobs, globToRegExp } from '../../../shared/runtime/glob.js';

describe('globToRegExp', () => {
  it('keeps * inside one segment and lets ** cross segments', () => {
    expect(globToRegExp('*.json')('a.json')).toBe(true);
    expect(globToRegExp('*.json')('x/a.json')).toBe(false);
    expect(globToRegExp('**/*.json')('x/y/a.json')).toBe(true);
    expect(globToRegExp('**/*.json')('a.json')).toBe(true);
    expect(globToRegExp('a?.txt')('ab.txt')).toBe(true);
    expect(globToRegExp('a.(json)')('a.(json)')).toBe(true);
  });
});

describe('expandGlobs', () => {
  it('expands patterns, plain files and directories, sorted and unique', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'elder-glob-'));
    await mkdir(join(dir, 'art', 'leg-1'), { recursive: true });
    await writeFile(join(dir, 'art', 'leg-1', 'deploy-prod.json'), '{}');
    await writeFile(join(dir, 'art', 'top.json'), '{}');
    await writeFile(join(dir, 'art', 'notes.txt'), '');
    const viaPattern = await expandGlobs(['art/**/*.json', 'art/top.json'], { cwd: dir });
    expect(viaPattern).toEqual([join(dir, 'art', 'leg-1', 'deploy-prod.json'), join(dir, 'art', 'top.json')]);
    const viaDir = await expandGlobs(['art'], { cwd: dir });
    expect(viaDir).toHaveLength(3);
    expect(await expandGlobs(['missing/*.json'], { cwd: dir })).toEqual([]);
  });
});
