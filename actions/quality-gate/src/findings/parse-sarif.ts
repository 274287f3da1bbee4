/**
 * SARIF 2.1.0 from any tool to findings. Every result in the file ends up in exactly one bucket
 * of the summary: a finding, suppressed, absent (baseline), or not a problem (kind).
 *
 * - Rule: `ruleId`, else `rule.id`, else the rule found by index (sarif-rule-lookup.ts).
 * - Severity: security-severity, else level (sarif-severity.ts).
 * - Message: text or message string with arguments (sarif-message.ts).
 * - Location: the first `locations[].physicalLocation` (sarif-artifact-path.ts for the file,
 *   finding-location.ts for the region).
 * - Fingerprint: `partialFingerprints` (else `fingerprints`), written `name=value` joined with
 *   `;` in name order, so it is stable and still says which producer scheme it came from.
 * - Suppressed: a non-empty `suppressions` whose entries are all accepted (status `accepted` or
 *   absent, as ESLint's formatter writes them); one `underReview` or `rejected` keeps the result.
 * - Baseline: `absent` results are gone from this run and excluded; `unchanged`/`updated` are
 *   kept and marked, so the gate does not count them as new.
 * - Tool errors: error-level `toolExecutionNotifications`/`toolConfigurationNotifications`
 *   become findings (`high`), because they mean a file was not analysed (ESLint's SARIF
 *   formatter reports parse errors this way); a gate must not pass on code nobody looked at.
 *
 * Per-rule configuration overrides in `invocations[].ruleConfigurationOverrides` are not
 * applied; tools that use them also write the level on each result.
 */
import { UserError } from '../../../../shared/runtime/errors.js';
import { CappedWarnings } from '../detect/capped-warnings.js';
import { expectArray, expectRecord, isRecord, optionalString, type JsonRecord } from '../detect/json-shape.js';
import { readJsonReport } from '../detect/read-json-report.js';
import { emptySeverityCounts } from '../vulnerabilities/advisory-severity.js';
import { findingLocation } from './finding-location.js';
import type {
  BaselineState,
  FindingsParseResult,
  FindingsParseSummary,
  ParsedFinding,
} from './findings-parse-result.js';
import { sarifArtifactPath, type SarifRunContext } from './sarif-artifact-path.js';
import { resolveSarifMessage } from './sarif-message.js';
import { lookupSarifRule, type ToolComponents } from './sarif-rule-lookup.js';
import {
  isSarifLevel,
  securitySeverityScore,
  severityFromLevel,
  severityFromSecurityScore,
  type SarifLevel,
} from './sarif-severity.js';

export interface SarifSummary extends FindingsParseSummary {
  format: 'sarif';
}

/** Rule id for a result that names none; SARIF requires one, but converters sometimes omit it. */
export const SARIF_UNKNOWN_RULE_ID = 'unknown-rule';
/** Rule id for an error notification without a descriptor id. */
export const SARIF_TOOL_ERROR_RULE_ID = 'tool-error';

const NOT_PROBLEM_KINDS = new Set(['pass', 'notApplicable', 'informational']);
const BASELINE_STATES = new Set(['new', 'unchanged', 'updated', 'absent']);

export async function parseSarifFile(path: string): Promise<FindingsParseResult<SarifSummary>> {
  return parseSarif(await readJsonReport(path), path);
}

export function parseSarif(document: unknown, file: string): FindingsParseResult<SarifSummary> {
  const log = expectRecord(document, [], file);
  if (log.version !== '2.1.0') {
    throw new UserError(`/version: only SARIF 2.1.0 is supported, found ${JSON.stringify(log.version ?? null)}`, file);
  }
  const runs = expectArray(log.runs, ['runs'], file);
  const summary: SarifSummary = {
    format: 'sarif',
    tools: [],
    results: 0,
    findings: 0,
    suppressed: 0,
    absent: 0,
    notProblems: 0,
    toolErrors: 0,
    bySeverity: emptySeverityCounts(),
    warnings: [],
  };
  const warnings = new CappedWarnings(file);
  const findings: ParsedFinding[] = [];
  runs.forEach((value, runIndex) => parseRun(value, runIndex, file, summary, findings, warnings));
  for (const finding of findings) summary.bySeverity[finding.severity] += 1;
  summary.findings = findings.length;
  summary.warnings = warnings.list();
  return { findings, summary };
}

function parseRun(
  value: unknown,
  runIndex: number,
  file: string,
  summary: SarifSummary,
  findings: ParsedFinding[],
  warnings: CappedWarnings,
): void {
  const run = expectRecord(value, ['runs', runIndex], file);
  const toolObject = expectRecord(run.tool, ['runs', runIndex, 'tool'], file);
  const driver = expectRecord(toolObject.driver, ['runs', runIndex, 'tool', 'driver'], file);
  const tool: ToolComponents = {
    driver,
    extensions: Array.isArray(toolObject.extensions) ? toolObject.extensions.filter(isRecord) : [],
  };
  const toolName = optionalString(driver.name) ?? 'unknown tool';
  if (toolName === 'unknown tool') warnings.add(`/runs/${runIndex}/tool/driver/name is missing`);
  summary.tools.push(toolName);
  const context: SarifRunContext = {
    originalUriBaseIds: isRecord(run.originalUriBaseIds) ? run.originalUriBaseIds : {},
    artifacts: Array.isArray(run.artifacts) ? run.artifacts : [],
  };

  if (run.results === undefined || run.results === null) {
    // SARIF: a missing results array means the tool did not get as far as producing results.
    warnings.add(`/runs/${runIndex} (${toolName}) has no results array; the analysis may not have completed`);
  } else {
    const results = expectArray(run.results, ['runs', runIndex, 'results'], file);
    results.forEach((resultValue, resultIndex) => {
      summary.results += 1;
      const result = expectRecord(resultValue, ['runs', runIndex, 'results', resultIndex], file);
      const finding = resultFinding(
        result,
        `/runs/${runIndex}/results/${resultIndex}`,
        toolName,
        tool,
        context,
        summary,
        warnings,
      );
      if (finding) findings.push(finding);
    });
  }

  for (const invocation of Array.isArray(run.invocations) ? run.invocations : []) {
    if (!isRecord(invocation)) continue;
    if (invocation.executionSuccessful === false) {
      warnings.add(`/runs/${runIndex} (${toolName}) reports that its execution did not succeed`);
    }
    for (const key of ['toolExecutionNotifications', 'toolConfigurationNotifications'] as const) {
      for (const notification of Array.isArray(invocation[key]) ? invocation[key] : []) {
        const finding = notificationFinding(notification, toolName, context);
        if (finding) {
          summary.toolErrors += 1;
          findings.push(finding);
        }
      }
    }
  }
}

function resultFinding(
  result: JsonRecord,
  pointer: string,
  toolName: string,
  tool: ToolComponents,
  context: SarifRunContext,
  summary: SarifSummary,
  warnings: CappedWarnings,
): ParsedFinding | undefined {
  const kind = typeof result.kind === 'string' ? result.kind : 'fail';
  if (NOT_PROBLEM_KINDS.has(kind)) {
    summary.notProblems += 1;
    return undefined;
  }
  if (isSuppressed(result.suppressions, pointer, warnings)) {
    summary.suppressed += 1;
    return undefined;
  }
  const baselineState = typeof result.baselineState === 'string' ? result.baselineState : undefined;
  if (baselineState === 'absent') {
    summary.absent += 1;
    return undefined;
  }

  const { rule, component } = lookupSarifRule(result, tool);
  let ruleId =
    optionalString(result.ruleId) ??
    (isRecord(result.rule) ? optionalString(result.rule.id) : undefined) ??
    optionalString(rule?.id);
  if (!ruleId) {
    warnings.add(`${pointer} names no rule`);
    ruleId = SARIF_UNKNOWN_RULE_ID;
  }

  const finding: ParsedFinding = {
    tool: toolName,
    ruleId,
    severity: resultSeverity(result, rule, kind, pointer, warnings),
    message: resolveSarifMessage(result.message, rule, component) ?? fallbackMessage(rule, pointer, warnings),
  };
  const location = firstLocation(result.locations, context);
  if (location) finding.location = location;
  const fingerprint = fingerprintOf(result.partialFingerprints) ?? fingerprintOf(result.fingerprints);
  if (fingerprint) finding.fingerprint = fingerprint;
  const help = helpOf(rule);
  if (help) finding.help = help;
  if (baselineState !== undefined) {
    if (BASELINE_STATES.has(baselineState)) finding.baselineState = baselineState as BaselineState;
    else warnings.add(`${pointer}/baselineState ${JSON.stringify(baselineState.slice(0, 40))} is not a SARIF value`);
  }
  return finding;
}

function resultSeverity(
  result: JsonRecord,
  rule: JsonRecord | undefined,
  kind: string,
  pointer: string,
  warnings: CappedWarnings,
): ParsedFinding['severity'] {
  const score = securitySeverityScore(result.properties) ?? securitySeverityScore(rule?.properties);
  if (score !== undefined) return severityFromSecurityScore(score);
  let level: SarifLevel;
  if (isSarifLevel(result.level)) {
    level = result.level;
  } else {
    if (result.level !== undefined) warnings.add(`${pointer}/level is not a SARIF level; using the default`);
    const configured = isRecord(rule?.defaultConfiguration) ? rule.defaultConfiguration.level : undefined;
    level = kind !== 'fail' ? 'none' : isSarifLevel(configured) ? configured : 'warning';
  }
  return severityFromLevel(level);
}

function isSuppressed(value: unknown, pointer: string, warnings: CappedWarnings): boolean {
  if (!Array.isArray(value) || value.length === 0) return false;
  return value.every((suppression, index) => {
    if (!isRecord(suppression)) {
      warnings.add(`${pointer}/suppressions/${index} is not an object; the result is kept`);
      return false;
    }
    return suppression.status === undefined || suppression.status === 'accepted';
  });
}

function firstLocation(locations: unknown, context: SarifRunContext): ParsedFinding['location'] {
  for (const location of Array.isArray(locations) ? locations : []) {
    if (!isRecord(location) || !isRecord(location.physicalLocation)) continue;
    const physical = location.physicalLocation;
    const path = sarifArtifactPath(physical.artifactLocation, context);
    if (path === undefined) continue;
    return findingLocation(path, isRecord(physical.region) ? physical.region : {});
  }
  return undefined;
}

function fingerprintOf(value: unknown): string | undefined {
  if (!isRecord(value)) return undefined;
  const pairs = Object.entries(value)
    .filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== '')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, fingerprint]) => `${name}=${fingerprint}`);
  return pairs.length > 0 ? pairs.join(';') : undefined;
}

function helpOf(rule: JsonRecord | undefined): string | undefined {
  if (!rule) return undefined;
  const text = isRecord(rule.help) ? optionalString(rule.help.text) : undefined;
  const uri = optionalString(rule.helpUri);
  const help = text ?? (uri && /^https?:\/\//.test(uri) ? uri : undefined);
  return help && help.length > 1000 ? `${help.slice(0, 999)}…` : help;
}

function fallbackMessage(rule: JsonRecord | undefined, pointer: string, warnings: CappedWarnings): string {
  warnings.add(`${pointer}/message has no text the gate can resolve`);
  const description = rule && isRecord(rule.shortDescription) ? optionalString(rule.shortDescription.text) : undefined;
  return description ?? '(no message)';
}

function notificationFinding(
  notification: unknown,
  toolName: string,
  context: SarifRunContext,
): ParsedFinding | undefined {
  if (!isRecord(notification) || notification.level !== 'error') return undefined;
  const descriptor = isRecord(notification.descriptor) ? notification.descriptor : {};
  const finding: ParsedFinding = {
    tool: toolName,
    ruleId: optionalString(descriptor.id) ?? SARIF_TOOL_ERROR_RULE_ID,
    severity: 'high',
    message: resolveSarifMessage(notification.message, undefined, undefined) ?? `${toolName} reported an error`,
  };
  const location = firstLocation(notification.locations, context);
  if (location) finding.location = location;
  return finding;
}
