// Accuracy of the workflow checker on the labelled corpus (test/corpus/compliance/workflows,
// labels in its labels.json, format in test/corpus/compliance/README.md). A finding matches a
// label when rule, file and line agree; findings and labels are compared as sets per file, so two
// expressions on one line count once. Prints precision and recall per rule and writes the same
// table to .elder/corpus/workflow-accuracy.md, then asserts the issue's targets: no false
// positive, no false negative, >= 150 files, >= 8 vulnerable and >= 8 safe files per rule, and
// every hostile file skipped with a reason while the rest of the audit still runs.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { auditWorkflowText } from '../../../actions/compliance-audit/src/workflows/audit-workflow-text.js';
import { auditWorkflows } from '../../../actions/compliance-audit/src/workflows/audit-workflows.js';
import { table } from '../../../shared/render/markdown-table.js';
import { writeFileAtomic } from '../../../shared/runtime/atomic-file.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const corpus = join(root, 'test', 'corpus', 'compliance', 'workflows');

const RULES = [
  'workflow/untrusted-input-in-run',
  'workflow/dangerous-trigger',
  'workflow/missing-permissions',
  'workflow/excessive-permissions',
  'workflow/unpinned-action',
  'workflow/secrets-inherit',
  'workflow/persisted-credentials-artifact',
  'workflow/self-hosted-runner-public',
  'workflow/cache-poisoning',
] as const;

interface Label {
  rule: string;
  line: number;
  /** A first-party action (`actions/*`, `github/*`) labelled unpinned, as Scorecard counts it. */
  firstParty?: boolean;
}
interface FileLabels {
  path: string;
  visibility: 'public' | 'private' | 'internal';
  topic: string;
  skipped?: boolean;
  expect: Label[];
}

const labels = (JSON.parse(readFileSync(join(corpus, 'labels.json'), 'utf8')) as { files: Record<string, FileLabels> })
  .files;
const entries = Object.entries(labels);
const audited = entries.filter(([, l]) => !l.skipped);
const hostile = entries.filter(([, l]) => l.skipped);

interface Mismatch {
  kind: 'FP' | 'FN';
  file: string;
  rule: string;
  line: number;
  message?: string;
  firstParty?: boolean;
}

const key = (rule: string, line: number): string => `${rule}\u0000${line}`;

/** Runs the checker on every labelled file and compares. */
function score(): { mismatches: Mismatch[]; tp: Map<string, number>; unexpectedSkips: string[] } {
  const mismatches: Mismatch[] = [];
  const tp = new Map<string, number>();
  const unexpectedSkips: string[] = [];
  for (const [name, label] of audited) {
    const text = readFileSync(join(corpus, name), 'utf8');
    const result = auditWorkflowText(label.path, text, { visibility: label.visibility });
    if (result.skipped) unexpectedSkips.push(`${name}: ${result.skipped.reason}`);
    const expected = new Set(label.expect.map((l) => key(l.rule, l.line)));
    const found = new Map<string, string>();
    for (const f of result.findings) {
      if (f.location?.line === undefined) continue;
      found.set(key(f.ruleId, f.location.line), f.message);
    }
    for (const [k, message] of found) {
      const [rule = '', line = '0'] = k.split('\u0000');
      if (expected.has(k)) tp.set(rule, (tp.get(rule) ?? 0) + 1);
      else mismatches.push({ kind: 'FP', file: name, rule, line: Number(line), message });
    }
    for (const l of label.expect) {
      if (!found.has(key(l.rule, l.line))) {
        mismatches.push({ kind: 'FN', file: name, rule: l.rule, line: l.line, firstParty: l.firstParty });
      }
    }
    // Findings without a line cannot be matched: count them as false positives.
    for (const f of result.findings.filter((x) => x.location?.line === undefined)) {
      mismatches.push({ kind: 'FP', file: name, rule: f.ruleId, line: 0, message: f.message });
    }
  }
  return { mismatches, tp, unexpectedSkips };
}

/** Files about each rule: vulnerable (labelled with it) and safe twins (its topic, no label of it). */
function fileCounts(rule: string): { vulnerable: number; safe: number } {
  let vulnerable = 0;
  let safe = 0;
  for (const [, l] of audited) {
    if (l.expect.some((e) => e.rule === rule)) vulnerable += 1;
    else if (l.topic === rule) safe += 1;
  }
  return { vulnerable, safe };
}

const ratio = (n: number, d: number): string => (d === 0 ? 'n/a' : (n / d).toFixed(3));

function accuracyTable(mismatches: Mismatch[], tp: Map<string, number>): { headers: string[]; rows: string[][] } {
  const headers = ['rule', 'files (vulnerable/safe)', 'TP', 'FP', 'FN', 'precision', 'recall'];
  const rows: string[][] = [];
  let totals = { tp: 0, fp: 0, fn: 0, vulnerable: 0, safe: 0 };
  for (const rule of RULES) {
    const t = tp.get(rule) ?? 0;
    const fp = mismatches.filter((m) => m.rule === rule && m.kind === 'FP').length;
    const fn = mismatches.filter((m) => m.rule === rule && m.kind === 'FN').length;
    const files = fileCounts(rule);
    totals = {
      tp: totals.tp + t,
      fp: totals.fp + fp,
      fn: totals.fn + fn,
      vulnerable: totals.vulnerable + files.vulnerable,
      safe: totals.safe + files.safe,
    };
    rows.push([
      rule,
      `${files.vulnerable}/${files.safe}`,
      `${t}`,
      `${fp}`,
      `${fn}`,
      ratio(t, t + fp),
      ratio(t, t + fn),
    ]);
  }
  const other = mismatches.filter((m) => !(RULES as readonly string[]).includes(m.rule));
  rows.push([
    `all (${audited.length} files audited, ${hostile.length} hostile)`,
    `${totals.vulnerable}/${totals.safe}`,
    `${totals.tp}`,
    `${totals.fp + other.length}`,
    `${totals.fn}`,
    ratio(totals.tp, totals.tp + totals.fp + other.length),
    ratio(totals.tp, totals.tp + totals.fn),
  ]);
  return { headers, rows };
}

function plainTable(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

const describeMismatch = (m: Mismatch): string =>
  `${m.kind} ${m.file}:${m.line} ${m.rule}${m.firstParty ? ' [first-party action]' : ''}${m.message ? ` (${m.message})` : ''}`;

describe('workflow checker on the labelled corpus', () => {
  const { mismatches, tp, unexpectedSkips } = score();

  it('prints and writes precision and recall per rule', async () => {
    const { headers, rows } = accuracyTable(mismatches, tp);
    const text = plainTable(headers, rows);
    const details = mismatches.map(describeMismatch);
    console.log(`\nworkflow checker accuracy\n${text}\n${details.length ? `${details.join('\n')}\n` : ''}`);
    const out = join(root, '.elder', 'corpus', 'workflow-accuracy.md');
    mkdirSync(dirname(out), { recursive: true });
    const markdownText =
      `# Workflow checker accuracy\n\nCorpus: \`test/corpus/compliance/workflows\` (${entries.length} files). ` +
      `A finding matches a label when rule, file and line agree.\n\n${table(headers, rows, ['left', 'right', 'right', 'right', 'right', 'right', 'right'])}` +
      (details.length ? `\n## Disagreements\n\n${details.map((d) => `- ${d}`).join('\n')}\n` : '');
    await writeFileAtomic(out, markdownText);
    expect(readFileSync(out, 'utf8')).toContain('| workflow/cache-poisoning |');
  });

  it('has at least 150 files and 8 vulnerable and 8 safe files per rule', () => {
    expect(entries.length).toBeGreaterThanOrEqual(150);
    for (const rule of RULES) {
      const files = fileCounts(rule);
      expect(files.vulnerable, `${rule}: vulnerable files`).toBeGreaterThanOrEqual(8);
      expect(files.safe, `${rule}: safe files`).toBeGreaterThanOrEqual(8);
    }
  });

  it('examines every non-hostile file', () => {
    expect(unexpectedSkips).toEqual([]);
  });

  it('reports no false positive (safe twins stay clean)', () => {
    expect(mismatches.filter((m) => m.kind === 'FP').map(describeMismatch)).toEqual([]);
  });

  it('finds every vulnerable case at its line', () => {
    expect(mismatches.filter((m) => m.kind === 'FN' && !m.firstParty).map(describeMismatch)).toEqual([]);
  });

  // Policy kept apart so that a failure names it: first-party actions on a movable tag are labelled
  // unpinned, as OpenSSF Scorecard's Pinned-Dependencies check counts them.
  it('reports first-party actions that are not pinned to a full SHA', () => {
    expect(mismatches.filter((m) => m.kind === 'FN' && m.firstParty).map(describeMismatch)).toEqual([]);
  });
});

describe('hostile corpus files', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'elder-corpus-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('skips each one with a reason and still audits the rest', async () => {
    expect(hostile.length).toBeGreaterThanOrEqual(3);
    const workflows = join(scratch, '.github', 'workflows');
    mkdirSync(workflows, { recursive: true });
    for (const [name] of hostile) copyFileSync(join(corpus, name), join(workflows, basename(name)));
    // One ordinary vulnerable file next to them: its finding must still be reported.
    copyFileSync(join(corpus, 'ua-vuln-tag.yml'), join(workflows, 'ua-vuln-tag.yml'));

    const report = await auditWorkflows(scratch, { visibility: 'public' });
    const skipped = new Map(report.skipped.map((s) => [s.subject, s.reason]));
    for (const [name] of hostile) {
      const subject = `.github/workflows/${basename(name)}`;
      expect(skipped.get(subject), `${name} should be skipped`).toBeTruthy();
    }
    const unpinned = report.outcomes.find((o) => o.ruleId === 'workflow/unpinned-action');
    expect(unpinned?.findings.map((f) => `${f.location?.file}:${f.location?.line}`)).toEqual([
      '.github/workflows/ua-vuln-tag.yml:12',
    ]);
  });

  it('skips the text-level hostile files through auditWorkflowText too', () => {
    for (const [name, label] of hostile.filter(([n]) => !n.includes('non-utf8'))) {
      const result = auditWorkflowText(label.path, readFileSync(join(corpus, name), 'utf8'), {
        visibility: label.visibility,
      });
      expect(result.skipped?.reason, name).toBeTruthy();
      expect(result.findings, name).toEqual([]);
    }
  });
});
