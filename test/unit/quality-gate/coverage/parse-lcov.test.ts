import { describe, expect, it } from 'vitest';
import { parseLcov } from '../../../../actions/quality-gate/src/coverage/parse-lcov.js';
import type { FileCoverageRecord } from '../../../../actions/quality-gate/src/model.js';
import { UserError } from '../../../../shared/runtime/errors.js';

async function parse(chunks: (string | Uint8Array)[] | string, name = 'coverage/lcov.info') {
  const records: FileCoverageRecord[] = [];
  const summary = await parseLcov(typeof chunks === 'string' ? [chunks] : chunks, (r) => records.push(r), { name });
  return { records, summary };
}

async function rejection(input: (string | Uint8Array)[] | string, name = 'bad.info'): Promise<UserError> {
  const error = await parse(input, name).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UserError);
  return error as UserError;
}

const GCC_RECORD = [
  'TN:unit',
  'SF:/home/runner/work/app/app/src/calc.c',
  'FN:3,12,add',
  'FN:14,mul',
  'FNDA:5,add',
  'FNDA:0,mul',
  'FNF:2',
  'FNH:1',
  'DA:3,5,9b7a1c0d4e',
  'DA:4,18446744073709551615',
  'DA:5,4294967296000',
  'DA:14,0',
  'BRDA:4,0,0,3',
  'BRDA:4,0,1,-',
  'BRDA:5,e1,0,0',
  'BRF:3',
  'BRH:1',
  'LF:4',
  'LH:2',
  'end_of_record',
  '',
].join('\n');

describe('parseLcov', () => {
  it('reads every record type, checksums, huge and wrapped counts, and untaken branches', async () => {
    const { records, summary } = await parse(GCC_RECORD);
    expect(records).toHaveLength(1);
    const [record] = records as [FileCoverageRecord];
    expect(record.path).toBe('/home/runner/work/app/app/src/calc.c');
    expect(record.lines).toEqual([
      { line: 3, hits: 5 },
      { line: 4, hits: 0 }, // 2^64-1 is a wrapped -1, counted as 0 with a warning
      { line: 5, hits: 4294967296000 },
      { line: 14, hits: 0 },
    ]);
    expect(record.branches).toEqual([
      { line: 4, covered: 1, total: 2 }, // `-`: the block never ran
      { line: 5, covered: 0, total: 1 },
    ]);
    expect(record.functions).toEqual([
      { name: 'add', line: 3, hits: 5 },
      { name: 'mul', line: 14, hits: 0 },
    ]);
    expect(summary.producerTotals).toEqual({
      functionsFound: 2,
      functionsHit: 1,
      branchesFound: 3,
      branchesHit: 1,
      linesFound: 4,
      linesHit: 2,
    });
    expect(summary.warnings).toEqual(['coverage/lcov.info:10: negative execution count (a wrapped counter) counted as 0']);
  });

  it('gives same-named functions their FNDA in order, and reads lcov 2.x FNL/FNA aliases', async () => {
    const { records } = await parse(
      [
        'SF:src/shapes.js',
        'FN:4,constructor',
        'FN:14,constructor',
        'FNDA:2,constructor',
        'FNDA:0,constructor',
        'FNL:0,20,25',
        'FNA:0,3,make',
        'FNA:0,1,make_alias',
        'DA:4,2',
        'end_of_record',
      ].join('\n'),
    );
    expect(records[0]?.functions).toEqual([
      { name: 'constructor', line: 4, hits: 2 },
      { name: 'constructor', line: 14, hits: 0 },
      { name: 'make', line: 20, hits: 4 },
    ]);
  });

  it('adds duplicate DA lines of one record, as lcov does, and sorts them', async () => {
    const { records } = await parse('SF:a.c\nDA:9,1\nDA:2,0\nDA:9,2\nend_of_record\n');
    expect(records[0]?.lines).toEqual([
      { line: 2, hits: 0 },
      { line: 9, hits: 3 },
    ]);
  });

  it('handles CRLF, a UTF-8 BOM, records split across chunks and multi-byte paths', async () => {
    const text = '\ufeffTN:\r\nSF:src/größe.ts\r\nDA:1,1\r\nDA:2,0\r\nend_of_record\r\n';
    const bytes = Buffer.from(text, 'utf8');
    const chunks = [...bytes].map((b) => Uint8Array.of(b)); // one byte per chunk
    const { records, summary } = await parse(chunks);
    expect(records).toEqual([
      {
        path: 'src/größe.ts',
        lines: [
          { line: 1, hits: 1 },
          { line: 2, hits: 0 },
        ],
      },
    ]);
    expect(summary.warnings).toEqual([]);
  });

  it('reads UTF-16 with a BOM (PowerShell redirection)', async () => {
    const text = 'SF:src\\win.ts\nDA:7,3\nend_of_record\n';
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const { records } = await parse([le.subarray(0, 5), le.subarray(5)]);
    expect(records[0]).toEqual({ path: 'src\\win.ts', lines: [{ line: 7, hits: 3 }] });
  });

  it('warns about malformed lines with their line numbers and keeps going', async () => {
    const { records, summary } = await parse(
      ['SF:a.js', 'DA:1,1', 'DA:x,1', 'DA:2', 'BRDA:3,0', 'FNDA:abc', 'WHAT:1', 'DA:3,2', 'end_of_record'].join('\n'),
      'r.info',
    );
    expect(records[0]?.lines).toEqual([
      { line: 1, hits: 1 },
      { line: 3, hits: 2 },
    ]);
    expect(summary.warnings).toEqual([
      'r.info:3: malformed line ignored: "DA:x,1"',
      'r.info:4: malformed line ignored: "DA:2"',
      'r.info:5: malformed line ignored: "BRDA:3,0"',
      'r.info:6: malformed line ignored: "FNDA:abc"',
      'r.info:7: unknown record "WHAT" ignored',
    ]);
  });

  it('caps warnings for a file full of junk', async () => {
    const junk = Array.from({ length: 500 }, (_, i) => `DA:${i}x`).join('\n');
    const { summary } = await parse(`SF:a.js\n${junk}\nend_of_record\n`);
    expect(summary.warnings).toHaveLength(21);
    expect(summary.warnings.at(-1)).toBe('coverage/lcov.info: 480 more warnings not shown');
  });

  it('uses a truncated last record and says so', async () => {
    const { records, summary } = await parse('SF:a.js\nDA:1,1\nDA:2,0\nDA:3');
    expect(records[0]?.lines).toEqual([
      { line: 1, hits: 1 },
      { line: 2, hits: 0 },
    ]);
    expect(summary.warnings).toEqual([
      'coverage/lcov.info:4: malformed line ignored: "DA:3"',
      'coverage/lcov.info:4: ends inside the record for "a.js" (no end_of_record): truncated? its data so far is used',
    ]);
  });

  it('closes a record missing end_of_record when the next SF starts', async () => {
    const { records, summary } = await parse('SF:a.js\nDA:1,1\nSF:b.js\nDA:1,0\nend_of_record\n');
    expect(records.map((r) => r.path)).toEqual(['a.js', 'b.js']);
    expect(summary.warnings[0]).toMatch(/:3: no end_of_record before this SF:/);
  });

  it('skips a line too long to be a record without holding it in memory', async () => {
    const huge = 'x'.repeat(3 * 1024 * 1024);
    const chunks = ['SF:a.js\nDA:1,1\nDA:2,', huge.slice(0, 1_500_000), huge.slice(1_500_000), '\nDA:3,1\nend_of_record\n'];
    const { records, summary } = await parse(chunks);
    expect(records[0]?.lines.map((l) => l.line)).toEqual([1, 3]);
    expect(summary.warnings[0]).toMatch(/:3: line of \d+ bytes skipped/);
  });

  it('refuses a file that is not LCOV, naming it and the line', async () => {
    const error = await rejection('<?xml version="1.0"?>\n<coverage/>\n', 'reports/cobertura.xml');
    expect(error.where).toBe('reports/cobertura.xml:1');
    expect(error.message).toMatch(/is not an LCOV file: it starts with "<\?xml/);
  });

  it('refuses binary junk', async () => {
    const junk = Buffer.from([0x00, 0x01, 0x02, 0xff, 0x80, 0x0a, 0x00, 0x10]);
    const error = await rejection([junk], 'junk.info');
    expect(error.message).toMatch(/is not an LCOV file: it starts with binary data/);
  });

  it('refuses an empty file and a file of blank lines', async () => {
    expect((await rejection([], 'empty.info')).message).toBe('empty.info: is empty: no coverage data');
    expect((await rejection('\n\n\r\n', 'blank.info')).message).toMatch(/holds no LCOV records/);
  });

  it('warns, without failing, when a valid file has no file records', async () => {
    const { records, summary } = await parse('TN:\n');
    expect(records).toEqual([]);
    expect(summary.files).toBe(0);
    expect(summary.warnings).toEqual(['coverage/lcov.info: has no file records (SF:): no coverage data']);
  });

  it('ignores data outside a record with a warning', async () => {
    const { summary } = await parse('TN:\nDA:1,1\nSF:a.js\nDA:1,1\nend_of_record\n');
    expect(summary.warnings).toEqual(['coverage/lcov.info:2: DA outside a file record (no SF: before it); ignored']);
  });
});
