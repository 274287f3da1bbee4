/**
 * Inline suppressions: `# elder-ignore[rule-id]: reason` (or `// elder-ignore[...]`) on the
 * finding's line or the line above it. Several ids may be listed, comma-separated. A comment
 * without a reason is not honoured (and is reported), because a waiver must say why.
 */
export interface InlineSuppression {
  file: string;
  /** 1-based line of the comment. */
  line: number;
  rules: string[];
  reason: string;
}

export interface IgnoredSuppression {
  file: string;
  line: number;
  problem: string;
}

const MARKER = /(?:#|\/\/)\s*elder-ignore\[([^\]]*)\](?:\s*:\s*(.*))?$/;

export function parseInlineSuppressions(
  file: string,
  text: string,
): { suppressions: InlineSuppression[]; ignored: IgnoredSuppression[] } {
  const suppressions: InlineSuppression[] = [];
  const ignored: IgnoredSuppression[] = [];
  text.split(/\r?\n/).forEach((content, index) => {
    if (!content.includes('elder-ignore')) return;
    const match = MARKER.exec(content);
    if (match === null) return;
    const rules = (match[1] ?? '')
      .split(',')
      .map((rule) => rule.trim())
      .filter((rule) => rule !== '');
    const reason = (match[2] ?? '').trim();
    if (rules.length === 0) ignored.push({ file, line: index + 1, problem: 'elder-ignore names no rule' });
    else if (reason === '')
      ignored.push({ file, line: index + 1, problem: `elder-ignore[${rules.join(', ')}] has no reason` });
    else suppressions.push({ file, line: index + 1, rules, reason });
  });
  return { suppressions, ignored };
}

/** The suppression covering a finding of `rule` at `line`: on that line or the line above. */
export function suppressionFor(
  suppressions: readonly InlineSuppression[],
  rule: string,
  line: number,
): InlineSuppression | undefined {
  return suppressions.find((s) => (s.line === line || s.line === line - 1) && s.rules.includes(rule));
}
