/**
 * `npm audit --json` (npm 7 and later, `auditReportVersion: 2`) to Vulnerability records.
 *
 * npm keys `vulnerabilities` by package name. An entry's `via` lists either advisory objects
 * (the package itself is vulnerable) or names of other entries (it is affected only through a
 * dependency). Records are made from advisory objects only: the transitive entries point at
 * advisories already recorded on the vulnerable package, and counting them again would report
 * one minimist flaw three times. npm splits one GitHub advisory into several `via` objects, one
 * per vulnerable version range (different `source` ids, same URL), when a package is installed
 * at versions in two ranges; such objects are one advisory and make one record per package.
 *
 * npm's own totals (`metadata.vulnerabilities`) count packages, direct or transitive, by the
 * entry's severity. The summary computes the same count from the entries
 * (`packagesBySeverity`) and keeps npm's (`producerTotals`); a mismatch is warned about, since
 * it means the file was edited or is inconsistent.
 *
 * Severity: npm's words, `moderate` -> medium; an advisory without one takes its entry's; an
 * entry without one is `high` (see advisory-severity.ts) with a warning.
 */
import { UserError } from '../../../../shared/runtime/errors.js';
import type { Severity } from '../../../../shared/result/phase-result.js';
import { CappedWarnings } from '../detect/capped-warnings.js';
import { countValue, describeJsonType, expectRecord, isRecord, optionalString } from '../detect/json-shape.js';
import { readJsonReport } from '../detect/read-json-report.js';
import type { Vulnerability } from '../model.js';
import { emptySeverityCounts, maxSeverity, severityFromWord, UNKNOWN_SEVERITY_FALLBACK } from './advisory-severity.js';
import type { VulnerabilityParseResult, VulnerabilityParseSummary } from './vulnerability-parse-result.js';

export const NPM_SEVERITY_NAMES = ['info', 'low', 'moderate', 'high', 'critical'] as const;
export type NpmSeverityName = (typeof NPM_SEVERITY_NAMES)[number];
export type NpmSeverityCounts = Record<NpmSeverityName | 'total', number>;

export interface NpmAuditSummary extends VulnerabilityParseSummary {
  format: 'npm-audit';
  /** Entries of `vulnerabilities` by their severity, counted the way npm counts them. */
  packagesBySeverity: NpmSeverityCounts;
  /** `metadata.vulnerabilities` as npm wrote it, when present and well formed. */
  producerTotals?: NpmSeverityCounts;
  /** Entries affected only through dependencies (no advisory of their own). */
  transitiveOnly: number;
}

export async function parseNpmAuditFile(path: string): Promise<VulnerabilityParseResult<NpmAuditSummary>> {
  return parseNpmAudit(await readJsonReport(path), path);
}

export function parseNpmAudit(document: unknown, file: string): VulnerabilityParseResult<NpmAuditSummary> {
  const root = expectRecord(document, [], file);
  if (root.auditReportVersion !== 2) {
    throw new UserError(
      `/auditReportVersion: expected 2 (npm 7 or later), found ${describeValue(root.auditReportVersion)}`,
      file,
    );
  }
  const entries = expectRecord(root.vulnerabilities, ['vulnerabilities'], file);
  const warnings = new CappedWarnings(file);
  const vulnerabilities: Vulnerability[] = [];
  const packagesBySeverity = emptyNpmCounts();
  let transitiveOnly = 0;
  let affectedPackages = 0;

  for (const [name, value] of Object.entries(entries)) {
    const pointer = ['vulnerabilities', name];
    const entry = expectRecord(value, pointer, file);
    const entrySeverityName = npmSeverityName(entry.severity);
    if (entrySeverityName) packagesBySeverity[entrySeverityName] += 1;
    else warnings.add(`/vulnerabilities/${name}/severity: unknown severity ${describeValue(entry.severity)}`);
    packagesBySeverity.total += 1;
    const entrySeverity = severityFromWord(entry.severity);

    if (!Array.isArray(entry.via)) {
      throw new UserError(
        `/vulnerabilities/${name}/via: expected an array, found ${describeJsonType(entry.via)}`,
        file,
      );
    }
    const advisories = new Map<string, Vulnerability>();
    entry.via.forEach((via, index) => {
      if (typeof via === 'string') return; // another entry's name: affected through a dependency
      if (!isRecord(via)) {
        warnings.add(`/vulnerabilities/${name}/via/${index}: expected an advisory object or a package name`);
        return;
      }
      const record = advisoryRecord(name, via, entry, entrySeverity, warnings, `/vulnerabilities/${name}/via/${index}`);
      const existing = advisories.get(record.id);
      if (!existing) {
        advisories.set(record.id, record);
        return;
      }
      // The same advisory again for another version range: one record, all npm ids as aliases.
      existing.severity = maxSeverity(existing.severity, record.severity) ?? existing.severity;
      for (const alias of record.aliases) if (!existing.aliases.includes(alias)) existing.aliases.push(alias);
    });
    if (advisories.size === 0) transitiveOnly += 1;
    else affectedPackages += 1;
    vulnerabilities.push(...advisories.values());
  }

  const producerTotals = readProducerTotals(root.metadata, warnings);
  if (producerTotals && !sameCounts(producerTotals, packagesBySeverity)) {
    warnings.add(
      `metadata.vulnerabilities (${formatCounts(producerTotals)}) disagrees with the entries (${formatCounts(packagesBySeverity)})`,
    );
  }

  const bySeverity = emptySeverityCounts();
  for (const vulnerability of vulnerabilities) bySeverity[vulnerability.severity] += 1;
  const summary: NpmAuditSummary = {
    format: 'npm-audit',
    vulnerabilities: vulnerabilities.length,
    affectedPackages,
    bySeverity,
    packagesBySeverity,
    transitiveOnly,
    warnings: warnings.list(),
  };
  if (producerTotals) summary.producerTotals = producerTotals;
  return { vulnerabilities, summary };
}

function advisoryRecord(
  name: string,
  via: Record<string, unknown>,
  entry: Record<string, unknown>,
  entrySeverity: Severity | undefined,
  warnings: CappedWarnings,
  pointer: string,
): Vulnerability {
  const url = optionalString(via.url);
  const source = typeof via.source === 'number' || typeof via.source === 'string' ? String(via.source) : undefined;
  const ghsa = url ? /GHSA-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}/i.exec(url)?.[0] : undefined;
  const id = ghsa ? 'GHSA-' + ghsa.slice(5).toLowerCase() : source ? `npm-advisory-${source}` : undefined;
  let severity = severityFromWord(via.severity) ?? entrySeverity;
  if (!severity) {
    warnings.add(`${pointer}: no severity for this advisory; counted as ${UNKNOWN_SEVERITY_FALLBACK}`);
    severity = UNKNOWN_SEVERITY_FALLBACK;
  }
  const record: Vulnerability = {
    id: id ?? `npm-advisory:${name}:${optionalString(via.title) ?? 'untitled'}`,
    aliases: ghsa && source ? [`npm-advisory-${source}`] : [],
    package: name,
    ecosystem: 'npm',
    severity,
  };
  if (!id) warnings.add(`${pointer}: advisory has neither a URL nor a source id`);
  const title = optionalString(via.title);
  if (title) record.title = title;
  if (url) record.url = url;
  const fix = fixOf(entry.fixAvailable);
  if (fix !== undefined) record.fixAvailable = fix;
  return record;
}

/** `true`/`false`, or `{ name, version, isSemVerMajor }` naming what to install: "name@version". */
function fixOf(value: unknown): string | boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (isRecord(value)) {
    const name = optionalString(value.name);
    const version = optionalString(value.version);
    if (name && version) return `${name}@${version}`;
    return true;
  }
  return undefined;
}

function readProducerTotals(metadata: unknown, warnings: CappedWarnings): NpmSeverityCounts | undefined {
  if (!isRecord(metadata) || !isRecord(metadata.vulnerabilities)) {
    warnings.add('no metadata.vulnerabilities totals; npm always writes them, so the file may be incomplete');
    return undefined;
  }
  const totals = emptyNpmCounts();
  for (const key of [...NPM_SEVERITY_NAMES, 'total'] as const) {
    const count = countValue(metadata.vulnerabilities[key]);
    if (count === undefined) {
      warnings.add(`metadata.vulnerabilities.${key} is not a count`);
      return undefined;
    }
    totals[key] = count;
  }
  return totals;
}

function npmSeverityName(value: unknown): NpmSeverityName | undefined {
  return (NPM_SEVERITY_NAMES as readonly unknown[]).includes(value) ? (value as NpmSeverityName) : undefined;
}

function emptyNpmCounts(): NpmSeverityCounts {
  return { info: 0, low: 0, moderate: 0, high: 0, critical: 0, total: 0 };
}

function sameCounts(a: NpmSeverityCounts, b: NpmSeverityCounts): boolean {
  return (Object.keys(a) as (keyof NpmSeverityCounts)[]).every((key) => a[key] === b[key]);
}

function formatCounts(counts: NpmSeverityCounts): string {
  return (Object.keys(counts) as (keyof NpmSeverityCounts)[]).map((key) => `${key} ${counts[key]}`).join(', ');
}

function describeValue(value: unknown): string {
  return value === undefined
    ? 'nothing'
    : typeof value === 'string'
      ? JSON.stringify(value.slice(0, 40))
      : describeJsonType(value);
}
