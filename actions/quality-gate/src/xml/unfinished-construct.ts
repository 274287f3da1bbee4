/**
 * What the tokenizer could not finish at the end of a chunk (a tag cut in two, a reference or
 * character cut in text, the possible start of a section terminator), and how much of the next
 * chunk finishes it.
 *
 * The next chunk itself is then scanned in place; only the unfinished bytes plus the few bytes
 * that complete them are copied. For a tag the end is found exactly, with a quote-aware search
 * for its `>`, and chunks without that end are parked (not rescanned), so a tag spanning many
 * chunks costs linear time however many `>` its attribute values contain.
 */
import { DQUOTE, GT, LT, QUESTION, SQUOTE } from './xml-bytes.js';

/** Kinds of unfinished construct, as the tokenizer reports them. */
export const UNFINISHED_MARKUP = 1;
export const UNFINISHED_TEXT = 2;
export const UNFINISHED_SECTION = 3;

/** Finer kinds of markup, decided from the held bytes. */
const QUOTED_TAG = 1;
const PROCESSING_INSTRUCTION = 2;
const UNKNOWN_MARKUP = 3;

/** Enough bytes to tell `<!--`, `<![CDATA[` and `<!DOCTYPE` apart. */
const OPENER_BYTES = 9;

export class UnfinishedConstruct {
  private head: Buffer | null = null;
  private parked: Buffer[] = [];
  private heldBytes = 0;
  private kind = 0;
  private markup = 0;
  /** Inside a quoted attribute value at the end of the held bytes: the quote byte, else 0. */
  private quote = 0;
  private lastByte = 0;

  get pending(): boolean {
    return this.head !== null;
  }

  get isMarkup(): boolean {
    return this.kind === UNFINISHED_MARKUP;
  }

  /** Bytes held, parked chunks included. */
  get size(): number {
    return this.heldBytes;
  }

  /** The first held bytes (for locating errors in them). */
  get start(): Buffer {
    return this.head ?? Buffer.alloc(0);
  }

  /** Keeps a copy of `bytes` (the caller's buffer moves on) as an unfinished construct of `kind`. */
  hold(bytes: Buffer, kind: number): void {
    this.head = Buffer.from(bytes);
    this.parked = [];
    this.heldBytes = bytes.length;
    this.kind = kind;
    this.quote = 0;
    this.lastByte = bytes[bytes.length - 1] ?? 0;
    if (kind !== UNFINISHED_MARKUP) return;
    const second = bytes[1];
    if (second === QUESTION) this.markup = PROCESSING_INSTRUCTION;
    else if (second === undefined || (second === 0x21 && bytes.length < OPENER_BYTES)) this.markup = UNKNOWN_MARKUP;
    else this.markup = QUOTED_TAG;
    if (this.markup === QUOTED_TAG) this.quote = quoteStateAfter(bytes, 0, 0);
  }

  /**
   * How many leading bytes of `next` to join to finish the construct, or -1 when `next` does not
   * finish it (park it and wait for more).
   */
  needed(next: Buffer): number {
    if (this.kind === UNFINISHED_SECTION) return next.length;
    if (this.kind === UNFINISHED_TEXT) {
      const lt = next.indexOf(LT);
      return lt === -1 ? next.length : lt + 1;
    }
    switch (this.markup) {
      case PROCESSING_INSTRUCTION: {
        if (this.lastByte === QUESTION && next[0] === GT) return 1;
        const end = next.indexOf('?>');
        return end === -1 ? -1 : end + 2;
      }
      case QUOTED_TAG: {
        const end = tagEnd(next, this.quote);
        return end === -1 ? -1 : end + 1;
      }
      default:
        // `<` or a short `<!`: a few more bytes tell what it is; the scan then holds it again.
        return Math.min(next.length, OPENER_BYTES);
    }
  }

  /** Holds `next` too: it is all part of the construct. */
  park(next: Buffer): void {
    this.parked.push(Buffer.from(next));
    this.heldBytes += next.length;
    this.lastByte = next[next.length - 1] ?? this.lastByte;
    if (this.markup === QUOTED_TAG) this.quote = quoteStateAfter(next, 0, this.quote);
  }

  /** The held bytes followed by next[0, take), as one buffer; nothing is held afterwards. */
  join(next: Buffer, take: number): Buffer {
    const joined = Buffer.concat([this.head ?? Buffer.alloc(0), ...this.parked, next.subarray(0, take)]);
    this.head = null;
    this.parked = [];
    this.heldBytes = 0;
    return joined;
  }
}

/** The quote state after buf[from..]: inside a value opened by `"` or `'`, or 0. */
function quoteStateAfter(buf: Buffer, from: number, quote: number): number {
  let state = quote;
  for (let p = from; p < buf.length; p += 1) {
    const b = buf[p];
    if (state === 0) {
      if (b === DQUOTE || b === SQUOTE) state = b;
    } else if (b === state) {
      state = 0;
    }
  }
  return state;
}

/** Offset of the first `>` outside quotes, given the quote state at buf[0]; -1 when none. */
function tagEnd(buf: Buffer, quote: number): number {
  let state = quote;
  for (let p = 0; p < buf.length; p += 1) {
    const b = buf[p];
    if (state === 0) {
      if (b === GT) return p;
      if (b === DQUOTE || b === SQUOTE) state = b;
    } else if (b === state) {
      state = 0;
    }
  }
  return -1;
}
