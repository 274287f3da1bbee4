/**
 * Where a failing test failed, from the stack trace in its report, for annotations on the line.
 *
 * Heuristics, in order:
 * 1. When the test case names its file (jest-junit, pytest and Node's `file` attribute), a stack
 *    frame in that same file gives the line (the failing assertion, better than the line of the
 *    test's definition); otherwise the case's own `line` attribute; otherwise the first project
 *    frame below; otherwise the file alone.
 * 2. Otherwise the first frame of the trace that points into the project. Frame shapes:
 *    - V8 (Node, jest, mocha):  `at fn (path:line:col)`, `at path:line:col`, `file://` URLs;
 *    - vitest:                  `❯ path:line:col` (optionally `❯ fn path:line:col`);
 *    - Python traceback:        `File "path", line N`;
 *    - pytest's long trace:     `path.py:N: ExceptionType` at the start of a line;
 *    - Java/Kotlin (Surefire):  `at pkg.Class.method(File.java:N)`: the path is the package as
 *      directories plus the file name (`com/acme/FooTest.java`; the source root such as
 *      `src/test/java` is unknown here and left to path normalisation, which matches suffixes).
 *      A frame of the test's own class (the `classname`, nested classes included) is preferred;
 *    - Go (`go test`, go-junit-report): `file_test.go:N: message`; Go prints the base name
 *      only, so it is joined to the package import path from the `classname` when that looks
 *      like one (`github.com/acme/svc/calc/calc_test.go`), again for suffix matching.
 * A frame "points into the project" when it is not a runtime or library frame: no
 * `node_modules`, `node:` or `internal/`, no Python `site-packages`/`dist-packages`/stdlib or
 * pytest internals, no Go toolchain or module cache, no JDK or test-framework package; and,
 * when `repoRoot` is given, an absolute path must lie under it.
 */
import { fileURLToPath } from 'node:url';

export interface FailureLocation {
  file: string;
  line?: number;
}

export interface LocationHints {
  /** The test case's `classname` (Java class, Go package, Python module...). */
  classname?: string;
  /** The test case's `file` and `line` attributes, when the producer wrote them. */
  file?: string;
  line?: number;
  /** Absolute repository root; absolute frames outside it are not the project's. */
  repoRoot?: string;
}

interface Frame {
  file: string;
  line: number;
  /** Java frames: the declaring class, for preferring the test's own class. */
  className?: string;
}

const V8_FRAME = /^\s*at (?:.*? \()?((?:file:\/\/)?[^\s()]+?):(\d+):\d+\)?\s*$/;
const VITEST_FRAME = /^\s*❯ (?:\S+ )?((?:file:\/\/)?[^\s()]+?):(\d+):\d+\s*$/;
const PYTHON_FRAME = /^\s*File "([^"]+)", line (\d+)/;
const PYTEST_FRAME = /^(\S+\.py):(\d+):(?:\s|$)/;
const JAVA_FRAME = /^\s*at ((?:[\w$]+\.)*[\w$]+)\.[\w$<>]+\(([\w$-]+\.(?:java|kt|groovy|scala)):(\d+)\)/;
const GO_FRAME = /^\s*([^\s:]+\.go):(\d+)(?::| \+0x)/;

const LIBRARY_PATH =
  /(?:^|[\\/])(?:node_modules|site-packages|dist-packages|_pytest|pluggy|pkg[\\/]mod)[\\/]|^node:|^internal[\\/]|^<|^\/usr\/(?:local\/)?lib\/|^\/usr\/local\/go\/|^\/opt\/hostedtoolcache\/|^(?:testing|runtime)\/\w+\.go$/;
const LIBRARY_CLASS =
  /^(?:java|javax|jdk|sun|com\.sun|kotlin|kotlinx|scala|groovy|org\.codehaus\.groovy|org\.junit|junit|org\.opentest4j|org\.assertj|org\.hamcrest|org\.mockito|org\.testng|org\.spockframework|org\.apache\.maven|org\.gradle|worker\.org\.gradle|org\.springframework)\./;

/** At most this many lines of a trace are examined: the interesting frames come first. */
const MAX_LINES = 400;

export function locateFailure(text: string, hints: LocationHints = {}): FailureLocation | undefined {
  const frames = projectFrames(text, hints);
  if (hints.file) {
    const same = frames.find((frame) => sameFile(frame.file, hints.file as string));
    if (same) return { file: hints.file, line: same.line };
    if (hints.line !== undefined) return { file: hints.file, line: hints.line };
  }
  const own = hints.classname
    ? frames.find((frame) => isOwnClass(frame.className, hints.classname as string))
    : undefined;
  const first = own ?? frames[0];
  if (first) return { file: first.file, line: first.line };
  return hints.file ? { file: hints.file } : undefined;
}

function projectFrames(text: string, hints: LocationHints): Frame[] {
  const frames: Frame[] = [];
  const lines = text.split('\n', MAX_LINES);
  for (const line of lines) {
    const frame = parseFrame(line, hints.classname);
    if (frame && isProjectFrame(frame, hints.repoRoot)) frames.push(frame);
  }
  return frames;
}

function parseFrame(text: string, classname: string | undefined): Frame | undefined {
  let match = JAVA_FRAME.exec(text);
  if (match) {
    const className = match[1] as string;
    const packagePath = className.split('.').slice(0, -1).join('/');
    const file = packagePath === '' ? (match[2] as string) : `${packagePath}/${match[2] as string}`;
    return { file, line: Number(match[3]), className };
  }
  match = V8_FRAME.exec(text) ?? VITEST_FRAME.exec(text) ?? PYTHON_FRAME.exec(text) ?? PYTEST_FRAME.exec(text);
  if (match) return { file: filePath(match[1] as string), line: Number(match[2]) };
  match = GO_FRAME.exec(text);
  if (match) return { file: goPath(match[1] as string, classname), line: Number(match[2]) };
  return undefined;
}

function filePath(text: string): string {
  if (!text.startsWith('file://')) return text;
  try {
    return fileURLToPath(text);
  } catch {
    return text;
  }
}

/** Go prints base names; an import-path classname (`github.com/acme/svc/calc`) places them. */
function goPath(file: string, classname: string | undefined): string {
  if (file.includes('/') || !classname || !/^[\w.-]+(?:\/[\w.-]+)+$/.test(classname)) return file;
  return `${classname}/${file}`;
}

function isProjectFrame(frame: Frame, repoRoot: string | undefined): boolean {
  if (frame.className !== undefined) return !LIBRARY_CLASS.test(frame.className);
  if (!Number.isInteger(frame.line) || frame.line < 1) return false;
  const file = frame.file.replaceAll('\\', '/');
  if (LIBRARY_PATH.test(file)) return false;
  if (repoRoot && isAbsolute(file)) {
    const root = repoRoot.replaceAll('\\', '/').replace(/\/+$/, '');
    return file.startsWith(`${root}/`);
  }
  return true;
}

function isAbsolute(file: string): boolean {
  return file.startsWith('/') || /^[A-Za-z]:\//.test(file);
}

function sameFile(frameFile: string, caseFile: string): boolean {
  const a = frameFile.replaceAll('\\', '/').replace(/^\.\//, '');
  const b = caseFile.replaceAll('\\', '/').replace(/^\.\//, '');
  return a === b || a.endsWith(`/${b}`) || b.endsWith(`/${a}`);
}

function isOwnClass(frameClass: string | undefined, classname: string): boolean {
  return frameClass !== undefined && (frameClass === classname || frameClass.startsWith(`${classname}$`));
}
