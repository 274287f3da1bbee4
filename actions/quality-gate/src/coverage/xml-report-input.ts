/**
 * Feeds an XML coverage report to handlers from a file (streamed by the tokenizer) or from
 * chunks already in memory (tests, stdin), with the same errors either way.
 */
import { parseXmlFile, XmlStreamParser, type XmlHandlers } from '../xml/index.js';

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
