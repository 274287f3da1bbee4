import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../../../shared/runtime/errors.js';
import {
  detectReportFormat,
  detectReportFormatFromHead,
} from '../../../../actions/quality-gate/src/detect/detect-report-format.js';
import { REPORT_FORMAT_INFO } from '../../../../actions/quality-gate/src/detect/report-format-names.js';
import { REPORT_SAMPLES } from './report-samples.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'elder-detect-'));
});

/** Writes `content` under a name whose extension lies about it, and detects it. */
async function detect(content: string | Uint8Array, name = 'report.txt'): Promise<string> {
  const path = join(dir, `${Math.random().toString(36).slice(2)}-${name}`);
  await writeFile(path, content);
  return (await detectReportFormat(path)).format;
}

async function detectError(content: string | Uint8Array, name = 'report.bin'): Promise<UserError> {
  const path = join(dir, `${Math.random().toString(36).slice(2)}-${name}`);
  await writeFile(path, content);
  try {
    await detectReportFormat(path);
  } catch (err) {
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).where).toBe(path);
    return err as UserError;
  }
  throw new Error(`expected ${name} to be refused`);
}

function utf16(text: string, endian: 'le' | 'be', bom: boolean): Uint8Array {
  const body = Buffer.from(text, 'utf16le');
  if (endian === 'be') body.swap16();
  const mark = endian === 'le' ? [0xff, 0xfe] : [0xfe, 0xff];
  return bom ? Buffer.concat([Buffer.from(mark), body]) : body;
}

describe('detectReportFormat: every format from its content', () => {
  it.each(REPORT_SAMPLES.map((sample) => [sample.name, sample]))('%s', async (_name, sample) => {
    const detected = await detectReportFormat(await writeSample(sample.content));
    expect(detected.format).toBe(sample.format);
    expect(detected.kind).toBe(REPORT_FORMAT_INFO[sample.format].kind);
  });

  async function writeSample(content: string): Promise<string> {
    const path = join(dir, `${Math.random().toString(36).slice(2)}.out`);
    await writeFile(path, content);
    return path;
  }

  it('ignores misleading extensions', async () => {
    const sample = (format: string): string => REPORT_SAMPLES.find((s) => s.format === format)?.content ?? '';
    expect(await detect(sample('lcov'), 'coverage.xml')).toBe('lcov');
    expect(await detect(sample('junit'), 'lcov.info')).toBe('junit');
    expect(await detect(sample('sarif'), 'junit.xml')).toBe('sarif');
    expect(await detect(sample('npm-audit'), 'results.sarif')).toBe('npm-audit');
    expect(await detect(sample('cobertura'), 'coverage-final.json')).toBe('cobertura');
  });

  it.each(REPORT_SAMPLES.map((sample) => [sample.name, sample]))(
    '%s with a UTF-8 BOM, CRLF line ends and leading blank lines',
    async (_name, sample) => {
      const content = '\uFEFF\r\n  \r\n' + sample.content.replace(/\n/g, '\r\n');
      expect(await detect(content)).toBe(sample.format);
    },
  );

  it.each(REPORT_SAMPLES.map((sample) => [sample.name, sample]))(
    '%s in UTF-16 (PowerShell redirection)',
    async (_name, sample) => {
      expect(await detect(utf16(sample.content, 'le', true))).toBe(sample.format);
      expect(await detect(utf16(sample.content, 'be', true))).toBe(sample.format);
      expect(await detect(utf16(sample.content, 'le', false))).toBe(sample.format);
    },
  );

  it('skips XML comments and processing instructions before the root', async () => {
    const xml =
      '<?xml version="1.0"?>\n<!-- generated -->\n<?xml-stylesheet href="x.xsl"?>\n<!-- twice -->\n<testsuites/>';
    expect(await detect(xml)).toBe('junit');
  });

  it('reads a namespaced root and a root tag cut by the end of the head', () => {
    expect(detectReportFormatFromHead(Buffer.from('<ns2:testsuite xmlns:ns2="urn:x" name="a">'), 'f').format).toBe(
      'junit',
    );
    expect(
      detectReportFormatFromHead(Buffer.from('<coverage line-rate="0.5" branch-rate="0.1" versi'), 'f').format,
    ).toBe('cobertura');
  });

  it('detects from the first 64 KiB of a large file, whatever comes after', async () => {
    const results = Array.from({ length: 5000 }, (_, i) => ({ ruleId: `r${i}`, message: { text: 'x'.repeat(40) } }));
    // `version` written last, after 500 KB of results: the run's tool object still tells.
    const sarif = JSON.stringify({ runs: [{ tool: { driver: { name: 'big' } }, results }], version: '2.1.0' });
    expect(sarif.length).toBeGreaterThan(300_000);
    expect(await detect(sarif)).toBe('sarif');
    const files = Object.fromEntries(
      Array.from({ length: 3000 }, (_, i) => [`/w/src/f${i}.ts`, { path: `/w/src/f${i}.ts`, statementMap: {}, s: {} }]),
    );
    expect(await detect(JSON.stringify(files))).toBe('istanbul-final');
    const lcov = 'TN:\n' + 'SF:a.ts\nDA:1,1\nend_of_record\n'.repeat(50_000);
    expect(await detect(lcov)).toBe('lcov');
  });

  it('does not mistake words inside strings for structure', async () => {
    const text = JSON.stringify({ note: '"runs": [{"tool": {}}], "version": "2.1.0", "auditReportVersion": 2' });
    expect((await detectError(text)).message).toMatch(/not a recognised report/);
  });
});

describe('detectReportFormat: unknown or hostile content is a UserError naming the file', () => {
  it.each([
    ['an empty file', '', /the file is empty/],
    ['only whitespace', ' \r\n\t\n', /only whitespace/],
    ['binary junk', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)), /binary|not valid/],
    ['NUL bytes', Buffer.from('TN:\0\0\0SF:x'), /binary data/],
    ['a gzip file', Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00]), /gzip-compressed/],
    ['a zip archive', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14]), /zip archive/],
    ['plain text', 'All tests passed!\n', /not a recognised report \(it starts with "All tests passed!"\)/],
    ['an HTML page', '<!DOCTYPE html><html><body>404</body></html>', /not a recognised report/],
    ['unknown JSON', '{"name": "package", "version": "1.0.0"}', /not a recognised report/],
    ['an empty JSON array', '[]', /not a recognised report/],
    ['malformed JSON', '{"version": "2.1.0", "runs": [}', /starts like JSON but is malformed/],
    [
      'SARIF 1.0',
      '{"version": "1.0.0", "runs": [{"tool": {"name": "x"}}]}',
      /SARIF version 1\.0\.0; only SARIF 2\.1\.0/,
    ],
    ['npm 6 audit', '{"actions": [], "advisories": {}, "muted": [], "metadata": {}}', /npm 6/],
    [
      'npm audit error output',
      '{"message": "405 Method Not Allowed - POST https://x", "statusCode": 405, "error": {"summary": ""}}',
      /error report, not an audit \(405 Method Not Allowed/,
    ],
    [
      'Checkstyle XML',
      '<?xml version="1.0"?><checkstyle version="4.3"><file name="a.js"/></checkstyle>',
      /Checkstyle XML/,
    ],
    ['a bare <report> root', '<report><title>x</title></report>', /not a recognised report/],
    ['a bare <coverage> root', '<coverage><foo/></coverage>', /not a recognised report/],
  ])('%s', async (_name, content, message) => {
    const error = await detectError(content);
    expect(error.message).toMatch(message);
  });

  it('lists the accepted formats in the unknown-format error', async () => {
    const error = await detectError('hello');
    for (const info of Object.values(REPORT_FORMAT_INFO)) expect(error.message).toContain(info.name);
  });

  it('does not expand entities: a "billion laughs" DOCTYPE costs nothing to detect', async () => {
    const entities = Array.from({ length: 10 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i};`.repeat(10)}">`).join(
      '\n',
    );
    const bomb = `<?xml version="1.0"?>\n<!DOCTYPE testsuites [\n<!ENTITY lol0 "lol">\n${entities}\n]>\n<testsuites>&lol10;</testsuites>`;
    const started = performance.now();
    // Detected as what it claims to be; the XML parser is the one that refuses the DTD.
    expect(await detect(bomb)).toBe('junit');
    expect(performance.now() - started).toBeLessThan(1000);
    const lolz = bomb.replace(/testsuites>/g, 'lolz>').replace('DOCTYPE testsuites', 'DOCTYPE lolz');
    expect((await detectError(lolz)).message).toMatch(/not a recognised report/);
  });

  it('a single 100 MB line is read only as far as its first 64 KiB', async () => {
    const path = join(dir, 'long-line.txt');
    await writeFile(path, 'x'.repeat(100 * 1024 * 1024));
    const started = performance.now();
    await expect(detectReportFormat(path)).rejects.toThrow(/not a recognised report/);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('a missing file or a directory is a UserError, not a crash', async () => {
    await expect(detectReportFormat(join(dir, 'nope.xml'))).rejects.toThrow(/nope\.xml: cannot read the file/);
    const sub = join(dir, 'a-directory');
    await mkdir(sub);
    await expect(detectReportFormat(sub)).rejects.toBeInstanceOf(UserError);
  });
});
