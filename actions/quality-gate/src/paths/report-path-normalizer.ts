/**
 * Normalises every path of one report and remembers what it dropped, so the report yields one
 * warning naming it ("coverage/lcov.info: 3 file paths dropped: ...") rather than one per path.
 * Results are cached per raw path: a report names each file once, but merged LCOV files and
 * Cobertura classes repeat them.
 */
import type { DropReason, ReportPathContext } from './normalize-report-path.js';
import { normalizeReportPath } from './normalize-report-path.js';

const REASON_TEXT: Record<DropReason, string> = {
  'nul-byte': 'containing a NUL byte',
  empty: 'empty',
  'escapes-repository': "climbing out of the repository with '..'",
  'outside-workspace': 'absolute outside the workspace (no repository file list to match them against)',
  'not-in-repository': 'matching no repository file',
  ambiguous: 'matching several repository files',
};

/** Examples quoted per reason: enough to recognise the pattern, bounded for hostile reports. */
const EXAMPLES_PER_REASON = 3;
const EXAMPLE_CHARS = 200;

export class ReportPathNormalizer {
  private readonly cache = new Map<string, string | undefined>();
  private readonly dropped = new Map<DropReason, { count: number; examples: string[] }>();

  /** @param reportName how the warning names the report, e.g. its workspace-relative path */
  constructor(
    private readonly reportName: string,
    private context: ReportPathContext,
  ) {}

  /** Source roots become known while the report streams (Cobertura `<sources>` precede classes). */
  setSourceRoots(roots: readonly string[]): void {
    this.context = { ...this.context, sourceRoots: roots };
    this.cache.clear();
  }

  /** The repository-relative path, or undefined when the path is dropped. */
  normalize(raw: string): string | undefined {
    if (this.cache.has(raw)) return this.cache.get(raw);
    const result = normalizeReportPath(raw, this.context);
    const path = result.ok ? result.path : undefined;
    if (!result.ok) this.recordDrop(result.reason, raw);
    this.cache.set(raw, path);
    return path;
  }

  get droppedCount(): number {
    let total = 0;
    for (const { count } of this.dropped.values()) total += count;
    return total;
  }

  /** One warning for the whole report, or none when nothing was dropped. */
  warnings(): string[] {
    if (this.dropped.size === 0) return [];
    const parts = [...this.dropped.entries()].map(([reason, { count, examples }]) => {
      const quoted = examples.map((e) => JSON.stringify(e)).join(', ');
      return `${count} ${REASON_TEXT[reason]} (${quoted}${count > examples.length ? ', ...' : ''})`;
    });
    const total = this.droppedCount;
    return [`${this.reportName}: ${total} file path${total === 1 ? '' : 's'} dropped: ${parts.join('; ')}`];
  }

  private recordDrop(reason: DropReason, raw: string): void {
    let entry = this.dropped.get(reason);
    if (!entry) {
      entry = { count: 0, examples: [] };
      this.dropped.set(reason, entry);
    }
    entry.count += 1;
    if (entry.examples.length < EXAMPLES_PER_REASON) {
      // NUL and other control characters are shown escaped, and long paths cut.
      const shown = raw.length > EXAMPLE_CHARS ? `${raw.slice(0, EXAMPLE_CHARS)}...` : raw;
      entry.examples.push(shown);
    }
  }
}
