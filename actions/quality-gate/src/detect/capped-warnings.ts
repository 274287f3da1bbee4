/**
 * Warnings collected while parsing one report. A hostile or badly broken file can produce one
 * problem per record; keeping them all would let a 200 MB file fill memory and the job log with
 * the same line. So the first `limit` are kept word for word and the rest only counted.
 */
export class CappedWarnings {
  private readonly kept: string[] = [];
  private dropped = 0;

  constructor(
    /** Prefix for every message, usually the report's path, so each warning names its file. */
    private readonly file: string,
    private readonly limit = 50,
  ) {}

  add(message: string): void {
    if (this.kept.length < this.limit) this.kept.push(`${this.file}: ${message}`);
    else this.dropped += 1;
  }

  /** The kept warnings, plus one line saying how many more there were. */
  list(): string[] {
    if (this.dropped === 0) return [...this.kept];
    return [...this.kept, `${this.file}: ${this.dropped} more warning(s) not shown`];
  }
}
