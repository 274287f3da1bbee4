/**
 * The base branch's last quality-gate result, as the gate uses it: metric values for deltas, and
 * the identities of its findings, failing tests and vulnerabilities for "new" ones.
 *
 * Identities travel in the result's `details.baseline` (a BaselineRecord), written by every run
 * so the next run on another branch can compare. A kind the base run did not read (no findings
 * report there) stays undefined, which the gate treats as "no baseline for that kind", not as
 * "the base had none".
 */
import type { Finding, Metric, PhaseResult } from '../../../../shared/result/phase-result.js';
import type { Vulnerability } from '../model.js';
import type { TestClassification } from '../flaky/test-classifier.js';
import { findingIdentity, vulnerabilityIdentities } from './identities.js';

/** Where a result keeps its BaselineRecord. */
export const BASELINE_DETAILS_KEY = 'baseline';

/** Per kind at most this many identities are stored (a few MB of JSON): past it, the record is partial. */
export const MAX_BASELINE_IDENTITIES = 200_000;

export interface BaselineRecord {
  version: 1;
  findings?: string[];
  failingTests?: string[];
  vulnerabilities?: string[];
  /** Kinds cut at MAX_BASELINE_IDENTITIES (or whose source list was itself capped). */
  partial?: ('findings' | 'failingTests' | 'vulnerabilities')[];
}

export interface Baseline {
  /** The base run's commit and ref, for notes. */
  commit?: string;
  ref?: string;
  metrics: ReadonlyMap<string, Metric>;
  findings?: ReadonlySet<string>;
  failingTests?: ReadonlySet<string>;
  vulnerabilities?: ReadonlySet<string>;
  /** Sentences on what the base result could not tell. */
  gaps: string[];
}

/** What this run stores for the next one: identities of what it read (undefined = not read). */
export function baselineRecord(read: {
  findings?: readonly Finding[];
  tests?: TestClassification;
  vulnerabilities?: readonly Vulnerability[];
}): BaselineRecord {
  const record: BaselineRecord = { version: 1 };
  const partial: NonNullable<BaselineRecord['partial']> = [];
  const capped = (kind: (typeof partial)[number], identities: Iterable<string>, sourceCapped = false): string[] => {
    const unique = [...new Set(identities)].sort();
    if (unique.length > MAX_BASELINE_IDENTITIES || sourceCapped) partial.push(kind);
    return unique.slice(0, MAX_BASELINE_IDENTITIES);
  };
  if (read.findings !== undefined) record.findings = capped('findings', read.findings.map(findingIdentity));
  if (read.tests !== undefined) {
    record.failingTests = capped(
      'failingTests',
      read.tests.failed.map((test) => test.id),
      read.tests.failedNotKept > 0,
    );
  }
  if (read.vulnerabilities !== undefined) {
    record.vulnerabilities = capped('vulnerabilities', read.vulnerabilities.flatMap(vulnerabilityIdentities));
  }
  if (partial.length > 0) record.partial = partial;
  return record;
}

export function baselineFromResult(result: PhaseResult): Baseline {
  const baseline: Baseline = { metrics: new Map(result.metrics.map((metric) => [metric.name, metric])), gaps: [] };
  if (result.source?.commit !== undefined) baseline.commit = result.source.commit;
  if (result.source?.ref !== undefined) baseline.ref = result.source.ref;
  const record = readRecord(result.details?.[BASELINE_DETAILS_KEY]);
  if (record === undefined) {
    // An older result without a record: its own findings are the best identities there are.
    baseline.findings = new Set(result.findings.map(findingIdentity));
    baseline.gaps.push(
      'the base result stores no baseline record; its findings list was used, failing tests and vulnerabilities are not compared',
    );
    return baseline;
  }
  if (record.findings !== undefined) baseline.findings = new Set(record.findings);
  if (record.failingTests !== undefined) baseline.failingTests = new Set(record.failingTests);
  if (record.vulnerabilities !== undefined) baseline.vulnerabilities = new Set(record.vulnerabilities);
  for (const kind of record.partial ?? []) {
    baseline.gaps.push(`the base result lists only part of its ${kind}; the rest count as new here`);
  }
  return baseline;
}

/** The record if it has the shape we wrote; anything else is ignored rather than trusted. */
function readRecord(value: unknown): BaselineRecord | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  if (record['version'] !== 1) return undefined;
  const list = (key: string): string[] | undefined => {
    const items = record[key];
    return Array.isArray(items) && items.every((item) => typeof item === 'string') ? (items as string[]) : undefined;
  };
  const out: BaselineRecord = { version: 1 };
  const findings = list('findings');
  const failingTests = list('failingTests');
  const vulnerabilities = list('vulnerabilities');
  if (findings !== undefined) out.findings = findings;
  if (failingTests !== undefined) out.failingTests = failingTests;
  if (vulnerabilities !== undefined) out.vulnerabilities = vulnerabilities;
  const partial = list('partial')?.filter(
    (kind): kind is 'findings' | 'failingTests' | 'vulnerabilities' =>
      kind === 'findings' || kind === 'failingTests' || kind === 'vulnerabilities',
  );
  if (partial !== undefined && partial.length > 0) out.partial = partial;
  return out;
}
