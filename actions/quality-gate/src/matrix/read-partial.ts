/**
 * Reads a leg's partial result, line by line, into a sink. A partial arrives as an artifact, so
 * it is untrusted: every record is checked for shape and bounds before it reaches the
 * aggregators (a hostile `[1, 2000000000]` range must not allocate two billion lines), and a
 * partial that breaks a rule, or lacks its `end` record (a truncated upload), is refused whole,
 * with the file and line named.
 */
import { createReadStream } from 'node:fs';
import { QUALITY_REPORT_KINDS } from '../../../../shared/config/quality-metrics.js';
import { SEVERITIES } from '../../../../shared/result/phase-result.js';
import { UserError } from '../../../../shared/runtime/errors.js';
import { forEachLine } from '../coverage/byte-lines.js';
import { CHANGE_STATUSES } from '../diff/changed-lines.js';
import type { TestCounts } from '../flaky/test-classifier.js';
import type { GateFinding } from '../gate/gate-inputs.js';
import { REPORT_FORMAT_INFO } from '../detect/report-format-names.js';
import {
  REPORT_KINDS,
  type FileCoverageRecord,
  type ProducerTotals,
  type ReportFormat,
  type TestCaseRecord,
  type Vulnerability,
} from '../model.js';
import {
  PARTIAL_FORMAT,
  PARTIAL_VERSION,
  type ChangeLine,
  type PartialHeader,
  type Ranges,
  type TestLine,
  type TestsLine,
} from './partial-format.js';

export interface PartialSink {
  header(header: PartialHeader): void;
  coverage(path: string, record: FileCoverageRecord): void;
  tests(summary: TestsLine): void;
  test(test: TestLine): void;
  finding(finding: GateFinding): void;
  vulnerability(vulnerability: Vulnerability): void;
  change(file: ChangeLine['file']): void;
}

/** Executable lines one partial may expand to: far beyond any real code base, small enough to hold. */
export const MAX_PARTIAL_LINES = 20_000_000;
/** Executable lines one file may expand to (no real source file comes near). */
export const MAX_FILE_LINES = 1_000_000;
const MAX_RECORD_BYTES = 64 * 1024 * 1024;
const MAX_LINE_NUMBER = 0x7fffffff;
const MAX_STRING = 10_000;

export async function readPartial(path: string, sink: PartialSink): Promise<PartialHeader> {
  let header: PartialHeader | undefined;
  let records = 0;
  let ended = false;
  let expandedLines = 0;
  let failure: UserError | undefined;
  const fail = (lineNumber: number, message: string): never => {
    throw new UserError(message, `${path}:${lineNumber}`);
  };

  await forEachLine(
    createReadStream(path, { highWaterMark: 1024 * 1024 }) as AsyncIterable<Buffer>,
    (bytes, start, end, lineNumber) => {
      if (failure !== undefined) return;
      try {
        if (start === end) return;
        if (ended) fail(lineNumber, 'records after the end record');
        let value: unknown;
        try {
          value = JSON.parse(bytes.toString('utf8', start, end));
        } catch (err) {
          fail(lineNumber, `not JSON (${(err as Error).message})`);
        }
        const line = object(value, lineNumber, 'a record', fail);
        records += 1;
        const t = line['t'];
        if (header === undefined) {
          if (t !== 'header') fail(lineNumber, 'the first record is not the header: not a quality-gate partial result');
          header = checkHeader(line, lineNumber, fail);
          sink.header(header);
          return;
        }
        switch (t) {
          case 'coverage': {
            const filePath = text(line['path'], lineNumber, 'path', fail, 4096);
            const record: FileCoverageRecord = { path: filePath, lines: [] };
            let fileLines = 0;
            for (const [key, hits] of [
              ['c', 1],
              ['u', 0],
            ] as const) {
              for (const [from, to] of ranges(line[key], lineNumber, key, fail)) {
                fileLines += to - from + 1;
                if (fileLines > MAX_FILE_LINES) {
                  fail(
                    lineNumber,
                    `${filePath}: more than ${MAX_FILE_LINES} executable lines in one file: refusing to expand`,
                  );
                }
                expandedLines += to - from + 1;
                if (expandedLines > MAX_PARTIAL_LINES) {
                  fail(lineNumber, `more than ${MAX_PARTIAL_LINES} executable lines: refusing to expand`);
                }
                for (let n = from; n <= to; n += 1) record.lines.push({ line: n, hits });
              }
            }
            if (line['b'] !== undefined) {
              record.branches = array(line['b'], lineNumber, 'b', fail).map((entry) => {
                const [at, covered, total] = array(entry, lineNumber, 'b[]', fail);
                return {
                  line: lineNumberOf(at, lineNumber, fail),
                  covered: count(covered, lineNumber, 'branch covered', fail),
                  total: count(total, lineNumber, 'branch total', fail),
                };
              });
            }
            if (line['s'] !== undefined) {
              const totals = object(line['s'], lineNumber, 's', fail);
              const summary: ProducerTotals = {};
              for (const [key, raw] of Object.entries(totals)) {
                if (SUMMARY_KEYS.has(key)) summary[key as keyof ProducerTotals] = count(raw, lineNumber, key, fail);
              }
              record.summaryOnly = summary;
            }
            record.lines.sort((a, b) => a.line - b.line);
            sink.coverage(filePath, record);
            return;
          }
          case 'tests':
            sink.tests({
              t: 'tests',
              attempt: count(line['attempt'], lineNumber, 'attempt', fail),
              counts: counts(line['counts'], lineNumber, fail),
              countsWithoutFile: counts(line['countsWithoutFile'], lineNumber, fail),
              countsByFile: array(line['countsByFile'], lineNumber, 'countsByFile', fail).map((entry) => {
                const [file, perFile] = array(entry, lineNumber, 'countsByFile[]', fail);
                return [text(file, lineNumber, 'file', fail, 4096), counts(perFile, lineNumber, fail)];
              }),
              failedNotKept: count(line['failedNotKept'], lineNumber, 'failedNotKept', fail),
              flakyNotKept: count(line['flakyNotKept'], lineNumber, 'flakyNotKept', fail),
              notes: strings(line['notes'], lineNumber, fail),
            });
            return;
          case 'test': {
            const outcome = line['outcome'];
            if (outcome !== 'failed' && outcome !== 'flaky') fail(lineNumber, 'test outcome must be failed or flaky');
            sink.test({
              t: 'test',
              outcome: outcome as 'failed' | 'flaky',
              id: text(line['id'], lineNumber, 'id', fail, MAX_STRING),
              attempt: count(line['attempt'], lineNumber, 'attempt', fail),
              failedInAttempts: array(line['failedInAttempts'], lineNumber, 'failedInAttempts', fail).map((n) =>
                count(n, lineNumber, 'failedInAttempts[]', fail),
              ),
              retriedInReport: line['retriedInReport'] === true,
              carriedOver: line['carriedOver'] === true,
              record: testRecord(line['record'], lineNumber, fail),
            });
            return;
          }
          case 'finding':
            sink.finding(finding(line['finding'], lineNumber, fail));
            return;
          case 'vulnerability':
            sink.vulnerability(vulnerability(line['vulnerability'], lineNumber, fail));
            return;
          case 'change': {
            const file = object(line['file'], lineNumber, 'file', fail);
            const status = file['status'];
            if (!(CHANGE_STATUSES as readonly unknown[]).includes(status)) fail(lineNumber, 'unknown change status');
            const change: ChangeLine['file'] = {
              path: text(file['path'], lineNumber, 'path', fail, 4096),
              status: status as ChangeLine['file']['status'],
              added: ranges(file['added'], lineNumber, 'added', fail),
              additions: count(file['additions'], lineNumber, 'additions', fail),
              binary: file['binary'] === true,
              linesKnown: file['linesKnown'] === true,
            };
            if (file['previousPath'] !== undefined) {
              change.previousPath = text(file['previousPath'], lineNumber, 'previousPath', fail, 4096);
            }
            if (file['unknownReason'] !== undefined) {
              change.unknownReason = text(file['unknownReason'], lineNumber, 'unknownReason', fail, MAX_STRING);
            }
            sink.change(change);
            return;
          }
          case 'end':
            if (line['records'] !== records) {
              fail(lineNumber, `the end record counts ${String(line['records'])} records, but ${records} were read`);
            }
            ended = true;
            return;
          default:
            fail(lineNumber, `unknown record type ${JSON.stringify(t)}`);
        }
      } catch (err) {
        failure = err instanceof UserError ? err : new UserError((err as Error).message, `${path}:${lineNumber}`);
      }
    },
    {
      maxLineBytes: MAX_RECORD_BYTES,
      onOverlongLine: (lineNumber) => {
        failure ??= new UserError(`a record is longer than ${MAX_RECORD_BYTES} bytes`, `${path}:${lineNumber}`);
      },
    },
  ).catch((err: unknown) => {
    throw new UserError(`cannot read the partial result: ${(err as Error).message}`, path);
  });
  if (failure !== undefined) throw failure;
  if (header === undefined) throw new UserError('is empty: not a quality-gate partial result', path);
  if (!ended) throw new UserError('has no end record: the upload was cut short, so the leg is unreadable', path);
  return header;
}

/** The header record alone (the first line of a partial), with the same checks as readPartial. */
export function parseHeaderLine(text: string, file: string): PartialHeader {
  const fail: Fail = (lineNumber, message) => {
    throw new UserError(message, `${file}:${lineNumber}`);
  };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    fail(1, `not JSON (${(err as Error).message})`);
  }
  const line = object(value, 1, 'a record', fail);
  if (line['t'] !== 'header') fail(1, 'the first record is not the header: not a quality-gate partial result');
  return checkHeader(line, 1, fail);
}

const SUMMARY_KEYS = new Set([
  'linesFound',
  'linesHit',
  'branchesFound',
  'branchesHit',
  'functionsFound',
  'functionsHit',
  'statementsFound',
  'statementsHit',
]);

type Fail = (lineNumber: number, message: string) => never;
type Json = Record<string, unknown>;

function object(value: unknown, lineNumber: number, what: string, fail: Fail): Json {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    fail(lineNumber, `${what} must be an object`);
  return value as Json;
}

function array(value: unknown, lineNumber: number, what: string, fail: Fail): unknown[] {
  if (!Array.isArray(value)) fail(lineNumber, `${what} must be an array`);
  return value as unknown[];
}

function text(value: unknown, lineNumber: number, what: string, fail: Fail, max: number): string {
  if (typeof value !== 'string' || value.length > max || value.includes('\0')) {
    fail(lineNumber, `${what} must be a string of at most ${max} characters`);
  }
  return value as string;
}

function oneOf<T extends string>(
  value: unknown,
  allowed: readonly T[],
  lineNumber: number,
  what: string,
  fail: Fail,
): T {
  if (!(allowed as readonly unknown[]).includes(value)) fail(lineNumber, `unknown ${what} ${JSON.stringify(value)}`);
  return value as T;
}

function optionalText(value: unknown, lineNumber: number, what: string, fail: Fail): string | undefined {
  return value === undefined ? undefined : text(value, lineNumber, what, fail, MAX_STRING);
}

function count(value: unknown, lineNumber: number, what: string, fail: Fail): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    fail(lineNumber, `${what} must be a non-negative integer`);
  }
  return value as number;
}

function lineNumberOf(value: unknown, lineNumber: number, fail: Fail): number {
  const n = count(value, lineNumber, 'a line number', fail);
  if (n < 1 || n > MAX_LINE_NUMBER) fail(lineNumber, 'a line number is out of range');
  return n;
}

function ranges(value: unknown, lineNumber: number, what: string, fail: Fail): Ranges {
  if (value === undefined) return [];
  return array(value, lineNumber, what, fail).map((entry) => {
    const [from, to] = array(entry, lineNumber, `${what}[]`, fail);
    const start = lineNumberOf(from, lineNumber, fail);
    const end = lineNumberOf(to, lineNumber, fail);
    if (end < start) fail(lineNumber, `${what}: a range ends before it starts`);
    return [start, end];
  });
}

function strings(value: unknown, lineNumber: number, fail: Fail): string[] {
  if (value === undefined) return [];
  return array(value, lineNumber, 'a list of strings', fail).map((entry) =>
    text(entry, lineNumber, 'a list entry', fail, MAX_STRING),
  );
}

function counts(value: unknown, lineNumber: number, fail: Fail): TestCounts {
  const raw = object(value, lineNumber, 'test counts', fail);
  return {
    passed: count(raw['passed'], lineNumber, 'passed', fail),
    failed: count(raw['failed'], lineNumber, 'failed', fail),
    flaky: count(raw['flaky'], lineNumber, 'flaky', fail),
    skipped: count(raw['skipped'], lineNumber, 'skipped', fail),
  };
}

function checkHeader(line: Json, lineNumber: number, fail: Fail): PartialHeader {
  if (line['format'] !== PARTIAL_FORMAT) fail(lineNumber, 'not a quality-gate partial result');
  if (line['version'] !== PARTIAL_VERSION) {
    fail(
      lineNumber,
      `partial format version ${String(line['version'])} is not supported (this release reads ${PARTIAL_VERSION})`,
    );
  }
  const kinds = object(line['kinds'], lineNumber, 'kinds', fail);
  const unreadable = line['unreadable'] === undefined ? {} : object(line['unreadable'], lineNumber, 'unreadable', fail);
  const header: PartialHeader = {
    t: 'header',
    format: PARTIAL_FORMAT,
    version: PARTIAL_VERSION,
    phase: 'quality-gate',
    environment: text(line['environment'], lineNumber, 'environment', fail, 63),
    gate: text(line['gate'], lineNumber, 'gate', fail, 100),
    leg: text(line['leg'], lineNumber, 'leg', fail, 100),
    attempt: count(line['attempt'], lineNumber, 'attempt', fail),
    createdAt: text(line['createdAt'], lineNumber, 'createdAt', fail, 40),
    tool: {
      name: text(object(line['tool'], lineNumber, 'tool', fail)['name'], lineNumber, 'tool.name', fail, 100),
      version: text(object(line['tool'], lineNumber, 'tool', fail)['version'], lineNumber, 'tool.version', fail, 100),
    },
    kinds: Object.fromEntries(
      QUALITY_REPORT_KINDS.map((kind) => [kind, kinds[kind] === true]),
    ) as PartialHeader['kinds'],
    unreadable: {},
    reports: array(line['reports'] ?? [], lineNumber, 'reports', fail).map((entry) => {
      const report = object(entry, lineNumber, 'a report', fail);
      return {
        path: text(report['path'], lineNumber, 'report path', fail, 4096),
        kind: oneOf(report['kind'], REPORT_KINDS, lineNumber, 'report kind', fail),
        format: oneOf(
          report['format'],
          Object.keys(REPORT_FORMAT_INFO) as ReportFormat[],
          lineNumber,
          'report format',
          fail,
        ),
        sha256: /^[0-9a-f]{64}$/.test(String(report['sha256']))
          ? String(report['sha256'])
          : fail(lineNumber, 'bad sha256'),
        bytes: count(report['bytes'], lineNumber, 'report bytes', fail),
      };
    }),
    problems: array(line['problems'] ?? [], lineNumber, 'problems', fail).map((entry) => {
      const problem = object(entry, lineNumber, 'a problem', fail);
      return {
        file: text(problem['file'], lineNumber, 'problem file', fail, 4096),
        message: text(problem['message'], lineNumber, 'problem message', fail, MAX_STRING),
      };
    }),
    warnings: strings(line['warnings'], lineNumber, fail),
  };
  for (const kind of QUALITY_REPORT_KINDS) {
    if (unreadable[kind] !== undefined)
      header.unreadable[kind] = text(unreadable[kind], lineNumber, 'unreadable', fail, MAX_STRING);
  }
  const commit = optionalText(line['commit'], lineNumber, 'commit', fail);
  if (commit !== undefined) header.commit = commit;
  const ref = optionalText(line['ref'], lineNumber, 'ref', fail);
  if (ref !== undefined) header.ref = ref;
  if (line['changes'] !== undefined) {
    const changes = object(line['changes'], lineNumber, 'changes', fail);
    const source = changes['source'];
    if (source !== 'git' && source !== 'api') fail(lineNumber, 'changes.source must be git or api');
    header.changes = {
      source: source as 'git' | 'api',
      complete: changes['complete'] === true,
      notes: strings(changes['notes'], lineNumber, fail),
      detail: text(changes['detail'] ?? '', lineNumber, 'changes.detail', fail, MAX_STRING),
    };
  }
  return header;
}

function testRecord(value: unknown, lineNumber: number, fail: Fail): TestCaseRecord {
  const raw = object(value, lineNumber, 'a test record', fail);
  const status = raw['status'];
  if (status !== 'passed' && status !== 'failed' && status !== 'error' && status !== 'skipped') {
    fail(lineNumber, 'test status must be passed, failed, error or skipped');
  }
  const record: TestCaseRecord = {
    suites: strings(raw['suites'], lineNumber, fail),
    name: text(raw['name'], lineNumber, 'test name', fail, MAX_STRING),
    status: status as TestCaseRecord['status'],
  };
  const classname = optionalText(raw['classname'], lineNumber, 'classname', fail);
  if (classname !== undefined) record.classname = classname;
  const message = optionalText(raw['message'], lineNumber, 'message', fail);
  if (message !== undefined) record.message = message;
  if (raw['details'] !== undefined) record.details = text(raw['details'], lineNumber, 'details', fail, 1_000_000);
  const file = optionalText(raw['file'], lineNumber, 'file', fail);
  if (file !== undefined) record.file = file;
  if (raw['line'] !== undefined) record.line = lineNumberOf(raw['line'], lineNumber, fail);
  if (typeof raw['durationMs'] === 'number' && Number.isFinite(raw['durationMs']))
    record.durationMs = raw['durationMs'];
  if (raw['flaky'] === true) record.flaky = true;
  if (raw['attempts'] !== undefined) record.attempts = count(raw['attempts'], lineNumber, 'attempts', fail);
  return record;
}

function severity(value: unknown, lineNumber: number, fail: Fail) {
  if (!(SEVERITIES as readonly unknown[]).includes(value)) fail(lineNumber, 'unknown severity');
  return value as GateFinding['severity'];
}

function finding(value: unknown, lineNumber: number, fail: Fail): GateFinding {
  const raw = object(value, lineNumber, 'a finding', fail);
  const out: GateFinding = {
    ruleId: text(raw['ruleId'], lineNumber, 'ruleId', fail, 1000),
    severity: severity(raw['severity'], lineNumber, fail),
    message: text(raw['message'], lineNumber, 'message', fail, 100_000),
  };
  if (raw['location'] !== undefined) {
    const location = object(raw['location'], lineNumber, 'location', fail);
    out.location = { file: text(location['file'], lineNumber, 'location.file', fail, 4096) };
    for (const key of ['line', 'column', 'endLine', 'endColumn'] as const) {
      if (location[key] !== undefined) out.location[key] = lineNumberOf(location[key], lineNumber, fail);
    }
  }
  for (const key of ['evidence', 'fingerprint', 'help'] as const) {
    const value = optionalText(raw[key], lineNumber, key, fail);
    if (value !== undefined) out[key] = value;
  }
  if (raw['controls'] !== undefined) out.controls = strings(raw['controls'], lineNumber, fail);
  const state = raw['baselineState'];
  if (state === 'new' || state === 'unchanged' || state === 'updated') out.baselineState = state;
  return out;
}

function vulnerability(value: unknown, lineNumber: number, fail: Fail): Vulnerability {
  const raw = object(value, lineNumber, 'a vulnerability', fail);
  const out: Vulnerability = {
    id: text(raw['id'], lineNumber, 'id', fail, 1000),
    aliases: strings(raw['aliases'], lineNumber, fail),
    package: text(raw['package'], lineNumber, 'package', fail, 1000),
    severity: severity(raw['severity'], lineNumber, fail),
  };
  for (const key of ['ecosystem', 'installedVersion', 'title', 'url', 'manifest'] as const) {
    const value = optionalText(raw[key], lineNumber, key, fail);
    if (value !== undefined) out[key] = value;
  }
  const fix = raw['fixAvailable'];
  if (fix === true || fix === false) out.fixAvailable = fix;
  else if (fix !== undefined) out.fixAvailable = text(fix, lineNumber, 'fixAvailable', fail, 1000);
  return out;
}
