/**
 * A markdown document built under a hard size limit. Blocks are appended in order of
 * importance; ranked lists (table rows, list items) take as many items as fit; whatever is
 * left out is counted, and the document ends with one predictable line:
 *
 *     … 123 more, see the result file `elder/deploy-production.json`
 *
 * The guarantee — the output never measures more than the limit — holds by construction:
 * room for the longest possible closing line is reserved up front, and nothing is appended
 * unless it fits in what is left after that reservation.
 */
import { codeSpan } from './escape.js';
import { measure, GITHUB_LIMIT_UNIT, type SizeUnit } from './text-size.js';
import { truncateTo } from './truncate.js';

export interface BudgetOptions {
  /** The hard limit, in `unit`. */
  limit: number;
  /** Defaults to UTF-8 bytes, the conservative unit for every GitHub limit. */
  unit?: SizeUnit;
  /** Where the complete result is, named in the closing line when something is left out. */
  resultFile: string;
}

/** A ranked list: a head (e.g. a heading and a table header), items, and a tail. */
export interface RankedSection<T> {
  head: string;
  items: readonly T[];
  /**
   * Renders one item; only called for items that are considered, so huge lists stay cheap.
   * (Method syntax, so sections of different item types fit in one `fitSections` list.)
   */
  render(item: T): string;
  /** Appended after the items that fit, e.g. the blank line that ends a table. */
  tail?: string;
  /** Items the caller already left out (e.g. past a display cap); counted in the closing line. */
  alreadyOmitted?: number;
}

export interface RankedOutcome {
  shown: number;
  omitted: number;
}

/** Longest path the closing line will quote; a longer one is cut with an ellipsis. */
const MAX_RESULT_FILE_LENGTH = 512;

/** The closing line, e.g. "… 3 more, see the result file `out/deploy.json`". */
export function moreLine(omitted: number, resultFile: string): string {
  return `… ${omitted} more, see the result file ${codeSpan(resultFile, { maxLength: MAX_RESULT_FILE_LENGTH })}`;
}

export class BudgetedMarkdown {
  private readonly limit: number;
  private readonly unit: SizeUnit;
  private readonly resultFile: string;
  /** Room kept for the closing line, sized for the largest count it could ever show. */
  private readonly reserve: number;
  private readonly parts: string[] = [];
  private used = 0;
  private omittedItems = 0;
  private truncated = false;
  /** Once a ranked list ran out of room, later ranked lists are counted, not shown. */
  private exhausted = false;

  constructor(options: BudgetOptions) {
    this.limit = options.limit;
    this.unit = options.unit ?? GITHUB_LIMIT_UNIT;
    this.resultFile = options.resultFile;
    this.reserve = this.size(this.closing(Number.MAX_SAFE_INTEGER));
    if (!(this.limit > this.reserve)) {
      throw new RangeError(`a budget of ${this.limit} cannot hold even its closing line (${this.reserve})`);
    }
  }

  /** What is left for content, after the reservation for the closing line. */
  get remaining(): number {
    return this.limit - this.reserve - this.used;
  }

  /** Items counted as left out so far. */
  get omitted(): number {
    return this.omittedItems;
  }

  /**
   * A block that must appear (the heading, the verdict). If it does not fit it is cut, and
   * the closing line is added so the reader knows to look at the result file.
   */
  required(block: string): this {
    if (this.size(block) <= this.remaining) {
      this.append(block);
    } else {
      this.truncated = true;
      this.append(truncateTo(block, Math.max(0, this.remaining), this.unit));
    }
    return this;
  }

  /** A block worth showing only whole (a chart, a note); skipped if it does not fit. */
  optional(block: string): boolean {
    if (this.size(block) > this.remaining) return false;
    this.append(block);
    return true;
  }

  /**
   * As many items as fit, in the order given, between `head` and `tail`. If not even the
   * first item fits, nothing of the section is shown. Once a section has run out of room,
   * later sections are only counted, so the closing line covers everything not shown.
   */
  ranked<T>(section: RankedSection<T>): RankedOutcome {
    const total = section.items.length;
    this.omittedItems += section.alreadyOmitted ?? 0;
    if (total === 0) return { shown: 0, omitted: 0 };
    if (this.exhausted) {
      this.omittedItems += total;
      return { shown: 0, omitted: total };
    }
    const tail = section.tail ?? '';
    let room = this.remaining - this.size(section.head) - this.size(tail);
    const rendered: string[] = [];
    for (const item of section.items) {
      const text = section.render(item);
      const size = this.size(text);
      if (size > room) break;
      rendered.push(text);
      room -= size;
    }
    const omitted = total - rendered.length;
    if (omitted > 0) this.exhausted = true;
    this.omittedItems += omitted;
    if (rendered.length > 0) this.append(section.head + rendered.join('') + tail);
    return { shown: rendered.length, omitted };
  }

  /** Counts items that were left out before they reached the builder. */
  countOmitted(count: number): this {
    this.omittedItems += count;
    return this;
  }

  toString(): string {
    const body = this.parts.join('');
    if (this.omittedItems === 0 && !this.truncated) return body;
    return body + this.closing(this.omittedItems);
  }

  private closing(omitted: number): string {
    return `\n${moreLine(omitted, this.resultFile)}\n`;
  }

  private append(text: string): void {
    this.parts.push(text);
    this.used += this.size(text);
  }

  private size(text: string): number {
    return measure(text, this.unit);
  }
}

/**
 * One-call form: the blocks in order, each either required text or a ranked section.
 * Returns the document and how many items were left out.
 */
export function fitSections(
  sections: readonly (string | RankedSection<unknown>)[],
  options: BudgetOptions,
): { text: string; omitted: number } {
  const builder = new BudgetedMarkdown(options);
  for (const section of sections) {
    if (typeof section === 'string') builder.required(section);
    else builder.ranked(section);
  }
  return { text: builder.toString(), omitted: builder.omitted };
}
