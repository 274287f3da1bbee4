/**
 * OSV-Scanner `--format json` output to Vulnerability records.
 *
 * Shape (osv-scanner's models.VulnerabilityResults): `results[]` per scanned source
 * (`source.path` the lockfile or SBOM; `packageSource` in releases before 1.3), each with
 * `packages[]`: `package {name, version, ecosystem}`, `vulnerabilities[]` (full OSV entries)
 * and `groups[]` (`ids`, `aliases`, `max_severity`). OSV lists one flaw under several ids
 * (GHSA-..., GO-..., CVE-...); OSV-Scanner groups ids that alias each other, and one group is
 * one vulnerability here, so a package is never counted twice for the same flaw. When `groups`
 * is missing (older releases), ids are grouped by shared aliases the same way.
 *
 * A record's id prefers a GHSA id (what npm audit and GitHub use, so reports from the two tools
 * line up), the other ids and aliases becoming `aliases`. Severity is the highest of the group's
 * entries (osv-entry-severity.ts), else the group's `max_severity` score, else `high` with a
 * warning (advisory-severity.ts explains the fail-safe). `fixAvailable` is the fixed version
 * the entries name for this package, or `true` when they name several.
 */
import type { Severity } from '../../../../shared/result/phase-result.js';
import { CappedWarnings } from '../detect/capped-warnings.js';
import { expectArray, expectRecord, isRecord, optionalString } from '../detect/json-shape.js';
import { readJsonReport } from '../detect/read-json-report.js';
import type { Vulnerability } from '../model.js';
import { emptySeverityCounts, maxSeverity, UNKNOWN_SEVERITY_FALLBACK } from './advisory-severity.js';
import { parseCvssScore, severityFromScore } from './cvss-rating.js';
import { osvEntrySeverity } from './osv-entry-severity.js';
import type { VulnerabilityParseResult, VulnerabilityParseSummary } from './vulnerability-parse-result.js';

export interface OsvScannerSummary extends VulnerabilityParseSummary {
  format: 'osv-scanner';
  /** OSV entries read, before grouping: what OSV-Scanner itself lists. */
  entries: number;
  /** Groups as OSV-Scanner counts them (its "N known vulnerabilities" per package). */
  groups: number;
  sources: string[];
}

export async function parseOsvScannerFile(path: string): Promise<VulnerabilityParseResult<OsvScannerSummary>> {
  return parseOsvScanner(await readJsonReport(path), path);
}

export function parseOsvScanner(document: unknown, file: string): VulnerabilityParseResult<OsvScannerSummary> {
  const root = expectRecord(document, [], file);
  // Go writes an empty slice as null: `{"results": null}` is a scan that found nothing.
  const results = root.results === null ? [] : expectArray(root.results, ['results'], file);
  const warnings = new CappedWarnings(file);
  const vulnerabilities: Vulnerability[] = [];
  const sources: string[] = [];
  let entries = 0;
  let groupCount = 0;
  let affectedPackages = 0;

  results.forEach((value, resultIndex) => {
    const result = expectRecord(value, ['results', resultIndex], file);
    const sourceInfo = isRecord(result.source)
      ? result.source
      : isRecord(result.packageSource)
        ? result.packageSource
        : {};
    const manifest = optionalString(sourceInfo.path);
    if (manifest) sources.push(manifest);
    const packages =
      result.packages == null ? [] : expectArray(result.packages, ['results', resultIndex, 'packages'], file);
    packages.forEach((packageValue, packageIndex) => {
      const pointer = ['results', resultIndex, 'packages', packageIndex];
      const entry = expectRecord(packageValue, pointer, file);
      const info = expectRecord(entry.package, [...pointer, 'package'], file);
      const name = optionalString(info.name);
      if (!name) {
        warnings.add(`/results/${resultIndex}/packages/${packageIndex}/package/name is missing; package skipped`);
        return;
      }
      const osvEntries = osvEntriesOf(entry.vulnerabilities, [...pointer, 'vulnerabilities'], file, warnings);
      entries += osvEntries.size;
      if (osvEntries.size === 0) return; // e.g. a license-only finding
      const groups = groupsOf(entry.groups, osvEntries, warnings, pointer.join('/'));
      groupCount += groups.length;
      affectedPackages += 1;
      for (const group of groups) {
        vulnerabilities.push(
          groupRecord(
            group,
            osvEntries,
            { name, version: optionalString(info.version), ecosystem: optionalString(info.ecosystem), manifest },
            warnings,
          ),
        );
      }
    });
  });

  const bySeverity = emptySeverityCounts();
  for (const vulnerability of vulnerabilities) bySeverity[vulnerability.severity] += 1;
  return {
    vulnerabilities,
    summary: {
      format: 'osv-scanner',
      vulnerabilities: vulnerabilities.length,
      affectedPackages,
      bySeverity,
      entries,
      groups: groupCount,
      sources,
      warnings: warnings.list(),
    },
  };
}

interface Group {
  ids: string[];
  aliases: string[];
  maxSeverity?: string;
}

function osvEntriesOf(
  value: unknown,
  pointer: (string | number)[],
  file: string,
  warnings: CappedWarnings,
): Map<string, Record<string, unknown>> {
  const map = new Map<string, Record<string, unknown>>();
  if (value == null) return map;
  expectArray(value, pointer, file).forEach((item, index) => {
    const id = isRecord(item) ? optionalString(item.id) : undefined;
    if (!isRecord(item) || !id) {
      warnings.add(`/${pointer.join('/')}/${index}: not an OSV entry with an id; skipped`);
      return;
    }
    if (!map.has(id)) map.set(id, item);
  });
  return map;
}

/** OSV-Scanner's groups when present and usable, else groups built from shared aliases. */
function groupsOf(
  value: unknown,
  entries: Map<string, Record<string, unknown>>,
  warnings: CappedWarnings,
  pointer: string,
): Group[] {
  const groups: Group[] = [];
  const grouped = new Set<string>();
  if (Array.isArray(value)) {
    for (const item of value) {
      if (!isRecord(item) || !Array.isArray(item.ids)) continue;
      const ids = item.ids.filter((id): id is string => typeof id === 'string' && entries.has(id) && !grouped.has(id));
      if (ids.length === 0) continue;
      ids.forEach((id) => grouped.add(id));
      const group: Group = { ids, aliases: stringsOf(item.aliases) };
      if (typeof item.max_severity === 'string' && item.max_severity !== '') group.maxSeverity = item.max_severity;
      groups.push(group);
    }
  }
  const ungrouped = [...entries.keys()].filter((id) => !grouped.has(id));
  if (Array.isArray(value) && ungrouped.length > 0) {
    warnings.add(`/${pointer}: ${ungrouped.join(', ')} not in any group; grouped by their aliases`);
  }
  return [...groups, ...groupByAliases(ungrouped, entries)];
}

/** Union of ids that name each other (directly or through a shared alias such as a CVE). */
function groupByAliases(ids: string[], entries: Map<string, Record<string, unknown>>): Group[] {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let root = x;
    while (parent.get(root) !== undefined && parent.get(root) !== root) root = parent.get(root) as string;
    parent.set(x, root);
    return root;
  };
  const union = (a: string, b: string): void => {
    if (!parent.has(a)) parent.set(a, a);
    if (!parent.has(b)) parent.set(b, b);
    parent.set(find(a), find(b));
  };
  for (const id of ids) {
    union(id, id);
    for (const alias of stringsOf(entries.get(id)?.aliases)) union(id, alias);
  }
  const byRoot = new Map<string, Group>();
  for (const id of ids) {
    const root = find(id);
    const group = byRoot.get(root) ?? { ids: [], aliases: [] };
    group.ids.push(id);
    group.aliases.push(...stringsOf(entries.get(id)?.aliases));
    byRoot.set(root, group);
  }
  return [...byRoot.values()];
}

function groupRecord(
  group: Group,
  entries: Map<string, Record<string, unknown>>,
  pkg: { name: string; version?: string; ecosystem?: string; manifest?: string },
  warnings: CappedWarnings,
): Vulnerability {
  const members = group.ids.map((id) => [id, entries.get(id) as Record<string, unknown>] as const);
  const allIds = [
    ...new Set([...group.ids, ...group.aliases, ...members.flatMap(([, entry]) => stringsOf(entry.aliases))]),
  ];
  const id = [...group.ids].sort(preferGhsa)[0] as string;
  const representative = entries.get(id) as Record<string, unknown>;

  let severity: Severity | undefined;
  for (const [, entry] of members) severity = maxSeverity(severity, osvEntrySeverity(entry)?.severity);
  const groupScore = parseCvssScore(group.maxSeverity);
  if (!severity && groupScore !== undefined) severity = severityFromScore(groupScore);
  if (!severity) {
    warnings.add(
      `${id} (${pkg.name}) has no severity rating or CVSS v3 vector; counted as ${UNKNOWN_SEVERITY_FALLBACK}`,
    );
    severity = UNKNOWN_SEVERITY_FALLBACK;
  }

  const record: Vulnerability = {
    id,
    aliases: allIds.filter((alias) => alias !== id).sort(),
    package: pkg.name,
    severity,
    url: `https://osv.dev/vulnerability/${encodeURIComponent(id)}`,
  };
  if (pkg.ecosystem) record.ecosystem = pkg.ecosystem;
  if (pkg.version) record.installedVersion = pkg.version;
  if (pkg.manifest) record.manifest = pkg.manifest;
  const title =
    members.map(([, entry]) => optionalString(entry.summary)).find(Boolean) ?? firstLine(representative.details);
  if (title) record.title = title;
  const fixed = fixedVersions(
    members.map(([, entry]) => entry),
    pkg.name,
  );
  if (fixed.length === 1) record.fixAvailable = fixed[0] as string;
  else if (fixed.length > 1) record.fixAvailable = true;
  return record;
}

/** GHSA ids first (npm audit and GitHub use them), then the rest alphabetically. */
function preferGhsa(a: string, b: string): number {
  const ghsaA = a.startsWith('GHSA-') ? 0 : 1;
  const ghsaB = b.startsWith('GHSA-') ? 0 : 1;
  return ghsaA - ghsaB || a.localeCompare(b);
}

/** `affected[].ranges[].events[].fixed` for this package, distinct. */
function fixedVersions(entries: Record<string, unknown>[], name: string): string[] {
  const fixed = new Set<string>();
  for (const entry of entries) {
    for (const affected of Array.isArray(entry.affected) ? entry.affected : []) {
      if (!isRecord(affected) || !isRecord(affected.package) || affected.package.name !== name) continue;
      for (const range of Array.isArray(affected.ranges) ? affected.ranges : []) {
        if (!isRecord(range) || !Array.isArray(range.events)) continue;
        for (const event of range.events) {
          if (isRecord(event) && typeof event.fixed === 'string' && event.fixed) fixed.add(event.fixed);
        }
      }
    }
  }
  return [...fixed];
}

function stringsOf(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string' && item !== '') : [];
}

function firstLine(value: unknown): string | undefined {
  const line = typeof value === 'string' ? value.trim().split('\n', 1)[0]?.trim() : undefined;
  return line ? line.slice(0, 200) : undefined;
}
