/**
 * Tokenizes an XML file from disk in chunks, so memory stays at one chunk plus the parser's
 * bounded state whatever the file size. A missing, unreadable or non-regular file is a
 * UserError naming the path, like a malformed document.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { UserError } from '../../../../shared/runtime/errors.js';
import { XmlStreamParser, type XmlHandlers, type XmlParserOptions } from './xml-stream-parser.js';

/** 256 KiB: large enough that per-chunk costs vanish, small enough to stay in cache. */
export const XML_READ_CHUNK_BYTES = 256 * 1024;

export interface XmlFileOptions extends Omit<XmlParserOptions, 'source'> {
  /** Names the file in errors; the path by default. */
  source?: string;
  chunkBytes?: number;
}

export async function parseXmlFile(path: string, handlers: XmlHandlers, options: XmlFileOptions = {}): Promise<void> {
  const source = options.source ?? path;
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
    throw new UserError(`cannot read the file (${error.code ?? error.message})`, source);
  });
  if (!info.isFile()) throw new UserError('not a regular file', source);
  const parser = new XmlStreamParser(handlers, { source, limits: options.limits });
  const stream = createReadStream(path, { highWaterMark: options.chunkBytes ?? XML_READ_CHUNK_BYTES });
  try {
    for await (const chunk of stream) parser.write(chunk as Buffer);
  } catch (error) {
    if (isReadError(error)) throw new UserError(`cannot read the file (${error.code})`, source);
    throw error;
  } finally {
    stream.destroy();
  }
  parser.end();
}

function isReadError(error: unknown): error is NodeJS.ErrnoException & { code: string } {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string';
}
