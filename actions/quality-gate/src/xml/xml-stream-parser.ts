/**
 * A streaming XML tokenizer for large machine-written reports (JUnit, Cobertura, JaCoCo...).
 *
 * Speed: it scans bytes, never the decoded document. Element names are interned, attribute
 * values are decoded only when the consumer asks for them, and character data is decoded only
 * while `handlers.wantText` is true; skipped text costs a native search for the next `<`.
 * Memory: it holds one chunk plus at most one unfinished construct (a tag, bounded by
 * `maxTagBytes`), whatever the size of the document.
 * Safety: no DTD processing at all. A DOCTYPE with an internal subset and any reference to an
 * entity other than the five predefined ones are refused, so nothing is ever expanded or
 * fetched (billion laughs, XXE). Depth, names, attributes and tags are bounded (XmlLimits).
 * Encoding: UTF-8 (BOM skipped), ISO-8859-1 and US-ASCII by declaration, UTF-16 LE/BE
 * transcoded to UTF-8 on the fly; UTF-32 and other declared encodings are refused.
 *
 * Not implemented because reports do not use them: namespaces (prefixed names are plain names),
 * DTD validation and default attributes, and the Unicode name-character tables (any non-ASCII
 * byte is accepted in names). Control characters other than NUL are not checked in character
 * data (that would cost a per-byte pass over text that is skipped).
 */
import { latin1Text, utf8Text } from './buffer-text.js';
import { SNIFF_BYTES, sniffEncoding } from './encoding-sniffer.js';
import { scanDoctype } from './doctype-scanner.js';
import { Malformed } from './malformed.js';
import { NameTable } from './name-table.js';
import { PositionTracker, type TextPosition } from './position-tracker.js';
import { RejectedContent } from './rejected-content.js';
import { Utf16Transcoder } from './utf16-transcoder.js';
import { VALUE_HAS_REFERENCE, VALUE_HAS_WHITESPACE, VALUE_NON_ASCII, XmlAttributes } from './xml-attributes.js';
import {
  AMP,
  BANG,
  bytesEqual,
  completeUtf8End,
  CR,
  DQUOTE,
  EQUALS,
  GT,
  isXmlSpace,
  LF,
  LT,
  NAME_BYTE,
  NAME_CHAR,
  NAME_START,
  QUESTION,
  SLASH,
  SQUOTE,
  TAB,
  VALUE_BYTE,
} from './xml-bytes.js';
import { XmlError } from './xml-error.js';
import { resolveXmlLimits, type XmlLimits } from './xml-limits.js';
import { UNFINISHED_MARKUP, UNFINISHED_SECTION, UNFINISHED_TEXT, UnfinishedConstruct } from './unfinished-construct.js';
import { readXmlDeclaration } from './xml-declaration.js';
import { referenceValue, scanReference } from './xml-references.js';

export interface XmlHandlers {
  /**
   * A start tag. `attributes` is a lazy view, valid only during this call. For `<a/>`,
   * `selfClosing` is true and closeTag follows at once.
   */
  openTag(name: string, attributes: XmlAttributes, selfClosing: boolean): void;
  /** An end tag (or the end of a self-closing tag); the name always matches its start tag. */
  closeTag(name: string): void;
  /**
   * Character data inside the root element: text with references resolved, CDATA content,
   * line breaks normalised to LF. One text node may arrive in several pieces.
   */
  text?(text: string): void;
  /**
   * Read whenever character data is met: while false (the default) it is checked but not
   * decoded or delivered, so large blocks the consumer ignores (system-out) cost almost nothing.
   */
  wantText?: boolean;
}

export interface XmlParserOptions {
  /** Names the input in errors (a file path); `<input>` by default. */
  source?: string;
  limits?: Partial<XmlLimits>;
}

const TEXT = 0;
const COMMENT = 1;
const CDATA = 2;

/** Largest piece of text decoded at once (see deliverLiteral). */
const TEXT_PIECE_BYTES = 16 * 1024;

const EMPTY = Buffer.alloc(0);

export class XmlStreamParser {
  private readonly handlers: XmlHandlers;
  private readonly source: string;
  private readonly limits: XmlLimits;
  private readonly attributes = new XmlAttributes();
  private readonly names = new NameTable();
  private readonly position = new PositionTracker();
  private readonly stack: string[] = [];

  private mode = TEXT;
  /** The buffer being scanned and the absolute offset of its first byte. */
  private buf: Buffer = EMPTY;
  private offset = 0;
  /** What the previous chunk left unfinished; `unfinished` says what kind when run() stops early. */
  private readonly carry = new UnfinishedConstruct();
  private unfinished = 0;
  /** Start of the construct being handled, for errors thrown by handlers. */
  private markAt = 0;
  /** Next `&` and NUL at or after some point of `buf` (buf.length = none): keeps text checks linear. */
  private ampAt = -1;
  private nulAt = -1;
  /** Text delivery: the previous piece ended in CR, so a leading LF belongs to that line break. */
  private afterCR = false;

  private head: Buffer | null = null;
  private sniffed = false;
  private transcoder: Utf16Transcoder | null = null;
  private latin1 = false;
  private sawInput = false;
  private seenRoot = false;
  private rootClosed = false;
  private seenDoctype = false;
  private ended = false;
  private failure: Error | null = null;

  constructor(handlers: XmlHandlers, options: XmlParserOptions = {}) {
    this.handlers = handlers;
    this.source = options.source ?? '<input>';
    this.limits = resolveXmlLimits(options.limits);
  }

  /** Feeds the next chunk. Throws XmlError for a malformed or refused document. */
  write(chunk: Buffer): void {
    if (this.failure) throw this.failure;
    if (this.ended) throw new Error('XmlStreamParser: write() after end()');
    if (chunk.length === 0) return;
    this.sawInput = true;
    try {
      let data: Buffer | null = chunk;
      if (!this.sniffed) data = this.sniff(chunk, false);
      if (data === null) return;
      if (this.transcoder) data = this.transcoder.push(data);
      this.feed(data, false);
    } catch (error) {
      throw this.fail(error);
    }
  }

  /** Ends the input: throws XmlError when the document is truncated or has no root element. */
  end(): void {
    if (this.failure) throw this.failure;
    if (this.ended) return;
    this.ended = true;
    try {
      let data: Buffer | null = EMPTY;
      if (!this.sniffed) data = this.sniff(EMPTY, true) ?? EMPTY;
      if (this.transcoder) data = Buffer.concat([this.transcoder.push(data), this.transcoder.end()]);
      this.feed(data, true);
      this.finish();
    } catch (error) {
      throw this.fail(error);
    }
  }

  /** Where the parser is: the start of the construct being handled (1-based line and column). */
  currentPosition(): TextPosition {
    return this.position.locate(this.buf, 0, this.markAt);
  }

  // --- input ---------------------------------------------------------------------------------

  /** Decides the encoding from the first bytes; null while more bytes are needed. */
  private sniff(chunk: Buffer, final: boolean): Buffer | null {
    const data = this.head ? Buffer.concat([this.head, chunk]) : chunk;
    if (data.length < SNIFF_BYTES && !final) {
      this.head = Buffer.from(data);
      return null;
    }
    this.head = null;
    this.sniffed = true;
    const sniffed = sniffEncoding(data);
    if (sniffed.encoding === 'utf-32') {
      throw new Malformed('UTF-32 is not supported: convert the report to UTF-8', 0);
    }
    if (sniffed.encoding !== 'utf-8') this.transcoder = new Utf16Transcoder(sniffed.encoding);
    return data.subarray(sniffed.skip);
  }

  private feed(data: Buffer, final: boolean): void {
    let rest = data;
    const carry = this.carry;
    while (carry.pending) {
      let take = carry.needed(rest);
      if (take === -1) {
        if (!final) {
          carry.park(rest);
          if (carry.size > this.limits.maxTagBytes) this.tagTooLong();
          return;
        }
        take = rest.length;
      }
      const joined = carry.join(rest, take);
      rest = rest.subarray(take);
      this.scan(joined, final && rest.length === 0);
      if (rest.length === 0) return;
    }
    if (rest.length > 0 || final) this.scan(rest, final);
  }

  /** Runs the scanner over buf and holds what it could not finish for the next chunk. */
  private scan(buf: Buffer, final: boolean): void {
    const consumed = this.run(buf, final);
    this.position.advance(buf, 0, consumed);
    this.offset += consumed;
    if (consumed < buf.length) {
      this.carry.hold(buf.subarray(consumed), this.unfinished);
      this.buf = this.carry.start;
      if (this.carry.isMarkup && this.carry.size > this.limits.maxTagBytes) this.tagTooLong();
    } else {
      this.buf = EMPTY;
    }
  }

  private tagTooLong(): never {
    this.buf = this.carry.start;
    throw new Malformed(`a tag longer than ${this.limits.maxTagBytes} bytes (limit maxTagBytes)`, 0);
  }

  private finish(): void {
    if (this.mode === COMMENT) throw new Malformed('unexpected end of file inside a comment (truncated?)', 0);
    if (this.mode === CDATA) throw new Malformed('unexpected end of file inside a CDATA section (truncated?)', 0);
    if (this.stack.length > 0) {
      const open = this.stack.slice(-3).reverse();
      const more = this.stack.length > 3 ? ` and ${this.stack.length - 3} more` : '';
      throw new Malformed(
        `unexpected end of file: the document is truncated (${open.map((n) => `<${n}>`).join(', ')}${more} not closed)`,
        0,
      );
    }
    if (!this.seenRoot) {
      throw new Malformed(
        this.sawInput ? 'no root element: this is not an XML document' : 'empty file: no XML at all',
        0,
      );
    }
  }

  private fail(error: unknown): Error {
    let failure: Error;
    if (error instanceof Malformed) failure = this.located(error.message, error.at);
    else if (error instanceof RejectedContent) failure = this.located(error.message, this.markAt);
    else if (error instanceof Error && error.message.startsWith('invalid UTF-16'))
      failure = this.located(error.message, 0);
    else failure = error instanceof Error ? error : new Error(String(error));
    this.failure = failure;
    return failure;
  }

  private located(reason: string, at: number): XmlError {
    const { line, column } = this.position.locate(this.buf, 0, at);
    return new XmlError(reason, this.source, line, column);
  }

  // --- scanning --------------------------------------------------------------------------------

  /** Scans buf; returns how many bytes were consumed (the rest is an unfinished construct). */
  private run(buf: Buffer, final: boolean): number {
    this.buf = buf;
    this.ampAt = -1;
    this.nulAt = -1;
    this.unfinished = UNFINISHED_TEXT;
    const end = buf.length;
    let pos = 0;
    if (this.mode !== TEXT) {
      pos = this.continueSection(buf, 0, final);
      if (this.mode !== TEXT) return this.stopIn(UNFINISHED_SECTION, pos);
    }
    while (pos < end) {
      // Reports are indented: most text between tags is a few spaces and a line break.
      let p = pos;
      let b = 0;
      while (p < end) {
        b = buf[p] as number;
        if (b !== 0x20 && b !== LF && b !== TAB && b !== CR) break;
        p += 1;
      }
      let lt: number;
      if (p < end && b === LT) {
        lt = p;
        if (p > pos && this.handlers.wantText === true && this.stack.length > 0) this.deliverLiteral(buf, pos, p);
      } else {
        lt = buf.indexOf(LT, p);
        const textEnd = lt === -1 ? end : lt;
        const stop = this.text(buf, pos, textEnd, lt !== -1 || final);
        if (stop < textEnd || lt === -1) return stop;
      }
      pos = lt;
      this.markAt = pos;
      this.afterCR = false;
      if (pos + 1 >= end) {
        if (final) throw new Malformed("unexpected end of file after '<' (truncated?)", pos);
        return this.stopIn(UNFINISHED_MARKUP, pos);
      }
      const next = buf[pos + 1];
      let after: number;
      if (next === SLASH) after = this.endTag(buf, pos, final);
      else if (next === BANG) after = this.markupDeclaration(buf, pos, final);
      else if (next === QUESTION) after = this.processingInstruction(buf, pos, final);
      else after = this.startTag(buf, pos, final);
      if (after < 0) return this.stopIn(UNFINISHED_MARKUP, pos);
      pos = after;
      if (this.mode !== TEXT) {
        pos = this.continueSection(buf, pos, final);
        if (this.mode !== TEXT) return this.stopIn(UNFINISHED_SECTION, pos);
      }
    }
    return pos;
  }

  /** run() stops at `at`, in the middle of a construct of this kind. */
  private stopIn(kind: number, at: number): number {
    this.unfinished = kind;
    return at;
  }

  /** Marks an unfinished construct: more data needed, or an error at the end of the input. */
  private truncated(final: boolean, what: string, at: number): number {
    if (final) throw new Malformed(`unexpected end of file inside ${what} (truncated?)`, at);
    return -1;
  }

  /**
   * Character data buf[start, end) (no `<` inside). `complete` = nothing follows in this text
   * node beyond `end` that could finish a reference or a character. Returns the offset up to
   * which it was consumed (less than `end` only when a reference or character is cut).
   */
  private text(buf: Buffer, start: number, end: number, complete: boolean): number {
    if (start >= end) return end;
    if (this.nulAt < start) this.nulAt = indexOrEnd(buf, 0, start);
    if (this.nulAt < end) throw new Malformed('NUL byte: this is binary data, not XML', this.nulAt);
    if (this.stack.length === 0) {
      for (let p = start; p < end; p += 1) {
        if (!isXmlSpace(buf[p] as number)) {
          throw new Malformed(
            this.rootClosed
              ? 'text after the end of the root element'
              : 'text before the root element: this is not XML',
            p,
          );
        }
      }
      return end;
    }
    let from = start;
    if (this.ampAt < start) this.ampAt = indexOrEnd(buf, AMP, start);
    while (this.ampAt < end) {
      const amp = this.ampAt;
      const after = scanReference(buf, amp, end, !complete);
      if (after < 0) return this.textUpTo(buf, from, amp);
      if (this.handlers.wantText === true) {
        if (amp > from) this.deliverLiteral(buf, from, amp);
        this.deliverPiece(referenceValue(buf, amp, after - 1), false);
      }
      from = after;
      this.ampAt = indexOrEnd(buf, AMP, after);
    }
    return this.textUpTo(buf, from, complete ? end : completeUtf8End(buf, from, end));
  }

  private textUpTo(buf: Buffer, from: number, to: number): number {
    if (to > from && this.handlers.wantText === true) this.deliverLiteral(buf, from, to);
    return to;
  }

  /**
   * Literal character data: decoded, with CR LF and lone CR normalised to LF. Long runs go in
   * pieces, asking before each whether the handler still wants text, so a consumer that stops
   * at a cap has at most one piece more decoded for it.
   */
  private deliverLiteral(buf: Buffer, start: number, end: number): void {
    let from = start;
    while (from < end && this.handlers.wantText === true) {
      let to = end;
      if (to - from > TEXT_PIECE_BYTES) to = completeUtf8End(buf, from, from + TEXT_PIECE_BYTES);
      this.deliverPiece(this.latin1 ? latin1Text(buf, from, to) : utf8Text(buf, from, to), true);
      from = to;
    }
  }

  private deliverPiece(piece: string, literal: boolean): void {
    let text = piece;
    if (literal) {
      if (this.afterCR && text.charCodeAt(0) === LF) text = text.slice(1);
      this.afterCR = text.charCodeAt(text.length - 1) === CR;
      if (text.includes('\r')) text = text.replace(/\r\n?/g, '\n');
    } else {
      this.afterCR = false;
    }
    if (text.length > 0) this.handlers.text?.(text);
  }

  /** Inside a comment or CDATA section that an earlier chunk opened. */
  private continueSection(buf: Buffer, start: number, final: boolean): number {
    const end = buf.length;
    if (this.mode === COMMENT) {
      const close = buf.indexOf('-->', start);
      if (close !== -1) {
        this.mode = TEXT;
        return close + 3;
      }
      if (final) throw new Malformed('unexpected end of file inside a comment (truncated?)', end);
      // Keep two bytes: they may be the `--` of a `-->` cut by the chunk boundary.
      return Math.max(start, end - 2);
    }
    const close = buf.indexOf(']]>', start);
    let contentEnd = close === -1 ? Math.max(start, end - 2) : close;
    if (close === -1 && final) throw new Malformed('unexpected end of file inside a CDATA section (truncated?)', end);
    if (this.nulAt < start) this.nulAt = indexOrEnd(buf, 0, start);
    if (this.nulAt < contentEnd) throw new Malformed('NUL byte: this is binary data, not XML', this.nulAt);
    if (close === -1) contentEnd = completeUtf8End(buf, start, contentEnd);
    if (this.handlers.wantText === true && contentEnd > start) this.deliverLiteral(buf, start, contentEnd);
    if (close === -1) return contentEnd;
    this.mode = TEXT;
    return close + 3;
  }

  private startTag(buf: Buffer, start: number, final: boolean): number {
    const end = buf.length;
    const limits = this.limits;
    const nameStart = start + 1;
    if (((NAME_BYTE[buf[nameStart] as number] as number) & NAME_START) === 0) {
      throw new Malformed(
        buf[nameStart] === 0
          ? 'NUL byte: this is binary data, not XML'
          : "'<' must start a tag (a literal '<' in text is written &lt;)",
        buf[nameStart] === 0 ? nameStart : start,
      );
    }
    let p = this.scanName(buf, nameStart);
    if (p >= end) return this.truncated(final, 'a start tag', start);
    const nameEnd = p;
    if (this.rootClosed) throw new Malformed('a second root element: an XML document has exactly one', start);
    if (this.stack.length >= limits.maxDepth) {
      throw new Malformed(`elements nested deeper than ${limits.maxDepth} (limit maxDepth)`, start);
    }
    const attributes = this.attributes;
    attributes.reset(buf, this.latin1);
    let selfClosing = false;
    for (;;) {
      if (p >= end) return this.truncated(final, 'a start tag', start);
      const spaceStart = p;
      let b = buf[p] as number;
      while (b === 0x20 || b === LF || b === TAB || b === CR) {
        p += 1;
        if (p >= end) return this.truncated(final, 'a start tag', start);
        b = buf[p] as number;
      }
      if (b === GT) {
        p += 1;
        break;
      }
      if (b === SLASH) {
        if (p + 1 >= end) return this.truncated(final, 'a start tag', start);
        if (buf[p + 1] !== GT) throw new Malformed("expected '>' after '/' in a start tag", p + 1);
        p += 2;
        selfClosing = true;
        break;
      }
      if (p === spaceStart) throw new Malformed('expected whitespace, an attribute, or the end of the tag', p);
      if (((NAME_BYTE[b] as number) & NAME_START) === 0) {
        throw new Malformed(b === 0 ? 'NUL byte: this is binary data, not XML' : 'expected an attribute name', p);
      }
      const attributeStart = p;
      p = this.scanName(buf, p);
      if (p >= end) return this.truncated(final, 'a start tag', start);
      const attributeEnd = p;
      b = buf[p] as number;
      while (b === 0x20 || b === LF || b === TAB || b === CR) {
        p += 1;
        if (p >= end) return this.truncated(final, 'a start tag', start);
        b = buf[p] as number;
      }
      if (b !== EQUALS) throw new Malformed("expected '=' after the attribute name", p);
      p += 1;
      if (p >= end) return this.truncated(final, 'a start tag', start);
      b = buf[p] as number;
      while (b === 0x20 || b === LF || b === TAB || b === CR) {
        p += 1;
        if (p >= end) return this.truncated(final, 'a start tag', start);
        b = buf[p] as number;
      }
      if (b !== DQUOTE && b !== SQUOTE) throw new Malformed('expected a quoted attribute value', p);
      const quote = b;
      p += 1;
      const valueStart = p;
      const valueLimit = Math.min(end, valueStart + limits.maxAttributeValueBytes + 1);
      let flags = 0;
      while (p < valueLimit) {
        // Most value bytes are plain ASCII: skip them with one table lookup each.
        while (p < valueLimit && VALUE_BYTE[buf[p] as number] === 0) p += 1;
        if (p >= valueLimit) break;
        b = buf[p] as number;
        if (b === quote) break;
        if (b === AMP) {
          const after = scanReference(buf, p, end, !final);
          if (after < 0) return this.truncated(final, 'a start tag', start);
          flags |= VALUE_HAS_REFERENCE;
          p = after;
          continue;
        }
        if (b < 0x20) {
          if (b !== LF && b !== TAB && b !== CR) {
            throw new Malformed(
              b === 0
                ? 'NUL byte: this is binary data, not XML'
                : `control character U+00${b.toString(16).padStart(2, '0')} in an attribute value`,
              p,
            );
          }
          flags |= VALUE_HAS_WHITESPACE;
        } else if (b >= 0x80) {
          flags |= VALUE_NON_ASCII;
        } else if (b === LT) {
          throw new Malformed("'<' in an attribute value (it is written &lt;)", p);
        }
        p += 1;
      }
      if (p - valueStart > limits.maxAttributeValueBytes) {
        throw new Malformed(
          `an attribute value longer than ${limits.maxAttributeValueBytes} bytes (limit maxAttributeValueBytes)`,
          valueStart,
        );
      }
      if (p >= end) return this.truncated(final, 'a start tag', start);
      if (attributes.length >= limits.maxAttributes) {
        throw new Malformed(
          `more than ${limits.maxAttributes} attributes on one tag (limit maxAttributes)`,
          attributeStart,
        );
      }
      if (!attributes.add(attributeStart, attributeEnd, valueStart, p, flags)) {
        throw new Malformed(`duplicate attribute '${utf8Text(buf, attributeStart, attributeEnd)}'`, attributeStart);
      }
      p += 1;
    }
    const name = this.names.intern(buf, nameStart, nameEnd, this.latin1);
    this.seenRoot = true;
    this.handlers.openTag(name, attributes, selfClosing);
    if (selfClosing) {
      if (this.stack.length === 0) this.rootClosed = true;
      this.handlers.closeTag(name);
    } else {
      this.stack.push(name);
    }
    return p;
  }

  /** The end of the name starting at buf[start] (a name-start byte); checks maxNameBytes. */
  private scanName(buf: Buffer, start: number): number {
    const limit = Math.min(buf.length, start + this.limits.maxNameBytes + 1);
    let p = start + 1;
    while (p < limit && ((NAME_BYTE[buf[p] as number] as number) & NAME_CHAR) !== 0) p += 1;
    if (p - start > this.limits.maxNameBytes) {
      throw new Malformed(`a name longer than ${this.limits.maxNameBytes} bytes (limit maxNameBytes)`, start);
    }
    return p;
  }

  private endTag(buf: Buffer, start: number, final: boolean): number {
    const end = buf.length;
    const nameStart = start + 2;
    if (nameStart >= end) return this.truncated(final, 'an end tag', start);
    if (((NAME_BYTE[buf[nameStart] as number] as number) & NAME_START) === 0)
      throw new Malformed("expected a name after '</'", nameStart);
    const nameEnd = this.scanName(buf, nameStart);
    let p = nameEnd;
    while (p < end && isXmlSpace(buf[p] as number)) p += 1;
    if (p >= end) return this.truncated(final, 'an end tag', start);
    if (buf[p] !== GT) throw new Malformed("expected '>' to end the end tag", p);
    const name = this.names.intern(buf, nameStart, nameEnd, this.latin1);
    const depth = this.stack.length;
    if (depth === 0) throw new Malformed(`end tag </${name}> without a matching start tag`, start);
    const open = this.stack[depth - 1];
    if (name !== open) throw new Malformed(`mismatched end tag: </${name}> where </${open}> was expected`, start);
    this.stack.pop();
    if (depth === 1) this.rootClosed = true;
    this.handlers.closeTag(name);
    return p + 1;
  }

  /** `<!`: a comment, a CDATA section or a DOCTYPE; anything else is refused. */
  private markupDeclaration(buf: Buffer, start: number, final: boolean): number {
    const available = buf.length - start;
    if (available >= 4 && bytesEqual(buf, start, '<!--')) {
      this.mode = COMMENT;
      return start + 4;
    }
    if (available < 9) {
      const prefix = buf.toString('latin1', start, buf.length);
      if (['<!--', '<![CDATA[', '<!DOCTYPE'].some((opener) => opener.startsWith(prefix))) {
        return this.truncated(final, 'markup', start);
      }
    }
    if (bytesEqual(buf, start, '<![CDATA[')) {
      if (this.stack.length === 0) throw new Malformed('a CDATA section outside the root element', start);
      this.mode = CDATA;
      return start + 9;
    }
    if (bytesEqual(buf, start, '<!DOCTYPE')) return this.doctype(buf, start, final);
    if (bytesEqual(buf, start, '<!ENTITY')) {
      throw new Malformed('entity declarations are refused: this parser never expands entities', start);
    }
    throw new Malformed("'<!' must start a comment (<!--), a CDATA section or the DOCTYPE", start);
  }

  private doctype(buf: Buffer, start: number, final: boolean): number {
    if (this.seenRoot) throw new Malformed('a DOCTYPE after the root element', start);
    if (this.seenDoctype) throw new Malformed('a second DOCTYPE', start);
    const after = scanDoctype(buf, start, this.limits.maxTagBytes);
    if (after < 0) return this.truncated(final, 'the DOCTYPE', start);
    this.seenDoctype = true;
    return after;
  }

  /** `<?target ...?>`; the `xml` target is the XML declaration, allowed only at the very start. */
  private processingInstruction(buf: Buffer, start: number, final: boolean): number {
    const close = buf.indexOf('?>', start + 2);
    if (close === -1) return this.truncated(final, 'a processing instruction', start);
    const targetStart = start + 2;
    if (((NAME_BYTE[buf[targetStart] as number] as number) & NAME_START) === 0) {
      throw new Malformed("expected a name after '<?'", targetStart);
    }
    const targetEnd = this.scanName(buf, targetStart);
    const target = buf.toString('latin1', targetStart, targetEnd);
    if (target.toLowerCase() === 'xml') {
      if (target !== 'xml' || this.offset + start !== 0) {
        throw new Malformed('the XML declaration (<?xml ...?>) must be the very first thing in the file', start);
      }
      const encoding = readXmlDeclaration(buf.toString('latin1', start, close + 2), start);
      // With a byte order mark the transcoder decided already (the declaration names UTF-16).
      if (this.transcoder === null) this.latin1 = encoding === 'iso-8859-1';
    }
    return close + 2;
  }
}

/** indexOf that answers buf.length for "none", so "is there one before x" is one comparison. */
function indexOrEnd(buf: Buffer, byte: number, from: number): number {
  const i = buf.indexOf(byte, from);
  return i === -1 ? buf.length : i;
}
