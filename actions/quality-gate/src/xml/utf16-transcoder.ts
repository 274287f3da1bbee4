/**
 * UTF-16 to UTF-8, chunk by chunk. TextDecoder in streaming mode keeps a code unit or surrogate
 * cut by a chunk boundary for the next chunk, and drops the byte order mark. `fatal` makes
 * unpaired surrogates an error instead of U+FFFD: a document that is not valid UTF-16 is not the
 * report it claims to be.
 */
export class Utf16Transcoder {
  private readonly decoder: InstanceType<typeof TextDecoder>;

  constructor(encoding: 'utf-16le' | 'utf-16be') {
    this.decoder = new TextDecoder(encoding, { fatal: true });
  }

  /** The UTF-8 bytes of the characters complete so far. */
  push(chunk: Buffer): Buffer {
    return this.convert(() => this.decoder.decode(chunk, { stream: true }));
  }

  /** The rest; throws when the input ended inside a character. */
  end(): Buffer {
    return this.convert(() => this.decoder.decode());
  }

  private convert(decode: () => string): Buffer {
    let text: string;
    try {
      text = decode();
    } catch {
      throw new Error('invalid UTF-16: an odd number of bytes or an unpaired surrogate');
    }
    return Buffer.from(text, 'utf8');
  }
}
