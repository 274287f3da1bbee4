/**
 * Feeds an XML coverage report to handlers from a file (streamed by the tokenizer) or from
 * chunks already in memory (tests, stdin), with the same errors either way.
 */
import type { CoverageParseSummary } from '../model.js';
import { parseXmlFile, XmlStreamParser, type XmlHandlers } from '../xml/index.js';
import type { CoverageParseOptions } from './parse-options.js';
import { ReportWarnings } from './report-warnings.js';

export type XmlReportInput = { path: string } | { chunks: Iterable<Uint8Array | string> | AsyncIterable<Uint8Array | string> };

export async function readXmlReport(input: XmlReportInput, handlers: XmlHandlers, name: string): Promise<void> {
  if ('path' in input) {
    await parseXmlFile(input.path, handlers, { source: name });
    return;
  }
  const parser = new XmlStreamParser(handlers, { source: name });
  for await (const chunk of input.chunks) {
    parser.write(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
  }
  parser.end();
}

/** A format's reader: handlers for the document, and its summary once the document ends. */
export interface XmlCoverageReader extends XmlHandlers {
  summary(): CoverageParseSummary;
}

/** Reads `input` with the reader `open` makes, given the report's warnings, and returns its summary. */
export async function parseXmlReport(
  input: XmlReportInput,
  options: CoverageParseOptions & { name: string },
  open: (warnings: ReportWarnings) => XmlCoverageReader,
): Promise<CoverageParseSummary> {
  const reader = open(new ReportWarnings(options.name, options.warningCap));
  await readXmlReport(input, reader, options.name);
  return reader.summary();
}
