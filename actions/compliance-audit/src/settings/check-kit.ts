import { sha256Hex } from '../evidence/canonical-json.js';
import type { Severity } from '../../../../shared/result/phase-result.js';
import type { AuditFinding, AuditRule, RuleOutcome } from '../model/audit-rule.js';
import type { EvidenceItem, SkippedItem } from '../model/checker-report.js';
import type { ApiReader, RepoCoordinates } from './api-reader.js';
import type { Capabilities } from './capability-probe.js';

export interface SettingsOptions {
  defaultBranch: string;
  productionEnvironments: string[];
  qualityGateCheck: string;
  maxAdmins: number;
  /** Deploy keys older than this many days are findings. */
  maxDeployKeyAgeDays: number;
  now: Date;
}

/** Collects what the checks read, redacted, with its sha256; one item per path. */
export class EvidenceRecorder {
  readonly items: EvidenceItem[] = [];

  record(name: string, path: string, value: unknown): void {
    if (this.items.some((item) => item.path === path)) return;
    const content = `${JSON.stringify(redactSecrets(value), null, 2)}\n`;
    this.items.push({
      name,
      path,
      sha256: sha256Hex(content),
      bytes: Buffer.byteLength(content),
      content,
    });
  }
}

/** Field names whose values are credentials or key material; never stored in the bundle. */
const SECRET_FIELDS = /^(key|secret|token|password|private_key|client_secret)$/i;

/**
 * A copy of an API response with credentials replaced by a length-and-hash marker: the bundle
 * proves what was seen (the same key gives the same marker) without holding the material.
 */
export function redactSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(value)) {
    if (SECRET_FIELDS.test(name) && typeof field === 'string' && field.length > 0) {
      const digest = sha256Hex(field).slice(0, 12);
      out[name] = `[redacted: ${field.length} chars, sha256 ${digest}…]`;
    } else {
      out[name] = redactSecrets(field);
    }
  }
  return out;
}

export interface SettingsContext {
  reader: ApiReader;
  repo: RepoCoordinates;
  capabilities: Capabilities;
  /** GET /repos/{owner}/{repo}, when readable. */
  repository: Record<string, unknown> | undefined;
  options: SettingsOptions;
  evidence: EvidenceRecorder;
}

/** What one part of a check found: findings, what it could not look at, what it looked at. */
export interface PartialAssessment {
  findings: AuditFinding[];
  /** Parts not assessed: the endpoint and the reason (permission or error). */
  unknown: SkippedItem[];
  examined: string[];
}

export function emptyAssessment(): PartialAssessment {
  return { findings: [], unknown: [], examined: [] };
}

export function merge(...parts: PartialAssessment[]): PartialAssessment {
  return {
    findings: parts.flatMap((p) => p.findings),
    unknown: parts.flatMap((p) => p.unknown),
    examined: parts.flatMap((p) => p.examined),
  };
}

/**
 * The rule's outcome: any finding fails it (what could not be read is still listed); otherwise
 * anything unread makes it not_assessed; only a complete look with no finding passes.
 */
export function outcomeOf(rule: AuditRule, assessment: PartialAssessment): RuleOutcome {
  const examined = assessment.examined.join('; ') || undefined;
  const unknownText = assessment.unknown.map((u) => `${u.subject}: ${u.reason}`).join('; ');
  if (assessment.findings.length > 0) {
    const note = unknownText ? `${examined ?? ''}${examined ? '; ' : ''}not read: ${unknownText}` : examined;
    return { ruleId: rule.id, status: 'fail', findings: assessment.findings, ...(note ? { examined: note } : {}) };
  }
  if (assessment.unknown.length > 0) {
    const reason = [...new Set(assessment.unknown.map((u) => u.reason))].join('; ');
    return { ruleId: rule.id, status: 'not_assessed', findings: [], reason, ...(examined ? { examined } : {}) };
  }
  return { ruleId: rule.id, status: 'pass', findings: [], ...(examined ? { examined } : {}) };
}

export function finding(
  rule: AuditRule,
  message: string,
  details: { subject: string; severity?: Severity; evidence?: string },
): AuditFinding {
  return {
    ruleId: rule.id,
    severity: details.severity ?? rule.severity,
    message,
    help: rule.help,
    fingerprint: `${rule.id}:${details.subject}`,
    ...(details.evidence ? { evidence: details.evidence } : {}),
  };
}

/** A rule's outcome plus what it could not read, for the checker report's `skipped` list. */
export interface AssessedRule {
  outcome: RuleOutcome;
  skipped: SkippedItem[];
}

export function assessedRule(rule: AuditRule, assessment: PartialAssessment): AssessedRule {
  return { outcome: outcomeOf(rule, assessment), skipped: assessment.unknown };
}
