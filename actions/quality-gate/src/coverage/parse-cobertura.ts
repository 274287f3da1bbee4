/**
 * Cobertura XML (coverage.py, gcovr, coverlet, Istanbul, many others), streamed.
 *
 *   coverage[lines-valid lines-covered branches-valid branches-covered]
 *     sources/source            roots that relative `filename`s are under
 *     packages/package/classes/class[filename]
 *       methods/method[name hits]/lines/line   a method's own lines (for functions only)
 *       lines/line[number hits branch condition-coverage="50% (1/2)"]
 *
 * Only a class's own `lines` count as lines: method lines repeat them. Several classes of one
 * file (inner and compiler-generated classes) merge into one record, a repeated line keeping
 * its larger count. Classes of a file are met within one package, so records are held until the
 * package closes and no longer: memory is bounded by the largest package, not the report. (A
 * file whose classes are spread over two packages reaches the sink twice; the store merges it.)
 * The root's lines-valid/lines-covered and branches-valid/branches-covered are the producer's
 * totals.
 */
import type { CoverageParseSummary, CoverageSink, ProducerTotals } from '../model.js';
import { RejectedContent, type XmlAttributes, type XmlHandlers } from '../xml/index.js';
import { FileCoverageBuilder } from './file-coverage-builder.js';
import { NEGATIVE_COUNT } from './hit-count.js';
import type { CoverageParseOptions } from './parse-options.js';
import type { ReportWarnings } from './report-warnings.js';
import {
  countAttribute,
  lineAttribute,
  parseConditionCoverage,
  usableCount,
} from './xml-attribute-numbers.js';
import { parseXmlReport, type XmlReportInput } from './xml-report-input.js';

export async function parseCoberturaFile(
  path: string,
  sink: CoverageSink,
  options: CoverageParseOptions = {},
): Promise<CoverageParseSummary> {
  return parseCobertura({ path }, sink, { ...options, name: options.name ?? path });
}

export async function parseCobertura(
  input: XmlReportInput,
  sink: CoverageSink,
  options: CoverageParseOptions & { name: string },
): Promise<CoverageParseSummary> {
  return parseXmlReport(input, options, (warnings) => new CoberturaReader(sink, options, warnings));
}

interface OpenClass {
  builder: FileCoverageBuilder;
  ownLines: number;
  /** Lines under methods, used only if the class lists no lines of its own. */
  methodLines: { line: number; hits: number }[];
}

interface OpenMethod {
  name: string;
  hits: number | undefined;
  line: number | undefined;
  lineHits: number | undefined;
}

class CoberturaReader implements XmlHandlers {
  wantText = false;
  private readonly stack: string[] = [];
  private readonly totals: ProducerTotals = {};
  private roots: string[] | undefined;
  private sourceText: string[] | undefined;
  private pending = new Map<string, FileCoverageBuilder>();
  private openClass: OpenClass | undefined;
  private openMethod: OpenMethod | undefined;
  private files = 0;
  private rootsAnnounced = false;

  constructor(
    private readonly sink: CoverageSink,
    private readonly options: CoverageParseOptions & { name: string },
    private readonly warnings: ReportWarnings,
  ) {}

  openTag(name: string, attributes: XmlAttributes): void {
    const parent = this.stack[this.stack.length - 1];
    this.stack.push(name);
    if (parent === undefined) return this.openRoot(name, attributes);
    switch (name) {
      case 'source':
        if (parent === 'sources') {
          this.sourceText = [];
          this.wantText = true;
        }
        return;
      case 'project':
        if (parent === 'coverage') throw new RejectedContent('is a Clover report (<coverage><project>), not Cobertura');
        return;
      case 'class':
        return this.openClassTag(attributes);
      case 'method':
        if (this.openClass && parent === 'methods') {
          this.openMethod = {
            name: attributes.get('name') ?? '(anonymous)',
            hits: usableCount(countAttribute(attributes, 'hits')),
            line: undefined,
            lineHits: undefined,
          };
        }
        return;
      case 'line':
        if (parent === 'lines') this.lineTag(attributes);
        return;
    }
  }

  text(text: string): void {
    this.sourceText?.push(text);
  }

  closeTag(name: string): void {
    this.stack.pop();
    switch (name) {
      case 'source':
        if (this.sourceText) {
          const root = this.sourceText.join('').trim();
          if (root !== '') (this.roots ??= []).push(root);
          this.sourceText = undefined;
          this.wantText = false;
        }
        return;
      case 'sources':
        this.announceRoots();
        return;
      case 'method':
        this.closeMethod();
        return;
      case 'class':
        this.closeClass();
        return;
      case 'package':
      case 'coverage':
        this.flushPending();
        return;
    }
  }

  summary(): CoverageParseSummary {
    this.flushPending();
    if (this.files === 0) this.warnings.add('has no classes with a filename: no coverage data');
    const summary: CoverageParseSummary = { format: 'cobertura', files: this.files, warnings: this.warnings.list() };
    if (Object.keys(this.totals).length > 0) summary.producerTotals = this.totals;
    if (this.roots) summary.sourceRoots = this.roots;
    return summary;
  }

  private openRoot(name: string, attributes: XmlAttributes): void {
    if (name !== 'coverage') {
      throw new RejectedContent(`is not a Cobertura report: the root element is <${name}>, not <coverage>`);
    }
    const read = (attribute: string, into: keyof ProducerTotals): void => {
      const value = usableCount(countAttribute(attributes, attribute));
      if (value !== undefined) this.totals[into] = value;
    };
    read('lines-valid', 'linesFound');
    read('lines-covered', 'linesHit');
    read('branches-valid', 'branchesFound');
    read('branches-covered', 'branchesHit');
  }

  private openClassTag(attributes: XmlAttributes): void {
    const filename = attributes.get('filename');
    if (filename === undefined || filename.trim() === '') {
      this.warnings.add(`class ${JSON.stringify(attributes.get('name') ?? '?')} has no filename; skipped`);
      this.openClass = undefined;
      return;
    }
    let builder = this.pending.get(filename);
    if (!builder) {
      builder = new FileCoverageBuilder(filename, { lines: 'max', branches: 'max' });
      this.pending.set(filename, builder);
    }
    this.openClass = { builder, ownLines: 0, methodLines: [] };
  }

  private lineTag(attributes: XmlAttributes): void {
    const open = this.openClass;
    if (!open) return;
    const line = lineAttribute(attributes, 'number');
    const hits = countAttribute(attributes, 'hits');
    if (line === undefined || hits === undefined || Number.isNaN(hits)) {
      this.warnings.add(
        `line with number=${JSON.stringify(attributes.get('number'))} hits=${JSON.stringify(attributes.get('hits'))} in ${open.builder.path} ignored`,
      );
      return;
    }
    if (hits === NEGATIVE_COUNT) this.warnings.add(`negative hits on line ${line} of ${open.builder.path} counted as 0`);
    const count = hits === NEGATIVE_COUNT ? 0 : hits;
    const grandparent = this.stack[this.stack.length - 3];
    if (grandparent === 'method') {
      const method = this.openMethod;
      if (method && (method.line === undefined || line < method.line)) {
        method.line = line;
        method.lineHits = count;
      }
      open.methodLines.push({ line, hits: count });
      return;
    }
    if (grandparent !== 'class') return;
    open.ownLines += 1;
    open.builder.addLine(line, count);
    if (attributes.get('branch') === 'true') {
      const condition = parseConditionCoverage(attributes.get('condition-coverage'));
      if (condition) open.builder.addBranches(line, condition.covered, condition.total);
    }
  }

  private closeMethod(): void {
    const method = this.openMethod;
    this.openMethod = undefined;
    if (!method || !this.openClass) return;
    this.openClass.builder.addFunction(method.name, method.line ?? 0, method.hits ?? method.lineHits ?? 0);
  }

  private closeClass(): void {
    const open = this.openClass;
    this.openClass = undefined;
    if (!open || open.ownLines > 0) return;
    for (const { line, hits } of open.methodLines) open.builder.addLine(line, hits);
  }

  private flushPending(): void {
    if (this.pending.size === 0) return;
    this.announceRoots();
    for (const builder of this.pending.values()) {
      this.sink(builder.toRecord());
      this.files += 1;
    }
    this.pending = new Map();
  }

  private announceRoots(): void {
    if (this.rootsAnnounced) return;
    this.rootsAnnounced = true;
    this.options.onSourceRoots?.(this.roots ?? []);
  }
}
