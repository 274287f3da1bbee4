/**
 * Warnings about one report, each prefixed with where it is (`file:line`), capped so a file of
 * binary junk yields a short list ending in "N more" instead of millions of lines in memory.
 */
export const DEFAULT_WARNING_CAP = 20;

export class ReportWarnings {
  private readonly kept: string[] = [];
  private suppressed = 0;

  constructor(
    private readonly file: string,
    private readonly cap = DEFAULT_WARNING_CAP,
  ) {}

  /** @param line 1-based line of the report the warning is about, when known */
  add(message: string, line?: number): void {
    if (this.kept.length >= this.cap) {
      this.suppressed += 1;
      return;
    }
    this.kept.push(`${this.file}${line === undefined ? '' : `:${line}`}: ${message}`);
  }

  get count(): number {
    return this.kept.length + this.suppressed;
  }

  list(): string[] {
    if (this.suppressed === 0) return [...this.kept];
    return [...this.kept, `${this.file}: ${this.suppressed} more warning${this.suppressed === 1 ? '' : 's'} not shown`];
  }
}
