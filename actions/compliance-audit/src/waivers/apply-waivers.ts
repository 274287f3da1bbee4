/**
 * Applies configured waivers and inline suppressions to rule outcomes. A waived finding leaves
 * the outcome (so it neither fails a control nor counts as critical) and is listed as waived; an
 * expired waiver waives nothing: its findings stand and the waiver itself becomes a
 * `waiver/expired` finding (high), so an expired exception fails loudly instead of lingering.
 */
import { globToRegExp } from '../../../../shared/runtime/glob.js';
import type { AuditFinding, RuleOutcome } from '../model/audit-rule.js';
import { EXPIRED_WAIVER_RULE } from '../frameworks/known-rules.js';
import {
  parseInlineSuppressions,
  suppressionFor,
  type IgnoredSuppression,
  type InlineSuppression,
} from './inline-suppression.js';
import { isExpired, type ConfiguredWaiver } from './waiver.js';

export interface WaivedFinding {
  finding: AuditFinding;
  by: 'config' | 'inline';
  reason: string;
  owner?: string;
  ticket?: string;
  expires?: string;
  /** For inline: where the comment is. */
  at?: string;
}

export interface WaiverApplication {
  /** Outcomes with waived findings removed; a fail whose findings were all waived is a pass. */
  outcomes: RuleOutcome[];
  waived: WaivedFinding[];
  /** One `waiver/expired` finding per expired configured waiver, in the order of `expiredWaivers`. */
  expiredFindings: AuditFinding[];
  expiredWaivers: ConfiguredWaiver[];
  ignoredSuppressions: IgnoredSuppression[];
}

export interface WaiverInput {
  outcomes: readonly RuleOutcome[];
  waivers: readonly ConfiguredWaiver[];
  now: Date;
  /** Text of a repository file, for inline comments; undefined when it cannot be read. */
  readText: (path: string) => Promise<string | undefined>;
  /** Where configured waivers live, for the location of `waiver/expired` findings. */
  configFile?: string;
}

function matchesPath(waiver: ConfiguredWaiver, finding: AuditFinding): boolean {
  if (waiver.path === undefined) return true;
  const file = finding.location?.file;
  if (file === undefined) return false;
  const prefix = waiver.path.replace(/\/+$/, '');
  return file === prefix || file.startsWith(`${prefix}/`) || globToRegExp(waiver.path)(file);
}

async function loadSuppressions(
  outcomes: readonly RuleOutcome[],
  readText: WaiverInput['readText'],
): Promise<{ byFile: Map<string, InlineSuppression[]>; ignored: IgnoredSuppression[] }> {
  const files = new Set<string>();
  for (const outcome of outcomes)
    for (const f of outcome.findings) if (f.location?.line !== undefined) files.add(f.location.file);
  const byFile = new Map<string, InlineSuppression[]>();
  const ignored: IgnoredSuppression[] = [];
  for (const file of [...files].sort()) {
    const text = await readText(file);
    if (text === undefined) continue;
    const parsed = parseInlineSuppressions(file, text);
    byFile.set(file, parsed.suppressions);
    ignored.push(...parsed.ignored);
  }
  return { byFile, ignored };
}

export async function applyWaivers(input: WaiverInput): Promise<WaiverApplication> {
  const active = input.waivers.filter((w) => !isExpired(w.expires, input.now));
  const expired = input.waivers.filter((w) => isExpired(w.expires, input.now));
  const { byFile, ignored } = await loadSuppressions(input.outcomes, input.readText);
  const waived: WaivedFinding[] = [];

  const outcomes = input.outcomes.map((outcome): RuleOutcome => {
    const kept: AuditFinding[] = [];
    for (const finding of outcome.findings) {
      const line = finding.location?.line;
      const inline =
        line === undefined
          ? undefined
          : suppressionFor(byFile.get(finding.location?.file ?? '') ?? [], outcome.ruleId, line);
      const configured = active.find((w) => w.rule === outcome.ruleId && matchesPath(w, finding));
      if (inline !== undefined) {
        waived.push({ finding, by: 'inline', reason: inline.reason, at: `${inline.file}:${inline.line}` });
      } else if (configured !== undefined) {
        waived.push({
          finding,
          by: 'config',
          reason: configured.reason,
          owner: configured.owner,
          ticket: configured.ticket,
          expires: configured.expires,
        });
      } else kept.push(finding);
    }
    if (kept.length === outcome.findings.length) return outcome;
    const status = outcome.status === 'fail' && kept.length === 0 ? 'pass' : outcome.status;
    return { ...outcome, status, findings: kept };
  });

  const expiredFindings = expired.map((waiver): AuditFinding => {
    const matched = input.outcomes
      .filter((o) => o.ruleId === waiver.rule)
      .flatMap((o) => o.findings)
      .filter((f) => matchesPath(waiver, f)).length;
    return {
      ruleId: EXPIRED_WAIVER_RULE,
      severity: 'high',
      message: `The waiver for ${waiver.rule}${waiver.path === undefined ? '' : ` on ${waiver.path}`} (owner ${waiver.owner}, ticket ${waiver.ticket}) expired on ${waiver.expires}; ${matched} finding(s) it covered now stand.`,
      evidence: `reason: ${waiver.reason}`,
      help: 'Fix the findings, or renew the waiver with a new expiry after review.',
      fingerprint: `waiver-expired\0${waiver.rule}\0${waiver.path ?? ''}\0${waiver.ticket}`,
      ...(input.configFile === undefined ? {} : { location: { file: input.configFile } }),
    };
  });
  return { outcomes, waived, expiredFindings, expiredWaivers: expired, ignoredSuppressions: ignored };
}
