/**
 * parseJUnit: a JUnit XML report, streamed from disk, one TestCaseRecord per test case to the
 * sink; returns the totals the document declares (for cross-checking the sink's own count) and
 * warnings. Memory does not grow with the report: see JUnitReader and the XML tokenizer.
 * Errors (unreadable file, malformed XML, not a JUnit report) are UserErrors whose `where` is
 * `path:line:column`.
 */
import type { TestParseSummary, TestSink } from '../model.js';
import { parseXmlFile } from '../xml/parse-xml-file.js';
import type { XmlLimits } from '../xml/xml-limits.js';
import { JUnitReader, type JUnitReadOptions } from './junit-reader.js';

export interface JUnitParseOptions extends JUnitReadOptions {
  /** Names the file in errors and warnings; the path by default. */
  source?: string;
  limits?: Partial<XmlLimits>;
}

export async function parseJUnit(
  path: string,
  sink: TestSink,
  options: JUnitParseOptions = {},
): Promise<TestParseSummary> {
  const reader = new JUnitReader(sink, options);
  await parseXmlFile(path, reader, { source: options.source ?? path, limits: options.limits });
  return reader.summary();
}
