/**
 * Totals against the real producer: the project's ESLint 9 lints a sample project, writing both
 * `--format json` and SARIF through @microsoft/eslint-formatter-sarif; our parsers must count
 * exactly what ESLint counted (errorCount, warningCount, fatalErrorCount, suppressedMessages).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { detectReportFormat } from '../../../../actions/quality-gate/src/detect/detect-report-format.js';
import { parseEslintJsonFile } from '../../../../actions/quality-gate/src/findings/parse-eslint-json.js';
import { parseSarifFile } from '../../../../actions/quality-gate/src/findings/parse-sarif.js';
import type { ParsedFinding } from '../../../../actions/quality-gate/src/findings/findings-parse-result.js';
import { createEslintSampleProject, runEslint, SARIF_FORMATTER } from './eslint-sample-project.js';

interface EslintFileResult {
  filePath: string;
  errorCount: number;
  warningCount: number;
  fatalErrorCount: number;
  suppressedMessages: unknown[];
}

let projectDir: string;
let jsonPath: string;
let sarifPath: string;
let eslintTotals: { errors: number; warnings: number; fatal: number; suppressed: number };

beforeAll(async () => {
  projectDir = await createEslintSampleProject();
  jsonPath = await runEslint(projectDir, 'json', 'eslint.json');
  sarifPath = await runEslint(projectDir, SARIF_FORMATTER, 'eslint.sarif');
  const results = JSON.parse(await readFile(jsonPath, 'utf8')) as EslintFileResult[];
  eslintTotals = { errors: 0, warnings: 0, fatal: 0, suppressed: 0 };
  for (const result of results) {
    eslintTotals.errors += result.errorCount;
    eslintTotals.warnings += result.warningCount;
    eslintTotals.fatal += result.fatalErrorCount;
    eslintTotals.suppressed += result.suppressedMessages.length;
  }
});

describe('ESLint as the producer', () => {
  it('really produced errors, warnings, a fatal error and a suppressed message', () => {
    expect(eslintTotals.errors).toBeGreaterThan(1);
    expect(eslintTotals.warnings).toBeGreaterThan(1);
    expect(eslintTotals.fatal).toBe(1);
    expect(eslintTotals.suppressed).toBe(1);
  });

  it('detects both outputs by content', async () => {
    expect((await detectReportFormat(jsonPath)).format).toBe('eslint-json');
    expect((await detectReportFormat(sarifPath)).format).toBe('sarif');
  });

  it('--format json: our counts equal ESLint errorCount/warningCount/fatalErrorCount', async () => {
    const { findings, summary } = await parseEslintJsonFile(jsonPath);
    expect(summary.warnings).toEqual([]);
    expect(findings).toHaveLength(eslintTotals.errors + eslintTotals.warnings);
    // Errors (fatal ones included, as ESLint counts them) read as high, warnings as medium:
    // the same ranking the SARIF formatter's output gets below.
    expect(summary.bySeverity.high).toBe(eslintTotals.errors);
    expect(summary.bySeverity.medium).toBe(eslintTotals.warnings);
    expect(summary.bySeverity.low).toBe(0);
    expect(summary.suppressed).toBe(eslintTotals.suppressed);
    expect(summary.producerTotals).toEqual({
      errors: eslintTotals.errors,
      warnings: eslintTotals.warnings,
      fatal: eslintTotals.fatal,
    });
  });

  it('SARIF formatter: our counts equal the same ESLint totals', async () => {
    const { findings, summary } = await parseSarifFile(sarifPath);
    expect(summary.tools).toEqual(['ESLint']);
    expect(findings).toHaveLength(eslintTotals.errors + eslintTotals.warnings);
    // Level error (ESLint errors and the fatal notification) reads as high, warning as medium.
    expect(summary.bySeverity.high).toBe(eslintTotals.errors);
    expect(summary.bySeverity.medium).toBe(eslintTotals.warnings);
    expect(summary.toolErrors).toBe(eslintTotals.fatal);
    expect(summary.suppressed).toBe(eslintTotals.suppressed);
    expect(summary.results + summary.toolErrors - summary.suppressed).toBe(findings.length);
  });

  it('both formats put every finding at the same file, line and columns', async () => {
    const fromJson = (await parseEslintJsonFile(jsonPath)).findings;
    const fromSarif = (await parseSarifFile(sarifPath)).findings;
    const key = (finding: ParsedFinding): string => JSON.stringify(finding.location);
    expect(fromSarif.map(key).sort()).toEqual(fromJson.map(key).sort());
    // The SARIF URI is percent-encoded; decoding gives back ESLint's path with the space.
    expect(fromSarif.some((finding) => finding.location?.file === join(projectDir, 'src', 'with space.js'))).toBe(true);
    const eqeqeq = fromJson.find((finding) => finding.ruleId === 'eqeqeq' && finding.location?.file.endsWith('app.js'));
    // `a == b` at line 4: ESLint reports columns 9 to 11 (end exclusive) for `==`; ours are inclusive.
    expect(eqeqeq?.location).toEqual({
      file: join(projectDir, 'src', 'app.js'),
      line: 4,
      column: 9,
      endLine: 4,
      endColumn: 10,
    });
  });
});
