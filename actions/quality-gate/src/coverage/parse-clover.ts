/**
 * Clover XML (OpenClover, PHPUnit, Kover, and Istanbul's clover reporter), streamed.
 *
 *   coverage/project
 *     metrics[statements coveredstatements conditionals coveredconditionals methods coveredmethods]
 *     [package[name]/]file[name path]
 *       metrics[...]                          the file's own counts
 *       line[num type=stmt count]             a statement
 *       line[num type=cond truecount falsecount]   a condition (see clover-branch-reading.ts)
 *       line[num type=method count signature|name] a method entry, not a line
 *
 * A line is executable when a `stmt` or `cond` element is on it; its hits are the largest count
 * there (`count`, or for a cond without one, truecount + falsecount). `testproject` (OpenClover's
 * coverage of the tests themselves) is skipped. The project metrics are the producer's totals:
 * statements, conditionals, methods; they are also its line totals only for Istanbul's reporter,
 * which writes one element per line (recognised by its branch reading), so only then is
 * `linesFound`/`linesHit` set.
 */
import type { CoverageParseSummary, CoverageSink, ProducerTotals } from '../model.js';
import { RejectedContent, type XmlAttributes, type XmlHandlers } from '../xml/index.js';
import { branchesUnder, provenReading, type CloverBranchReading, type CondLine } from './clover-branch-reading.js';
import { FileCoverageBuilder } from './file-coverage-builder.js';
import { NEGATIVE_COUNT } from './hit-count.js';
import type { CoverageParseOptions } from './parse-options.js';
import type { ReportWarnings } from './report-warnings.js';
import { countAttribute, lineAttribute, usableCount } from './xml-attribute-numbers.js';
import { parseXmlReport, type XmlReportInput } from './xml-report-input.js';

export async function parseCloverFile(
  path: string,
  sink: CoverageSink,
  options: CoverageParseOptions = {},
): Promise<CoverageParseSummary> {
  return parseClover({ path }, sink, { ...options, name: options.name ?? path });
}

export async function parseClover(
  input: XmlReportInput,
  sink: CoverageSink,
  options: CoverageParseOptions & { name: string },
): Promise<CoverageParseSummary> {
  return parseXmlReport(input, options, (warnings) => new CloverReader(sink, warnings));
}

interface StatedMetrics {
  statements?: number;
  coveredStatements?: number;
  conditionals?: number;
  coveredConditionals?: number;
  methods?: number;
  coveredMethods?: number;
}

interface OpenFile {
  builder: FileCoverageBuilder;
  conds: CondLine[];
  elements: number;
  stated: StatedMetrics;
}

class CloverReader implements XmlHandlers {
  private readonly stack: string[] = [];
  private projectMetrics: StatedMetrics | undefined;
  private packagePath = '';
  private inTestProject = false;
  private openFile: OpenFile | undefined;
  private reading: CloverBranchReading | undefined;
  private oneElementPerLine = true;
  private files = 0;

  constructor(
    private readonly sink: CoverageSink,
    private readonly warnings: ReportWarnings,
  ) {}

  openTag(name: string, attributes: XmlAttributes): void {
    const parent = this.stack[this.stack.length - 1];
    this.stack.push(name);
    if (parent === undefined) {
      if (name !== 'coverage') {
        throw new RejectedContent(`is not a Clover report: the root element is <${name}>, not <coverage>`);
      }
      return;
    }
    if (parent === 'coverage' && (name === 'packages' || name === 'sources')) {
      throw new RejectedContent(`is a Cobertura report (<coverage><${name}>), not Clover`);
    }
    if (name === 'testproject') this.inTestProject = true;
    if (this.inTestProject) return;
    switch (name) {
      case 'metrics':
        if (parent === 'project') this.projectMetrics = statedMetrics(attributes);
        else if (parent === 'file' && this.openFile) this.openFile.stated = statedMetrics(attributes);
        return;
      case 'package':
        this.packagePath = (attributes.get('name') ?? '').replace(/\./g, '/');
        return;
      case 'file':
        return this.openFileTag(attributes);
      case 'line':
        if (parent === 'file') this.lineTag(attributes);
        return;
    }
  }

  closeTag(name: string): void {
    this.stack.pop();
    if (name === 'testproject') {
      this.inTestProject = false;
      return;
    }
    if (this.inTestProject) return;
    if (name === 'file') this.closeFile();
    else if (name === 'package') this.packagePath = '';
  }

  summary(): CoverageParseSummary {
    if (this.files === 0) this.warnings.add('has no files (<file>): no coverage data');
    const summary: CoverageParseSummary = { format: 'clover', files: this.files, warnings: this.warnings.list() };
    const m = this.projectMetrics;
    if (m) {
      const totals: ProducerTotals = {};
      if (m.statements !== undefined) totals.statementsFound = m.statements;
      if (m.coveredStatements !== undefined) totals.statementsHit = m.coveredStatements;
      if (m.conditionals !== undefined) totals.branchesFound = m.conditionals;
      if (m.coveredConditionals !== undefined) totals.branchesHit = m.coveredConditionals;
      if (m.methods !== undefined) totals.functionsFound = m.methods;
      if (m.coveredMethods !== undefined) totals.functionsHit = m.coveredMethods;
      if (this.reading === 'covered-and-missed' && this.oneElementPerLine) {
        if (m.statements !== undefined) totals.linesFound = m.statements;
        if (m.coveredStatements !== undefined) totals.linesHit = m.coveredStatements;
      }
      summary.producerTotals = totals;
    }
    return summary;
  }

  private openFileTag(attributes: XmlAttributes): void {
    const path = attributes.get('path');
    const name = attributes.get('name');
    let filePath = path !== undefined && path !== '' ? path : name;
    if (filePath === undefined || filePath === '') {
      this.warnings.add('file without path or name; skipped');
      this.openFile = undefined;
      return;
    }
    // OpenClover without `path`: `name` is the bare file name inside its package directory.
    if (filePath === name && this.packagePath !== '' && !filePath.includes('/') && !filePath.includes('\\')) {
      filePath = `${this.packagePath}/${filePath}`;
    }
    this.openFile = {
      builder: new FileCoverageBuilder(filePath, { lines: 'max', branches: 'sum' }),
      conds: [],
      elements: 0,
      stated: {},
    };
  }

  private lineTag(attributes: XmlAttributes): void {
    const file = this.openFile;
    if (!file) return;
    const line = lineAttribute(attributes, 'num');
    const type = attributes.get('type');
    if (line === undefined) {
      this.warnings.add(`line with num=${JSON.stringify(attributes.get('num'))} in ${file.builder.path} ignored`);
      return;
    }
    const count = this.count(attributes, 'count', file, line);
    if (type === 'method') {
      const name = attributes.get('signature') ?? attributes.get('name') ?? `method at line ${line}`;
      file.builder.addFunction(name, line, count ?? 0);
      return;
    }
    if (type === 'cond') {
      const trueCount = this.count(attributes, 'truecount', file, line) ?? 0;
      const falseCount = this.count(attributes, 'falsecount', file, line) ?? 0;
      file.conds.push({ line, trueCount, falseCount });
      file.elements += 1;
      file.builder.addLine(line, count ?? trueCount + falseCount);
      return;
    }
    if (type !== 'stmt' && type !== undefined) {
      this.warnings.add(`line ${line} of ${file.builder.path} has unknown type ${JSON.stringify(type)}; ignored`);
      return;
    }
    if (count === undefined) {
      this.warnings.add(`statement on line ${line} of ${file.builder.path} without a count ignored`);
      return;
    }
    file.elements += 1;
    file.builder.addLine(line, count);
  }

  private count(attributes: XmlAttributes, name: string, file: OpenFile, line: number): number | undefined {
    const value = countAttribute(attributes, name);
    if (value === NEGATIVE_COUNT) this.warnings.add(`negative ${name} on line ${line} of ${file.builder.path} counted as 0`);
    else if (value !== undefined && Number.isNaN(value)) {
      this.warnings.add(`${name}=${JSON.stringify(attributes.get(name))} on line ${line} of ${file.builder.path} is not a number`);
    }
    return usableCount(value);
  }

  private closeFile(): void {
    const file = this.openFile;
    this.openFile = undefined;
    if (!file) return;
    this.reading = provenReading(file.conds, file.stated) ?? this.reading;
    const reading = this.reading ?? 'two-outcomes';
    for (const cond of file.conds) {
      const { covered, total } = branchesUnder(reading, cond);
      if (total > 0) file.builder.addBranches(cond.line, covered, total);
    }
    const record = file.builder.toRecord();
    if (record.lines.length !== file.elements) this.oneElementPerLine = false;
    this.sink(record);
    this.files += 1;
  }
}

function statedMetrics(attributes: XmlAttributes): StatedMetrics {
  const read = (name: string): number | undefined => usableCount(countAttribute(attributes, name));
  return {
    statements: read('statements'),
    coveredStatements: read('coveredstatements'),
    conditionals: read('conditionals'),
    coveredConditionals: read('coveredconditionals'),
    methods: read('methods'),
    coveredMethods: read('coveredmethods'),
  };
}
