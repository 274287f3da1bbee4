/**
 * Test helper: runs the tokenizer over chunks and records what the handlers saw as a flat list
 * of strings, so tests compare whole event sequences (and every chunking must give the same).
 */
import { XmlStreamParser, type XmlParserOptions } from '../../../../actions/quality-gate/src/xml/xml-stream-parser.js';
import type { XmlAttributes } from '../../../../actions/quality-gate/src/xml/xml-attributes.js';

export interface Recorded {
  events: string[];
  error?: Error;
}

/**
 * `wantText`: which elements' text to ask for (all by default). Adjacent text pieces are joined,
 * since how a text node is split into pieces depends on the chunking.
 */
export function record(
  chunks: readonly Buffer[],
  options: XmlParserOptions & { wantTextIn?: (name: string) => boolean } = {},
): Recorded {
  const events: string[] = [];
  const open: string[] = [];
  const wants = options.wantTextIn ?? (() => true);
  const handlers = {
    wantText: false,
    openTag(name: string, attributes: XmlAttributes, selfClosing: boolean) {
      events.push(`<${name}${formatAttributes(attributes)}${selfClosing ? '/' : ''}>`);
      open.push(name);
      handlers.wantText = wants(name);
    },
    closeTag(name: string) {
      events.push(`</${name}>`);
      open.pop();
      const parent = open.at(-1);
      handlers.wantText = parent !== undefined && wants(parent);
    },
    text(text: string) {
      const last = events.length - 1;
      if (last >= 0 && events[last]?.startsWith('T:')) events[last] += text;
      else events.push(`T:${text}`);
    },
  };
  const parser = new XmlStreamParser(handlers, options);
  try {
    for (const chunk of chunks) parser.write(chunk);
    parser.end();
  } catch (error) {
    return { events, error: error as Error };
  }
  return { events };
}

export function recordText(text: string, options: Parameters<typeof record>[1] = {}): Recorded {
  return record([Buffer.from(text, 'utf8')], options);
}

function formatAttributes(attributes: XmlAttributes): string {
  let out = '';
  for (let i = 0; i < attributes.length; i += 1)
    out += ` ${attributes.nameAt(i)}=${JSON.stringify(attributes.valueAt(i))}`;
  return out;
}

/** Splits bytes into chunks at the given offsets. */
export function splitAt(bytes: Buffer, ...offsets: number[]): Buffer[] {
  const chunks: Buffer[] = [];
  let from = 0;
  for (const offset of offsets) {
    chunks.push(bytes.subarray(from, offset));
    from = offset;
  }
  chunks.push(bytes.subarray(from));
  return chunks;
}
