/**
 * Text collected up to a character cap, for failure messages and output excerpts. The cap is
 * what keeps a 1 GB report with megabytes of stack trace per failure in bounded memory; once
 * full, the collector says so and the reader stops asking the tokenizer for text.
 */
export class CappedText {
  private readonly parts: string[] = [];
  private size = 0;
  private cut = false;

  constructor(readonly maxChars: number) {}

  get full(): boolean {
    return this.size >= this.maxChars;
  }

  get isEmpty(): boolean {
    return this.size === 0;
  }

  /** Appends what fits; returns false once the cap is reached (more text would be dropped). */
  append(text: string): boolean {
    const room = this.maxChars - this.size;
    if (room <= 0) {
      if (text.length > 0) this.cut = true;
      return false;
    }
    const kept = text.length <= room ? text : text.slice(0, room);
    if (kept.length < text.length) this.cut = true;
    this.parts.push(kept);
    this.size += kept.length;
    return this.size < this.maxChars;
  }

  /** The text, with a note when some was dropped so nobody mistakes an excerpt for the whole. */
  toString(): string {
    const text = this.parts.join('');
    return this.cut ? `${text}\n[truncated after ${this.maxChars} characters]` : text;
  }
}
