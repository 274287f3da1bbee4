/**
 * JaCoCo XML (`jacoco.xml` from the Maven and Gradle plugins and the CLI), streamed.
 *
 *   <!DOCTYPE report PUBLIC "-//JACOCO//DTD Report 1.1//EN" "report.dtd">   (never fetched)
 *   report
 *     [group ...]                           multi-module reports nest packages in groups
 *     package[name="com/acme"]
 *       class[name sourcefilename]/method[name line]/counter[type=METHOD missed covered]
 *       sourcefile[name]/line[nr mi ci mb cb]
 *     counter[type=LINE|BRANCH|METHOD missed covered]  direct children of report: the totals
 *
 * A file's path is `package/sourcefile` (`com/acme/Foo.java`), which path normalisation matches
 * to `src/main/java/com/acme/Foo.java` by suffix. A line is executable when it has instructions
 * and covered when any of them ran (`ci > 0`), as JaCoCo's own LINE counter counts; JaCoCo
 * records no execution counts, so a covered line has 1 hit. Branches are `mb + cb` with `cb`
 * covered. Functions come from the class elements, which precede the source files in a package;
 * they are held per package only.
 */
import type { CoverageParseSummary, CoverageSink, ProducerTotals } from '../model.js';
import { RejectedContent, type XmlAttributes, type XmlHandlers } from '../xml/index.js';
import { FileCoverageBuilder } from './file-coverage-builder.js';
import type { CoverageParseOptions } from './parse-options.js';
import type { ReportWarnings } from './report-warnings.js';
import { countAttribute, lineAttribute, usableCount } from './xml-attribute-numbers.js';
import { parseXmlReport, type XmlReportInput } from './xml-report-input.js';

export async function parseJacocoFile(
  path: string,
  sink: CoverageSink,
  options: CoverageParseOptions = {},
): Promise<CoverageParseSummary> {
  return parseJacoco({ path }, sink, { ...options, name: options.name ?? path });
}

export async function parseJacoco(
  input: XmlReportInput,
  sink: CoverageSink,
  options: CoverageParseOptions & { name: string },
): Promise<CoverageParseSummary> {
  return parseXmlReport(input, options, (warnings) => new JacocoReader(sink, warnings));
}

interface JacocoMethod {
  name: string;
  line: number;
  covered: boolean;
}

const TOTAL_FIELDS: Record<string, [keyof ProducerTotals, keyof ProducerTotals]> = {
  LINE: ['linesFound', 'linesHit'],
  BRANCH: ['branchesFound', 'branchesHit'],
  METHOD: ['functionsFound', 'functionsHit'],
};

class JacocoReader implements XmlHandlers {
  private readonly stack: string[] = [];
  private readonly totals: ProducerTotals = {};
  private readonly packages: string[] = [];
  private packageName = '';
  /** Methods of the open package's classes, by source file name. */
  private methods = new Map<string, JacocoMethod[]>();
  private openClass: { simpleName: string; sourceFile: string | undefined } | undefined;
  private openMethod: JacocoMethod | undefined;
  private openFile: FileCoverageBuilder | undefined;
  private files = 0;

  constructor(
    private readonly sink: CoverageSink,
    private readonly warnings: ReportWarnings,
  ) {}

  openTag(name: string, attributes: XmlAttributes): void {
    const parent = this.stack[this.stack.length - 1];
    this.stack.push(name);
    if (parent === undefined) {
      if (name !== 'report') {
        throw new RejectedContent(`is not a JaCoCo report: the root element is <${name}>, not <report>`);
      }
      return;
    }
    switch (name) {
      case 'package':
        this.packageName = (attributes.get('name') ?? '').replace(/\./g, '/').replace(/^\/+|\/+$/g, '');
        this.packages.push(this.packageName);
        this.methods = new Map();
        return;
      case 'class': {
        const className = attributes.get('name') ?? '';
        this.openClass = {
          simpleName: className.slice(className.lastIndexOf('/') + 1),
          sourceFile: attributes.get('sourcefilename'),
        };
        return;
      }
      case 'method':
        if (this.openClass && parent === 'class') {
          this.openMethod = {
            name: `${this.openClass.simpleName}.${attributes.get('name') ?? '?'}`,
            line: lineAttribute(attributes, 'line') ?? 0,
            covered: false,
          };
        }
        return;
      case 'counter':
        return this.counterTag(parent, attributes);
      case 'sourcefile': {
        const fileName = attributes.get('name');
        if (fileName === undefined || fileName === '') {
          this.warnings.add('sourcefile without a name; skipped');
          this.openFile = undefined;
          return;
        }
        const path = this.packageName === '' ? fileName : `${this.packageName}/${fileName}`;
        this.openFile = new FileCoverageBuilder(path, { lines: 'max', branches: 'max' });
        return;
      }
      case 'line':
        if (parent === 'sourcefile') this.lineTag(attributes);
        return;
    }
  }

  closeTag(name: string): void {
    this.stack.pop();
    switch (name) {
      case 'method':
        if (this.openMethod && this.openClass?.sourceFile !== undefined) {
          const list = this.methods.get(this.openClass.sourceFile);
          if (list) list.push(this.openMethod);
          else this.methods.set(this.openClass.sourceFile, [this.openMethod]);
        }
        this.openMethod = undefined;
        return;
      case 'class':
        this.openClass = undefined;
        return;
      case 'sourcefile':
        this.closeSourceFile();
        return;
      case 'package':
        this.packageName = '';
        this.methods = new Map();
        return;
    }
  }

  summary(): CoverageParseSummary {
    if (this.files === 0) this.warnings.add('has no source files (<sourcefile>): no coverage data');
    const summary: CoverageParseSummary = { format: 'jacoco', files: this.files, warnings: this.warnings.list() };
    if (Object.keys(this.totals).length > 0) summary.producerTotals = this.totals;
    if (this.packages.length > 0) summary.sourceRoots = [...new Set(this.packages)];
    return summary;
  }

  private counterTag(parent: string, attributes: XmlAttributes): void {
    const type = attributes.get('type') ?? '';
    if (parent === 'method' && this.openMethod && type === 'METHOD') {
      this.openMethod.covered = (usableCount(countAttribute(attributes, 'covered')) ?? 0) > 0;
      return;
    }
    const fields = TOTAL_FIELDS[type];
    if (parent !== 'report' || !fields) return;
    const missed = usableCount(countAttribute(attributes, 'missed'));
    const covered = usableCount(countAttribute(attributes, 'covered'));
    if (missed === undefined || covered === undefined) {
      this.warnings.add(`report counter ${type} without numeric missed/covered ignored`);
      return;
    }
    this.totals[fields[0]] = missed + covered;
    this.totals[fields[1]] = covered;
  }

  private lineTag(attributes: XmlAttributes): void {
    const file = this.openFile;
    if (!file) return;
    const line = lineAttribute(attributes, 'nr');
    const mi = usableCount(countAttribute(attributes, 'mi'));
    const ci = usableCount(countAttribute(attributes, 'ci'));
    if (line === undefined || mi === undefined || ci === undefined) {
      this.warnings.add(`line with nr=${JSON.stringify(attributes.get('nr'))} in ${file.path} ignored`);
      return;
    }
    if (mi + ci === 0) return; // no instructions: not executable
    file.addLine(line, ci > 0 ? 1 : 0);
    const mb = usableCount(countAttribute(attributes, 'mb')) ?? 0;
    const cb = usableCount(countAttribute(attributes, 'cb')) ?? 0;
    if (mb + cb > 0) file.addBranches(line, cb, mb + cb);
  }

  private closeSourceFile(): void {
    const file = this.openFile;
    this.openFile = undefined;
    if (!file) return;
    const sourceName = file.path.slice(file.path.lastIndexOf('/') + 1);
    for (const method of this.methods.get(sourceName) ?? []) file.addFunction(method.name, method.line, method.covered ? 1 : 0);
    this.sink(file.toRecord());
    this.files += 1;
  }
}
