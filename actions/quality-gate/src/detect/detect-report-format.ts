/**
 * What a report file is, decided by its content, never by its name: CI artifacts get renamed
 * (`report.xml`, `results.json`, `lcov.txt`), and a JUnit file called coverage.xml must not be
 * read as coverage. Only the first 64 KiB are read (see read-report-head.ts).
 *
 * Signals, by format:
 * - LCOV: the first line is a `TN:` or `SF:` record.
 * - Cobertura: root `<coverage>` with `line-rate`, or a `<!DOCTYPE coverage>`.
 * - Clover: root `<coverage>` with `generated`/`clover` and a `<project>` child (PHPUnit's
 *   Clover has no `clover` attribute; its `<project>` child still tells it apart).
 * - JaCoCo: root `<report>` announced by the JaCoCo DOCTYPE, or whose first child is one of
 *   JaCoCo's (`sessioninfo`, `group`, `package`, `counter`).
 * - JUnit: root `<testsuites>` or `<testsuite>`.
 * - SARIF: top-level `version` "2.1.0" with `runs` (other versions are refused by name).
 * - ESLint: an array of objects with `filePath` and `messages`.
 * - Istanbul: an object whose values have `statementMap` (final) or `total.lines`/`statements`.
 * - npm audit: `auditReportVersion: 2`; the npm 6 format and npm's own error output are named.
 * - OSV-Scanner: `results[].packages` / `results[].source`, or its empty `{"results": []}`.
 */
import { UserError } from '../../../../shared/runtime/errors.js';
import type { DetectedReport, ReportFormat, ReportKind } from '../model.js';
import { decodeReportText } from './decode-report-text.js';
import { findPaths, hasPath, outlineJsonPrefix, valueAt, type JsonOutline } from './json-prefix-outline.js';
import { readReportHead } from './read-report-head.js';
import { acceptedFormatList, REPORT_FORMAT_INFO } from './report-format-names.js';
import { readXmlProlog, type XmlProlog } from './xml-prolog.js';

export interface FormatDetection {
  kind: ReportKind;
  format: ReportFormat;
}

/** Reads the head of `path` and detects its format; `UserError` (where = path) when unknown. */
export async function detectReportFormat(path: string): Promise<DetectedReport> {
  let head: Uint8Array;
  try {
    ({ bytes: head } = await readReportHead(path));
  } catch (err) {
    throw new UserError(`cannot read the file: ${(err as Error).message}`, path);
  }
  return { path, ...detectReportFormatFromHead(head, path) };
}

/** Detection on bytes already read; `file` is only used to name the file in errors. */
export function detectReportFormatFromHead(head: Uint8Array, file: string): FormatDetection {
  const { text } = decodeReportText(head, file, { partial: true });
  const start = text.search(/\S/);
  if (start === -1) throw new UserError('the file holds only whitespace', file);
  const body = text.slice(start);
  const format = body.startsWith('<')
    ? detectXml(body, file)
    : body.startsWith('{') || body.startsWith('[')
      ? detectJson(body, file)
      : detectText(body);
  if (!format) throw unknownFormat(body, file);
  return { kind: REPORT_FORMAT_INFO[format].kind, format };
}

function detectText(body: string): ReportFormat | undefined {
  const firstLine = body.split(/\r?\n/, 1)[0] ?? '';
  return /^(TN|SF):/.test(firstLine) ? 'lcov' : undefined;
}

const JACOCO_CHILDREN = new Set(['sessioninfo', 'group', 'package', 'counter']);

function detectXml(body: string, file: string): ReportFormat | undefined {
  const prolog = readXmlProlog(body);
  if (!prolog) return undefined;
  const root = prolog.root.name;
  const doctype = prolog.doctype?.name;
  switch (root) {
    case 'testsuites':
    case 'testsuite':
      return 'junit';
    case 'coverage':
      return coverageFlavour(prolog);
    case 'report':
      if (/JACOCO/i.test(prolog.doctype?.text ?? '') || JACOCO_CHILDREN.has(prolog.firstChild ?? '')) return 'jacoco';
      return undefined;
    case 'checkstyle':
      throw new UserError(
        'this is Checkstyle XML, which the gate does not read; produce SARIF or ESLint JSON instead',
        file,
      );
    default:
      if (doctype === 'coverage') return 'cobertura';
      return undefined;
  }
}

/** Cobertura and Clover share the `<coverage>` root. */
function coverageFlavour(prolog: XmlProlog): ReportFormat | undefined {
  const attributes = prolog.root.attributes;
  if (attributes.has('line-rate') || prolog.doctype?.name === 'coverage') return 'cobertura';
  if (prolog.firstChild === 'project') return 'clover';
  if (attributes.has('clover') || attributes.has('generated')) return 'clover';
  if (prolog.firstChild === 'sources' || prolog.firstChild === 'packages') return 'cobertura';
  return undefined;
}

function detectJson(body: string, file: string): ReportFormat | undefined {
  const outline = outlineJsonPrefix(body);
  if (!outline) return undefined;
  if (outline.syntaxError) {
    throw new UserError(`the file starts like JSON but is malformed (${outline.syntaxError})`, file);
  }
  return outline.root === 'array' ? detectJsonArray(outline) : detectJsonObject(outline, file);
}

function detectJsonArray(outline: JsonOutline): ReportFormat | undefined {
  return hasPath(outline, ['[]', 'filePath']) && hasPath(outline, ['[]', 'messages']) ? 'eslint-json' : undefined;
}

function detectJsonObject(outline: JsonOutline, file: string): ReportFormat | undefined {
  const topKeys = new Set(outline.paths.filter((entry) => entry.path.length === 1).map((entry) => entry.path[0]));

  const sarifVersion = valueAt(outline, ['version']);
  const looksSarif =
    hasPath(outline, ['runs', '[]', 'tool']) ||
    (topKeys.has('runs') && typeof sarifVersion === 'string') ||
    /sarif/i.test(String(valueAt(outline, ['$schema']) ?? ''));
  if (looksSarif) {
    if (sarifVersion === undefined || sarifVersion === '2.1.0') return 'sarif';
    throw new UserError(`this is SARIF version ${String(sarifVersion)}; only SARIF 2.1.0 is supported`, file);
  }

  const auditVersion = valueAt(outline, ['auditReportVersion']);
  if (auditVersion === 2) return 'npm-audit';
  if (auditVersion !== undefined) {
    throw new UserError(`this is npm audit report version ${String(auditVersion)}; only version 2 is supported`, file);
  }
  if (topKeys.has('advisories') && topKeys.has('metadata')) {
    throw new UserError(
      'this is the npm 6 (or pnpm/yarn v1) audit format; run `npm audit --json` with npm 7 or later',
      file,
    );
  }
  // `npm audit --json` prints its failure as JSON too (e.g. the advisory endpoint refused).
  if (topKeys.has('error') && (topKeys.size <= 2 || topKeys.has('statusCode') || topKeys.has('message'))) {
    const reason = [
      valueAt(outline, ['message']),
      valueAt(outline, ['error', 'summary']),
      valueAt(outline, ['error', 'code']),
    ]
      .map((value) => (typeof value === 'string' ? value.trim() : ''))
      .find((value) => value.length > 0);
    throw new UserError(
      `this is an error report, not an audit${reason ? ` (${reason})` : ''}; the audit did not run`,
      file,
    );
  }

  if (
    hasPath(outline, ['results', '[]', 'packages']) ||
    hasPath(outline, ['results', '[]', 'source']) ||
    hasPath(outline, ['results', '[]', 'packageSource'])
  ) {
    return 'osv-scanner';
  }
  const onlyOsvKeys = [...topKeys].every((key) => key === 'results' || key === 'experimental_config');
  if (outline.complete && topKeys.has('results') && onlyOsvKeys && !hasPath(outline, ['results', '[]'])) {
    return 'osv-scanner';
  }

  if (hasPath(outline, ['total', 'lines']) || hasPath(outline, ['total', 'statements'])) return 'istanbul-summary';
  if (findPaths(outline, ['*', 'statementMap']).length > 0) return 'istanbul-final';
  return undefined;
}

function unknownFormat(body: string, file: string): UserError {
  const excerpt = body
    .slice(0, 60)
    .replace(/[^\x20-\x7e]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return new UserError(
    `not a recognised report (it starts with "${excerpt}"). Accepted formats: ${acceptedFormatList()}`,
    file,
  );
}
