/**
 * Runs the injected checkers and the engine's own trail check, and merges what they return. A
 * checker that throws does not stop the audit: its rules become not_assessed with the error as
 * the reason, and the report lists it as skipped.
 */
import { stat } from 'node:fs/promises';
import type { Logger } from '../../../../shared/runtime/logger.js';
import { errorMessage } from '../../../../shared/runtime/errors.js';
import type { AuditFinding, RuleOutcome, RuleSource } from '../model/audit-rule.js';
import type { EvidenceItem, SkippedItem } from '../model/checker-report.js';
import { KNOWN_RULE_IDS, TRAIL_INTEGRITY_RULE } from '../frameworks/known-rules.js';
import { verifyTrail, type TrailVerification } from '../evidence/verify-trail.js';
import type { ComplianceChecker } from './ports.js';

export interface CollectedOutcomes {
  outcomes: RuleOutcome[];
  skipped: SkippedItem[];
  evidence: EvidenceItem[];
  trail?: TrailVerification;
}

/** Rule ids start with their source's prefix (`repo/` for repository files). */
const RULE_PREFIX: Record<RuleSource, string> = { workflow: 'workflow/', repository: 'repo/', api: 'api/' };

export async function runCheckers(checkers: readonly ComplianceChecker[], logger?: Logger): Promise<CollectedOutcomes> {
  const byRule = new Map<string, RuleOutcome>();
  const skipped: SkippedItem[] = [];
  const evidence: EvidenceItem[] = [];
  for (const checker of checkers) {
    try {
      const report = await checker.run();
      for (const outcome of report.outcomes) {
        const earlier = byRule.get(outcome.ruleId);
        byRule.set(outcome.ruleId, earlier === undefined ? outcome : mergeOutcomes(earlier, outcome));
      }
      skipped.push(...report.skipped);
      evidence.push(...report.evidence);
    } catch (err) {
      const reason = `the ${checker.name} checker failed: ${errorMessage(err)}`;
      logger?.warning(reason);
      skipped.push({ subject: checker.name, reason });
      const prefix = RULE_PREFIX[checker.source];
      const rules = checker.rules ?? KNOWN_RULE_IDS.filter((rule) => rule.startsWith(prefix));
      for (const ruleId of rules) {
        if (!byRule.has(ruleId)) byRule.set(ruleId, { ruleId, status: 'not_assessed', findings: [], reason });
      }
    }
  }
  return { outcomes: [...byRule.values()], skipped, evidence };
}

/** Two outcomes of one rule (two checkers looked): fail wins, then not_assessed, then pass. */
function mergeOutcomes(a: RuleOutcome, b: RuleOutcome): RuleOutcome {
  const rank = { fail: 0, not_assessed: 1, pass: 2 } as const;
  const status = rank[a.status] <= rank[b.status] ? a.status : b.status;
  const merged: RuleOutcome = { ruleId: a.ruleId, status, findings: [...a.findings, ...b.findings] };
  const reason = [a.reason, b.reason].filter((r) => r !== undefined).join('; ');
  if (reason !== '') merged.reason = reason;
  return merged;
}

async function isDirectory(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isDirectory(),
    () => false,
  );
}

/**
 * `audit/trail-integrity`: the previous trail verifies intact. No trail at the default place is
 * the first run (pass: the trail starts now); an explicitly given location without bundles, or
 * one that does not exist, cannot be assessed.
 */
export async function trailIntegrity(
  dir: string,
  explicit: boolean,
): Promise<{ outcome: RuleOutcome; trail?: TrailVerification }> {
  const examined = `audit trail ${dir}`;
  if (!(await isDirectory(dir))) {
    return explicit
      ? {
          outcome: {
            ruleId: TRAIL_INTEGRITY_RULE,
            status: 'not_assessed',
            findings: [],
            reason: `previous bundle location ${dir} does not exist`,
            examined,
          },
        }
      : {
          outcome: {
            ruleId: TRAIL_INTEGRITY_RULE,
            status: 'pass',
            findings: [],
            examined: `${examined}: no earlier bundle, the trail starts with this run`,
          },
        };
  }
  // A location given explicitly is often a partial copy (the last run's artifact): verify from
  // its oldest bundle. The trail directory itself must hold the whole trail from bundle 1.
  const trail = await verifyTrail(dir, { startAt: explicit ? 'earliest' : 'first' });
  if (trail.bundles.length === 0) {
    return explicit
      ? {
          outcome: {
            ruleId: TRAIL_INTEGRITY_RULE,
            status: 'not_assessed',
            findings: [],
            reason: `no evidence bundle in ${dir}`,
            examined,
          },
          trail,
        }
      : {
          outcome: {
            ruleId: TRAIL_INTEGRITY_RULE,
            status: 'pass',
            findings: [],
            examined: `${examined}: no earlier bundle, the trail starts with this run`,
          },
          trail,
        };
  }
  const findings: AuditFinding[] = trail.problems.map((problem) => ({
    ruleId: TRAIL_INTEGRITY_RULE,
    severity: 'high',
    message: `Audit trail: ${problem.message}`,
    help: 'Restore the missing or altered bundle from its artifact, or record why the trail was broken; `elder verify` shows every problem.',
    fingerprint: `trail\0${problem.kind}\0${problem.sequence ?? ''}\0${problem.item ?? ''}`,
  }));
  return {
    outcome: {
      ruleId: TRAIL_INTEGRITY_RULE,
      status: findings.length === 0 ? 'pass' : 'fail',
      findings,
      examined: `${examined}: ${trail.bundles.length} bundle(s) from sequence ${trail.start}, ${trail.verifiedLinks}/${trail.expectedLinks} link(s) verified`,
    },
    trail,
  };
}
