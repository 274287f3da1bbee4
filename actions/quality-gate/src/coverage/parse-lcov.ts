/**
 * LCOV tracefiles (`lcov.info`), read line by line in one pass.
 *
 * Records: TN, SF, FN, FNDA, FNF, FNH, DA (with lcov's optional checksum field), BRDA (taken `-`
 * = the branch's block never ran), BRF, BRH, LF, LH, end_of_record, and lcov 2.x's VER, FNL,
 * FNA, MCDC/MCF/MCH. Lines are read as bytes of the chunk they are in (see byte-lines.ts), and
 * only paths and function names are decoded, so time is linear and memory is one record,
 * whatever the file size; `lcov-parse`, which many actions use, holds the whole file as one
 * string and its per-line arrays, and matches function hits by a linear search per FNDA.
 *
 * A malformed line is a warning with its line number, never a crash; a file whose first line is
 * not an LCOV record, or that holds nothing, is a UserError: it is not what it claims to be.
 * The producer's own LF/LH, BRF/BRH and FNF/FNH are summed into `producerTotals` so callers can
 * check our counting against the producer's.
 */
import { UserError } from '../../../../shared/runtime/errors.js';
import type { CoverageParseSummary, CoverageSink, ProducerTotals } from '../model.js';
import { NEGATIVE_COUNT, parseHitCountBytes, parseLineNumberBytes } from './hit-count.js';
import { LcovRecord } from './lcov-record.js';
import type { CoverageParseOptions } from './parse-options.js';
import { reportFileChunks } from './report-file-chunks.js';
import { ReportWarnings } from './report-warnings.js';
import { forEachLine, lineText } from './byte-lines.js';
import { utf8Chunks } from './utf8-chunks.js';

const KNOWN_KEYS = new Set([
  'TN',
  'SF',
  'VER',
  'FN',
  'FNDA',
  'FNF',
  'FNH',
  'FNL',
  'FNA',
  'DA',
  'LF',
  'LH',
  'BRDA',
  'BRF',
  'BRH',
  'MCDC',
  'MCF',
  'MCH',
]);

const COLON = 58;
const COMMA = 44;

type TotalKey = keyof ProducerTotals;
const TOTAL_KEYS: Record<string, TotalKey> = {
  LF: 'linesFound',
  LH: 'linesHit',
  BRF: 'branchesFound',
  BRH: 'branchesHit',
  FNF: 'functionsFound',
  FNH: 'functionsHit',
};

export async function parseLcovFile(
  path: string,
  sink: CoverageSink,
  options: CoverageParseOptions = {},
): Promise<CoverageParseSummary> {
  return parseLcov(reportFileChunks(path), sink, { ...options, name: options.name ?? path });
}

export async function parseLcov(
  source: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>,
  sink: CoverageSink,
  options: CoverageParseOptions & { name: string },
): Promise<CoverageParseSummary> {
  const reader = new LcovReader(options.name, sink, new ReportWarnings(options.name, options.warningCap));
  const result = await forEachLine(utf8Chunks(source), (bytes, start, end, lineNumber) => reader.line(bytes, start, end, lineNumber), {
    onOverlongLine: (lineNumber, bytes) => reader.overlongLine(lineNumber, bytes),
  });
  return reader.finish(result.bytes, result.lines);
}

/**
 * The reading state, as a class: its methods are what V8 optimises best for a per-line hot
 * path (a closure over a dozen variables ran at half the speed).
 */
class LcovReader {
  private readonly totals: ProducerTotals = {};
  private record: LcovRecord | undefined;
  private recordLine = 0;
  private files = 0;
  private sawContent = false;
  /** The value of the digits `scanDigits` read last. */
  private digitsValue = 0;

  constructor(
    private readonly name: string,
    private readonly sink: CoverageSink,
    private readonly warnings: ReportWarnings,
  ) {}

  line(bytes: Buffer, start: number, end: number, lineNumber: number): void {
    if (start === end) return;
    const c0 = bytes[start];
    // DA and BRDA are nearly every line of a real file: recognised without slicing a key.
    if (c0 === 68 && bytes[start + 1] === 65 && bytes[start + 2] === COLON) {
      this.sawContent = true;
      if (!this.fastDa(bytes, start + 3, end)) this.da(bytes, start, end, lineNumber);
      return;
    }
    if (c0 === 66 && bytes[start + 1] === 82 && bytes[start + 2] === 68 && bytes[start + 3] === 65 && bytes[start + 4] === COLON) {
      this.sawContent = true;
      if (!this.fastBrda(bytes, start + 5, end)) this.brda(bytes, start, end, lineNumber);
      return;
    }
    this.other(bytes, start, end, lineNumber);
  }

  overlongLine(lineNumber: number, bytes: number): void {
    if (!this.sawContent) {
      throw new UserError(`is not an LCOV file: its first line is ${bytes} bytes long`, `${this.name}:${lineNumber}`);
    }
    this.warnings.add(`line of ${bytes} bytes skipped (too long for an LCOV record)`, lineNumber);
  }

  finish(bytes: number, lines: number): CoverageParseSummary {
    if (!this.sawContent) {
      throw new UserError(bytes === 0 ? 'is empty: no coverage data' : 'holds no LCOV records (only blank lines)', this.name);
    }
    if (this.record) {
      this.warnings.add(
        `ends inside the record for ${JSON.stringify(this.record.path)} (no end_of_record): truncated? its data so far is used`,
        lines,
      );
      this.emit();
    }
    if (this.files === 0) this.warnings.add('has no file records (SF:): no coverage data');
    const summary: CoverageParseSummary = { format: 'lcov', files: this.files, warnings: this.warnings.list() };
    if (Object.keys(this.totals).length > 0) summary.producerTotals = this.totals;
    return summary;
  }

  /** `DA:<line>,<hits>` with plain digits, in one pass; false sends the line to the careful path. */
  private fastDa(bytes: Buffer, from: number, end: number): boolean {
    const record = this.record;
    if (record === undefined) return false;
    const comma = this.plainLineNumber(bytes, from, end);
    if (comma < 0) return false;
    const line = this.digitsValue;
    const hitsFrom = comma + 1;
    const q = this.scanDigits(bytes, hitsFrom, end);
    // Up to 15 digits is exact and no wrapped counter; a checksum field may follow.
    if (q === hitsFrom || q - hitsFrom > 15 || (q !== end && bytes[q] !== COMMA)) return false;
    record.addLine(line, this.digitsValue);
    return true;
  }

  /** `BRDA:<line>,<block>,<branch>,<taken>` with plain digits (taken may be `-`), in one pass. */
  private fastBrda(bytes: Buffer, from: number, end: number): boolean {
    const record = this.record;
    if (record === undefined) return false;
    let p = this.plainLineNumber(bytes, from, end);
    if (p < 0) return false;
    const line = this.digitsValue;
    // block and branch: digits each, then a comma (lcov 2's exception marks and expressions go
    // the careful way)
    for (let field = 0; field < 2; field += 1) {
      const fieldFrom = p + 1;
      p = this.scanDigits(bytes, fieldFrom, end);
      if (p === fieldFrom || p === end || bytes[p] !== COMMA) return false;
    }
    const takenFrom = p + 1;
    if (takenFrom + 1 === end && bytes[takenFrom] === 45 /* - */) {
      record.addBranch(line, false);
      return true;
    }
    const q = this.scanDigits(bytes, takenFrom, end);
    if (q === takenFrom || q !== end || q - takenFrom > 15) return false;
    record.addBranch(line, this.digitsValue > 0);
    return true;
  }

  /**
   * The `<line>,` a DA or BRDA value starts with, as plain digits: the comma's position (the
   * line is left in `digitsValue`), or -1 when the line is not plain, 0, or implausibly long.
   */
  private plainLineNumber(bytes: Buffer, from: number, end: number): number {
    const p = this.scanDigits(bytes, from, end);
    if (p === from || p === end || bytes[p] !== COMMA || p - from > 9 || this.digitsValue === 0) return -1;
    return p;
  }

  /**
   * Reads the decimal digits from `from`: returns where they stop and leaves their value in
   * `digitsValue` (a field, not a returned object: this runs for nearly every line of a report).
   */
  private scanDigits(bytes: Buffer, from: number, end: number): number {
    let p = from;
    let value = 0;
    while (p < end) {
      const digit = (bytes[p] as number) - 48;
      if (digit < 0 || digit > 9) break;
      value = value * 10 + digit;
      p += 1;
    }
    this.digitsValue = value;
    return p;
  }

  private da(bytes: Buffer, start: number, end: number, lineNumber: number): void {
    const open = this.current('DA', lineNumber);
    if (!open) return;
    const comma = indexOfCode(bytes, COMMA, start + 3, end);
    const line = comma < 0 ? -1 : parseLineNumberBytes(bytes, start + 3, comma);
    if (line < 0) return this.malformed(bytes, start, end, lineNumber);
    const next = indexOfCode(bytes, COMMA, comma + 1, end); // optional checksum after the count
    const hits = parseHitCountBytes(bytes, comma + 1, next < 0 ? end : next);
    if (Number.isNaN(hits)) return this.malformed(bytes, start, end, lineNumber);
    open.addLine(line, this.count(hits, lineNumber));
  }

  private brda(bytes: Buffer, start: number, end: number, lineNumber: number): void {
    const open = this.current('BRDA', lineNumber);
    if (!open) return;
    const first = indexOfCode(bytes, COMMA, start + 5, end);
    const last = lastIndexOfCode(bytes, COMMA, start + 5, end);
    const middle = first < 0 ? -1 : indexOfCode(bytes, COMMA, first + 1, last);
    const line = first < 0 ? -1 : parseLineNumberBytes(bytes, start + 5, first);
    if (line < 0 || middle < 0) return this.malformed(bytes, start, end, lineNumber);
    if (last + 2 === end && bytes[last + 1] === 45 /* - */) {
      open.addBranch(line, false);
      return;
    }
    const taken = parseHitCountBytes(bytes, last + 1, end);
    if (Number.isNaN(taken)) return this.malformed(bytes, start, end, lineNumber);
    open.addBranch(line, this.count(taken, lineNumber) > 0);
  }

  private other(bytes: Buffer, start: number, end: number, lineNumber: number): void {
    const colon = indexOfCode(bytes, COLON, start, Math.min(end, start + 8));
    const key = colon < 0 ? lineText(bytes, start, Math.min(end, start + 64)).trim() : lineText(bytes, start, colon);
    if (!this.sawContent && !KNOWN_KEYS.has(key) && key !== 'end_of_record') {
      throw notLcov(bytes, start, end, `${this.name}:${lineNumber}`);
    }
    this.sawContent = true;
    const valueStart = colon + 1;
    switch (key) {
      case 'SF':
        if (this.record) {
          this.warnings.add(
            `no end_of_record before this SF: (record for ${JSON.stringify(this.record.path)} closed)`,
            lineNumber,
          );
          this.emit();
        }
        this.record = new LcovRecord(lineText(bytes, valueStart, end));
        this.recordLine = lineNumber;
        return;
      case 'end_of_record':
        if (!this.record) this.warnings.add('end_of_record without a file record', lineNumber);
        this.emit();
        return;
      case 'TN':
      case 'VER':
      case 'MCDC':
      case 'MCF':
      case 'MCH':
        return;
      case 'LF':
      case 'LH':
      case 'BRF':
      case 'BRH':
      case 'FNF':
      case 'FNH': {
        const value = parseHitCountBytes(bytes, valueStart, end);
        if (Number.isNaN(value) || value < 0) return this.malformed(bytes, start, end, lineNumber);
        const field = TOTAL_KEYS[key] as TotalKey;
        this.totals[field] = (this.totals[field] ?? 0) + value;
        return;
      }
      case 'FN':
        return this.fn(bytes, start, valueStart, end, lineNumber);
      case 'FNDA': {
        const open = this.current(key, lineNumber);
        if (!open) return;
        const comma = indexOfCode(bytes, COMMA, valueStart, end);
        const hits = comma < 0 ? Number.NaN : parseHitCountBytes(bytes, valueStart, comma);
        if (Number.isNaN(hits) || comma + 1 >= end) return this.malformed(bytes, start, end, lineNumber);
        open.addFunctionHits(lineText(bytes, comma + 1, end), this.count(hits, lineNumber));
        return;
      }
      case 'FNL': {
        const open = this.current(key, lineNumber);
        if (!open) return;
        const first = indexOfCode(bytes, COMMA, valueStart, end);
        const second = first < 0 ? -1 : indexOfCode(bytes, COMMA, first + 1, end);
        const line = first < 0 ? -1 : parseLineNumberBytes(bytes, first + 1, second < 0 ? end : second);
        if (line < 0 || first === valueStart) return this.malformed(bytes, start, end, lineNumber);
        open.locateFunction(lineText(bytes, valueStart, first), line);
        return;
      }
      case 'FNA': {
        const open = this.current(key, lineNumber);
        if (!open) return;
        const first = indexOfCode(bytes, COMMA, valueStart, end);
        const second = first < 0 ? -1 : indexOfCode(bytes, COMMA, first + 1, end);
        const hits = second < 0 ? Number.NaN : parseHitCountBytes(bytes, first + 1, second);
        if (Number.isNaN(hits) || first === valueStart) return this.malformed(bytes, start, end, lineNumber);
        open.addFunctionAlias(
          lineText(bytes, valueStart, first),
          this.count(hits, lineNumber),
          lineText(bytes, second + 1, end),
        );
        return;
      }
      default:
        if (colon < 0) return this.malformed(bytes, start, end, lineNumber);
        this.warnings.add(`unknown record ${JSON.stringify(key.slice(0, 20))} ignored`, lineNumber);
    }
  }

  /** `FN:<line>[,<end line>],<name>`: lcov 2.x writes the end line, lcov 1.x and Istanbul do not. */
  private fn(bytes: Buffer, start: number, valueStart: number, end: number, lineNumber: number): void {
    const open = this.current('FN', lineNumber);
    if (!open) return;
    const first = indexOfCode(bytes, COMMA, valueStart, end);
    const line = first < 0 ? -1 : parseLineNumberBytes(bytes, valueStart, first);
    if (line < 0) return this.malformed(bytes, start, end, lineNumber);
    const second = indexOfCode(bytes, COMMA, first + 1, end);
    const hasEndLine = second > 0 && parseLineNumberBytes(bytes, first + 1, second) > 0;
    const fnName = lineText(bytes, hasEndLine ? second + 1 : first + 1, end);
    if (fnName === '') return this.malformed(bytes, start, end, lineNumber);
    open.declareFunction(fnName, line);
  }

  private emit(): void {
    const record = this.record;
    if (!record) return;
    if (record.path === '') this.warnings.add('record without a source file name (empty SF:) skipped', this.recordLine);
    else {
      this.sink(record.toRecord());
      this.files += 1;
    }
    this.record = undefined;
  }

  /** The open record, or undefined (with a warning) for data outside any SF ... end_of_record. */
  private current(key: string, lineNumber: number): LcovRecord | undefined {
    if (!this.record) this.warnings.add(`${key} outside a file record (no SF: before it); ignored`, lineNumber);
    return this.record;
  }

  private malformed(bytes: Buffer, start: number, end: number, lineNumber: number): void {
    const shown = lineText(bytes, start, Math.min(end, start + 80));
    this.warnings.add(`malformed line ignored: ${JSON.stringify(shown)}${end - start > 80 ? '...' : ''}`, lineNumber);
  }

  private count(hits: number, lineNumber: number): number {
    if (hits === NEGATIVE_COUNT) {
      this.warnings.add('negative execution count (a wrapped counter) counted as 0', lineNumber);
      return 0;
    }
    return hits;
  }
}

function notLcov(bytes: Buffer, start: number, end: number, where: string): UserError {
  const sample = bytes.toString('utf8', start, Math.min(end, start + 40));
  // eslint-disable-next-line no-control-regex
  const binary = /[\u0000-\u0008\u000e-\u001f\ufffd]/.test(sample);
  const shown = binary ? 'binary data' : JSON.stringify(sample);
  return new UserError(`is not an LCOV file: it starts with ${shown}, not an LCOV record such as TN: or SF:`, where);
}

/** indexOf bounded to `[from, to)`: a search past the line could scan the rest of the chunk. */
function indexOfCode(bytes: Buffer, code: number, from: number, to: number): number {
  for (let i = from; i < to; i += 1) if (bytes[i] === code) return i;
  return -1;
}

function lastIndexOfCode(bytes: Buffer, code: number, from: number, to: number): number {
  for (let i = to - 1; i >= from; i -= 1) if (bytes[i] === code) return i;
  return -1;
}
