/**
 * ESLint `--format json` output to findings: an array of per-file results, each with
 * `messages[]` ({ ruleId, severity 1|2, message, line, column, endLine, endColumn, fatal }),
 * the counts ESLint computed (`errorCount`, `warningCount`, `fatalErrorCount`) and, since
 * ESLint 8, `suppressedMessages[]` (silenced by eslint-disable comments; not findings).
 *
 * Severity mapping: the same as the generic SARIF mapping gives ESLint's own SARIF formatter
 * output (level `error` -> high, `warning` -> medium), so one ESLint run ranks the same whichever
 * format it was uploaded in:
 * - fatal (the file could not be parsed, so none of its rules ran): high;
 * - severity 2 (error): high;
 * - severity 1 (warning): medium.
 *
 * Messages without a rule (fatal parse errors; "file ignored" warnings) get the rule ids below.
 * Columns: ESLint's `endColumn` is exclusive, like SARIF's (finding-location.ts).
 */
import { CappedWarnings } from '../detect/capped-warnings.js';
import { UserError } from '../../../../shared/runtime/errors.js';
import {
  countValue,
  expectArray,
  expectRecord,
  jsonPointer,
  optionalString,
  type JsonRecord,
} from '../detect/json-shape.js';
import { readJsonReport } from '../detect/read-json-report.js';
import type { Severity } from '../../../../shared/result/phase-result.js';
import { emptySeverityCounts } from '../vulnerabilities/advisory-severity.js';
import { findingLocation } from './finding-location.js';
import type { FindingsParseResult, FindingsParseSummary, ParsedFinding } from './findings-parse-result.js';

export const ESLINT_TOOL_NAME = 'ESLint';
export const ESLINT_FATAL_RULE_ID = 'eslint/fatal-error';
export const ESLINT_NO_RULE_ID = 'eslint/no-rule';

export interface EslintSummary extends FindingsParseSummary {
  format: 'eslint-json';
  /** ESLint's own counts summed over files, for cross-checking ours. */
  producerTotals: { errors: number; warnings: number; fatal: number };
}

export async function parseEslintJsonFile(path: string): Promise<FindingsParseResult<EslintSummary>> {
  return parseEslintJson(await readJsonReport(path), path);
}

export function parseEslintJson(document: unknown, file: string): FindingsParseResult<EslintSummary> {
  const fileResults = expectArray(document, [], file);
  const warnings = new CappedWarnings(file);
  const findings: ParsedFinding[] = [];
  const producerTotals = { errors: 0, warnings: 0, fatal: 0 };
  const ours = { errors: 0, warnings: 0 };
  let results = 0;
  let suppressed = 0;

  fileResults.forEach((value, fileIndex) => {
    const fileResult = expectRecord(value, [fileIndex], file);
    const filePath = optionalString(fileResult.filePath);
    if (filePath === undefined) {
      throw new UserError(`${jsonPointer([fileIndex, 'filePath'])}: expected the linted file's path`, file);
    }
    const messages = expectArray(fileResult.messages, [fileIndex, 'messages'], file);
    producerTotals.errors += countValue(fileResult.errorCount) ?? 0;
    producerTotals.warnings += countValue(fileResult.warningCount) ?? 0;
    producerTotals.fatal += countValue(fileResult.fatalErrorCount) ?? 0;
    if (Array.isArray(fileResult.suppressedMessages)) suppressed += fileResult.suppressedMessages.length;

    messages.forEach((messageValue, messageIndex) => {
      results += 1;
      const message = expectRecord(messageValue, [fileIndex, 'messages', messageIndex], file);
      const finding = messageFinding(message, filePath, `/${fileIndex}/messages/${messageIndex}`, warnings);
      // ESLint counts fatal messages among its errors, and anything that is not a warning too.
      if (message.severity === 1 && message.fatal !== true) ours.warnings += 1;
      else ours.errors += 1;
      findings.push(finding);
    });
  });

  if (ours.errors !== producerTotals.errors || ours.warnings !== producerTotals.warnings) {
    warnings.add(
      `ESLint counted ${producerTotals.errors} error(s) and ${producerTotals.warnings} warning(s), the messages hold ${ours.errors} and ${ours.warnings}`,
    );
  }
  const bySeverity = emptySeverityCounts();
  for (const finding of findings) bySeverity[finding.severity] += 1;
  return {
    findings,
    summary: {
      format: 'eslint-json',
      tools: [ESLINT_TOOL_NAME],
      results,
      findings: findings.length,
      suppressed,
      absent: 0,
      notProblems: 0,
      toolErrors: 0,
      bySeverity,
      producerTotals,
      warnings: warnings.list(),
    },
  };
}

function messageFinding(
  message: JsonRecord,
  filePath: string,
  pointer: string,
  warnings: CappedWarnings,
): ParsedFinding {
  const fatal = message.fatal === true;
  let severity: Severity;
  if (fatal) severity = 'high';
  else if (message.severity === 2) severity = 'high';
  else if (message.severity === 1) severity = 'medium';
  else {
    // Fail safe: an unreadable severity is treated as an error, not dropped or downgraded.
    warnings.add(`${pointer}/severity ${JSON.stringify(message.severity ?? null)} is not 1 or 2; treated as an error`);
    severity = 'high';
  }
  const ruleId = optionalString(message.ruleId) ?? (fatal ? ESLINT_FATAL_RULE_ID : ESLINT_NO_RULE_ID);
  const text = optionalString(message.message);
  if (text === undefined) warnings.add(`${pointer}/message is missing`);
  return {
    tool: ESLINT_TOOL_NAME,
    ruleId,
    severity,
    message: text ?? '(no message)',
    location: findingLocation(filePath, {
      startLine: message.line,
      startColumn: message.column,
      endLine: message.endLine,
      endColumn: message.endColumn,
    }),
  };
}
