/**
 * The JUnit XML reader: tokenizer events in, one TestCaseRecord per <testcase> out.
 *
 * One reader understands the variants real producers write:
 * - Maven Surefire: a <testsuite> root, <properties>, <failure message type>, <error>,
 *   <skipped/>, and for reruns (`rerunFailingTestsCount`) <flakyFailure>/<flakyError> (failed,
 *   then passed on a rerun: the case is reported `passed` with `flaky: true`, never a plain
 *   pass) and <rerunFailure>/<rerunError> next to the final <failure>/<error> (failed every
 *   time: `failed`/`error`). `attempts` counts the runs either way.
 * - jest-junit and vitest: <testsuites> > <testsuite> > <testcase classname name file>.
 * - pytest: <testsuites name="pytest tests"> or a <testsuite name="pytest"> root,
 *   <skipped type="pytest.skip|pytest.xfail">, and with junit_family=xunit1 `file` and `line`
 *   attributes, whose line is 0-based (it is pytest's internal location): it is made 1-based.
 * - go-junit-report: <testsuites> > <testsuite name=package> with <properties>; messages in
 *   CDATA.
 * - Node's test runner: test cases directly under <testsuites>, `todo` as <skipped>.
 * - Ant/Gradle: nested <testsuite> elements, suite-level <system-out>.
 * Outcome: <failure> = failed, <error> = error (both present: the first one decides),
 * <skipped> = skipped unless a failure or error is also there, nothing = passed.
 * Text is decoded only where it is kept: failure and error bodies (capped), and <system-out> /
 * <system-err> of a case that has already failed (producers write the outcome first), capped
 * too and appended to its details. Everything else is skipped unread by the tokenizer.
 */
import type { TestCaseRecord, TestParseSummary, TestSink, TestStatus } from '../model.js';
import { RejectedContent } from '../xml/rejected-content.js';
import type { XmlAttributes } from '../xml/xml-attributes.js';
import type { XmlHandlers } from '../xml/xml-stream-parser.js';
import { CappedText } from './capped-text.js';
import { locateFailure } from './failure-location.js';
import { secondsToMs, secondsValueToMs } from './junit-time.js';

export interface JUnitReadOptions {
  /** Absolute repository root: stack frames outside it are not taken as the failure location. */
  repoRoot?: string;
  /** Characters of failure or error text kept per case. */
  maxDetailsChars?: number;
  /** Characters of system-out and system-err (together) kept per failing case. */
  maxOutputChars?: number;
  /** Characters of the one-line message. */
  maxMessageChars?: number;
  /** Warnings kept; further ones are counted in a last warning. */
  maxWarnings?: number;
}

type Declared = NonNullable<TestParseSummary['declared']>;
type DeclaredKey = keyof Declared;
const DECLARED_KEYS: DeclaredKey[] = ['tests', 'failures', 'errors', 'skipped'];

/** The case being read; one object reused for every <testcase>, so a case allocates only its record. */
interface OpenCase {
  classname: string | undefined;
  name: string;
  durationMs: number | undefined;
  file: string | undefined;
  line: number | undefined;
  status: TestStatus;
  message: string | undefined;
  /** Failure/error body, or the first flaky failure's while the case has not failed. */
  details: CappedText | undefined;
  output: CappedText | undefined;
  flaky: boolean;
  attempts: number;
}

/** Where captured text goes. */
const INTO_NOTHING = 0;
const INTO_DETAILS = 1;
const INTO_OUTPUT = 2;

export class JUnitReader implements XmlHandlers {
  wantText = false;

  private readonly sink: TestSink;
  private readonly maxDetailsChars: number;
  private readonly maxOutputChars: number;
  private readonly maxMessageChars: number;
  private readonly maxWarnings: number;
  private readonly repoRoot: string | undefined;

  private depth = 0;
  private pytest = false;
  private rootDeclared: Partial<Declared> = {};
  private suiteDeclared: Partial<Declared> = {};
  private readonly suites: string[] = [];
  private suitesView: string[] | null = null;
  /** The case being read, or null between cases; `open` is its reused storage. */
  private current: OpenCase | null = null;
  private readonly open: OpenCase = {
    classname: undefined,
    name: '',
    durationMs: undefined,
    file: undefined,
    line: undefined,
    status: 'passed',
    message: undefined,
    details: undefined,
    output: undefined,
    flaky: false,
    attempts: 1,
  };
  private caseDepth = 0;
  /** Where text goes while wantText is on, and the element depth that owns it. */
  private captureInto: number = INTO_NOTHING;
  private captureDepth = 0;
  private cases = 0;
  private readonly warnings: string[] = [];
  private droppedWarnings = 0;

  constructor(sink: TestSink, options: JUnitReadOptions = {}) {
    this.sink = sink;
    this.repoRoot = options.repoRoot;
    this.maxDetailsChars = options.maxDetailsChars ?? 8_192;
    this.maxOutputChars = options.maxOutputChars ?? 4_096;
    this.maxMessageChars = options.maxMessageChars ?? 1_000;
    this.maxWarnings = options.maxWarnings ?? 20;
  }

  openTag(name: string, attributes: XmlAttributes, selfClosing: boolean): void {
    this.depth += 1;
    if (this.depth === 1) this.root(name, attributes);
    const open = this.current;
    if (open === null) {
      if (name === 'testcase') this.startCase(attributes);
      else if (name === 'testsuite') this.startSuite(attributes);
      return;
    }
    const childDepth = this.depth - this.caseDepth;
    if (name === 'testcase') {
      this.warn(`a <testcase> inside the <testcase> '${open.name}' is ignored`);
    } else if (childDepth === 1) {
      this.caseChild(open, name, attributes, selfClosing);
    } else if (childDepth === 2 && name === 'stackTrace' && this.captureInto === INTO_DETAILS && !selfClosing) {
      // Surefire's <flakyFailure>/<rerunFailure> hold their trace in a <stackTrace> child.
      this.captureDepth = this.depth;
    }
    this.updateWantText();
  }

  closeTag(name: string): void {
    if (this.depth === this.captureDepth) {
      // Leaving a <stackTrace> returns to its flaky/rerun element; leaving that ends the capture.
      if (this.captureDepth > this.caseDepth + 1) {
        this.captureDepth -= 1;
      } else {
        this.captureInto = INTO_NOTHING;
        this.captureDepth = 0;
      }
    }
    const open = this.current;
    if (open !== null && this.depth === this.caseDepth) {
      this.emit(open);
      this.current = null;
    } else if (open === null && name === 'testsuite') {
      this.suites.pop();
      this.suitesView = null;
    }
    this.depth -= 1;
    this.updateWantText();
  }

  text(text: string): void {
    const open = this.current;
    if (open === null) return;
    const target = this.captureInto === INTO_DETAILS ? open.details : open.output;
    if (target === undefined || !target.append(text)) this.wantText = false;
  }

  /** What the document claimed and what was wrong with it; call after the parse. */
  summary(): TestParseSummary {
    const warnings = [...this.warnings];
    if (this.droppedWarnings > 0) warnings.push(`${this.droppedWarnings} more warnings not shown`);
    if (this.cases === 0) warnings.push('the report contains no test cases');
    const declared: Partial<Declared> = {};
    for (const key of DECLARED_KEYS) {
      const value = this.rootDeclared[key] ?? this.suiteDeclared[key];
      if (value !== undefined) declared[key] = value;
    }
    return Object.keys(declared).length > 0 ? { format: 'junit', declared, warnings } : { format: 'junit', warnings };
  }

  private root(name: string, attributes: XmlAttributes): void {
    if (name !== 'testsuites' && name !== 'testsuite') {
      throw new RejectedContent(`not a JUnit report: the root element is <${name}>, not <testsuites> or <testsuite>`);
    }
    const suiteName = attributes.get('name');
    this.pytest = suiteName === 'pytest tests' || (name === 'testsuite' && suiteName === 'pytest');
    if (name === 'testsuites') this.rootDeclared = readDeclared(attributes);
  }

  private startSuite(attributes: XmlAttributes): void {
    if (this.suites.length === 0) {
      if (this.pytest === false && attributes.get('name') === 'pytest') this.pytest = true;
      const declared = readDeclared(attributes);
      for (const key of DECLARED_KEYS) {
        const value = declared[key];
        if (value !== undefined) this.suiteDeclared[key] = (this.suiteDeclared[key] ?? 0) + value;
      }
    }
    this.suites.push(attributes.get('name') ?? '');
    this.suitesView = null;
  }

  private startCase(attributes: XmlAttributes): void {
    const open = this.open;
    const name = attributes.get('name');
    if (name === undefined) this.warn('a <testcase> without a name attribute');
    open.name = name ?? '';
    // Consecutive cases mostly share a classname: reuse the previous string when it matches.
    open.classname = attributes.get('classname', open.classname);
    const seconds = attributes.getNumber('time');
    open.durationMs = undefined;
    if (seconds !== undefined) {
      // A NaN is either grouped digits (1,234.5), which secondsToMs reads, or not a duration.
      open.durationMs = Number.isNaN(seconds) ? secondsToMs(attributes.get('time')) : secondsValueToMs(seconds);
      if (open.durationMs === undefined) {
        this.warn(`test case '${open.name}': time '${attributes.get('time') ?? ''}' is not a duration in seconds`);
      }
    }
    open.file = attributes.get('file');
    open.line = undefined;
    const line = open.file === undefined ? undefined : attributes.getNumber('line');
    if (line !== undefined && Number.isInteger(line) && line >= 0) {
      const oneBased = this.pytest ? line + 1 : line;
      if (oneBased > 0) open.line = oneBased;
    }
    open.status = 'passed';
    open.message = undefined;
    open.details = undefined;
    open.output = undefined;
    open.flaky = false;
    open.attempts = 1;
    this.current = open;
    this.caseDepth = this.depth;
  }

  private caseChild(open: OpenCase, name: string, attributes: XmlAttributes, selfClosing: boolean): void {
    switch (name) {
      case 'failure':
      case 'error': {
        const decides = open.status !== 'failed' && open.status !== 'error';
        if (decides) {
          open.status = name === 'failure' ? 'failed' : 'error';
          // A flaky trace collected before the real failure is replaced by the real one.
          open.details = new CappedText(this.maxDetailsChars);
          open.message = this.oneLine(attributes.get('message')) ?? this.oneLine(attributes.get('type'));
          this.capture(INTO_DETAILS, selfClosing);
        }
        return;
      }
      case 'skipped':
        if (open.status === 'passed') {
          open.status = 'skipped';
          open.message = this.oneLine(attributes.get('message'));
        }
        return;
      case 'flakyFailure':
      case 'flakyError':
      case 'rerunFailure':
      case 'rerunError':
        open.attempts += 1;
        if (name.startsWith('flaky')) open.flaky = true;
        if (open.details === undefined) {
          open.details = new CappedText(this.maxDetailsChars);
          open.message = this.oneLine(attributes.get('message')) ?? this.oneLine(attributes.get('type'));
          this.capture(INTO_DETAILS, selfClosing);
        }
        return;
      case 'system-out':
      case 'system-err':
        if ((open.status === 'failed' || open.status === 'error') && !selfClosing) {
          open.output ??= new CappedText(this.maxOutputChars);
          if (!open.output.full) {
            open.output.append(`${open.output.isEmpty ? '' : '\n'}--- ${name} ---\n`);
            this.capture(INTO_OUTPUT, selfClosing);
          }
        }
        return;
      default:
    }
  }

  private capture(into: number, selfClosing: boolean): void {
    if (selfClosing) return;
    this.captureInto = into;
    this.captureDepth = this.depth;
  }

  /** Text is decoded only for the element being captured (not its children) until its cap. */
  private updateWantText(): void {
    const open = this.current;
    if (open === null || this.captureInto === INTO_NOTHING || this.depth !== this.captureDepth) {
      this.wantText = false;
      return;
    }
    const target = this.captureInto === INTO_DETAILS ? open.details : open.output;
    this.wantText = target !== undefined && !target.full;
  }

  private emit(open: OpenCase): void {
    this.cases += 1;
    this.suitesView ??= [...this.suites];
    const record: TestCaseRecord = { suites: this.suitesView, name: open.name, status: open.status };
    if (open.classname !== undefined) record.classname = open.classname;
    if (open.durationMs !== undefined) record.durationMs = open.durationMs;
    if (open.flaky && open.status === 'passed') record.flaky = true;
    if (open.attempts > 1) record.attempts = open.attempts;
    const failing = open.status === 'failed' || open.status === 'error' || record.flaky === true;
    const details = open.details?.toString().trim() ?? '';
    if (open.message !== undefined) record.message = open.message;
    else if (failing && details !== '') record.message = this.oneLine(details);
    if (failing) {
      const output = open.output?.toString() ?? '';
      const combined = output === '' ? details : details === '' ? output : `${details}\n\n${output}`;
      if (combined !== '') record.details = combined;
      const location = locateFailure(details, {
        classname: open.classname,
        file: open.file,
        line: open.line,
        repoRoot: this.repoRoot,
      });
      if (location) {
        record.file = location.file;
        if (location.line !== undefined) record.line = location.line;
      }
    } else if (open.file !== undefined) {
      record.file = open.file;
      if (open.line !== undefined) record.line = open.line;
    }
    this.sink(record);
  }

  /** The first non-empty line, capped: messages are shown on one line. */
  private oneLine(text: string | undefined): string | undefined {
    if (text === undefined) return undefined;
    const line = text
      .split('\n', 50)
      .map((l) => l.trim())
      .find((l) => l !== '');
    if (line === undefined) return undefined;
    return line.length > this.maxMessageChars ? `${line.slice(0, this.maxMessageChars)}…` : line;
  }

  private warn(message: string): void {
    if (this.warnings.length < this.maxWarnings) this.warnings.push(message);
    else this.droppedWarnings += 1;
  }
}

function readDeclared(attributes: XmlAttributes): Partial<Declared> {
  const declared: Partial<Declared> = {};
  for (const key of DECLARED_KEYS) {
    const text = attributes.get(key) ?? (key === 'skipped' ? attributes.get('skip') : undefined);
    if (text !== undefined && /^\d+$/.test(text)) declared[key] = Number(text);
  }
  return declared;
}
