import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

import { parseXmlFile } from '../../../../actions/quality-gate/src/xml/parse-xml-file.js';
import { UserError } from '../../../../shared/runtime/errors.js';

describe('parseXmlFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'elder-xml-file-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function collect() {
    const names: string[] = [];
    return { names, handlers: { openTag: (name: string) => names.push(name), closeTag: () => {} } };
  }

  it('streams a file in chunks of any size with the same result', async () => {
    const path = join(dir, 'doc.xml');
    writeFileSync(path, `<r>${'<item value="é&amp;"/>'.repeat(10_000)}</r>`);
    const expected = collect();
    await parseXmlFile(path, expected.handlers);
    expect(expected.names).toHaveLength(10_001);
    for (const chunkBytes of [1_000, 4_093, 65_536]) {
      const run = collect();
      await parseXmlFile(path, run.handlers, { chunkBytes });
      expect(run.names).toEqual(expected.names);
    }
  });

  it('a missing file or a directory is a UserError naming the path', async () => {
    const missing = join(dir, 'missing.xml');
    await expect(parseXmlFile(missing, collect().handlers)).rejects.toThrow(
      new UserError('cannot read the file (ENOENT)', missing),
    );
    await expect(parseXmlFile(dir, collect().handlers)).rejects.toThrow(new UserError('not a regular file', dir));
  });

  it('names the file as told in errors', async () => {
    const path = join(dir, 'bad.xml');
    writeFileSync(path, '<a>\n<b>\n');
    await expect(parseXmlFile(path, collect().handlers, { source: 'reports/bad.xml' })).rejects.toThrow(
      'reports/bad.xml:3:1: unexpected end of file: the document is truncated (<b>, <a> not closed)',
    );
  });
});
