import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../../../shared/runtime/errors.js';
import { readJsonReport } from '../../../../actions/quality-gate/src/detect/read-json-report.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'elder-json-'));
});

async function file(name: string, content: string | Uint8Array): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

describe('readJsonReport', () => {
  it('reads UTF-8 with or without BOM, and UTF-16 with BOM', async () => {
    expect(await readJsonReport(await file('plain.json', '{"a":1}'))).toEqual({ a: 1 });
    expect(await readJsonReport(await file('bom.json', '\uFEFF{"a":1}'))).toEqual({ a: 1 });
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"a":"é"}', 'utf16le')]);
    expect(await readJsonReport(await file('utf16.json', utf16))).toEqual({ a: 'é' });
  });

  it.each([
    ['truncated', '{"runs": [{"results": [', /the JSON ends too early; the file looks truncated/],
    ['not JSON', '<xml/>', /the file is not valid JSON/],
    ['empty', '', /the file is empty/],
    ['invalid UTF-8', Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x7d]), /not valid UTF-8 text/],
    ['binary', Buffer.from([0x00, 0x01, 0x02, 0x03, 0x04]), /binary data/],
  ])('%s -> UserError naming the file', async (name, content, message) => {
    const path = await file(`${name}.json`, content);
    const error = await readJsonReport(path).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).where).toBe(path);
    expect((error as UserError).message).toMatch(message);
  });

  it('refuses a file over the cap before reading it', async () => {
    const path = await file('big.json', `[${'1,'.repeat(1000)}1]`);
    await expect(readJsonReport(path, 100)).rejects.toThrow(/over the 100 bytes limit for a JSON report/);
  });

  it('survives deep nesting and huge numbers (the parsers check types afterwards)', async () => {
    const deep = await file('deep.json', '['.repeat(200_000) + ']'.repeat(200_000));
    await expect(
      readJsonReport(deep).then(
        () => 'parsed',
        (err: unknown) => err,
      ),
    ).resolves.toSatisfy((outcome: unknown) => outcome === 'parsed' || outcome instanceof UserError);
    expect(
      await readJsonReport(await file('huge.json', '{"n": 1e99999, "m": 123456789012345678901234567890}')),
    ).toEqual({
      n: Infinity,
      m: 1.2345678901234568e29,
    });
  });
});
