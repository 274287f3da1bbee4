/**
 * `workflow/unpinned-action`: a third-party action or reusable workflow referenced by a tag,
 * branch or short SHA can change under you: whoever controls that repository (or steals its
 * credentials) decides what your job runs next time. Only a full 40-hex commit SHA is immutable.
 * A `docker://` image needs an `@sha256:` digest for the same reason.
 *
 * Decisions: local actions (`./...`) are exempt, they are versioned with the repository itself.
 * GitHub's own `actions/*` and `github/*` are reported too, as OpenSSF Scorecard's
 * Pinned-Dependencies check counts them (a tag there can also be moved), but with LOW severity:
 * they are maintained by the platform that already runs the workflow. Third-party refs: branch
 * names (`main`, `master`, ...) or no ref are high severity because they move on every push;
 * tags and short SHAs are medium.
 */
import type { Scalar } from 'yaml';
import type { Severity } from '../../../../../shared/result/phase-result.js';
import type { AuditFinding, AuditRule } from '../../model/audit-rule.js';
import { code, finding } from './workflow-rule.js';
import type { RuleContext, WorkflowRule } from './workflow-rule.js';

export const unpinnedActionRule: AuditRule = {
  id: 'workflow/unpinned-action',
  source: 'workflow',
  family: 'supply_chain',
  severity: 'medium',
  title: 'Action not pinned to a commit SHA',
  help:
    'Reference third-party actions and reusable workflows by a full 40-character commit SHA ' +
    '(`owner/repo@<sha> # v1.2.3`) and let Dependabot or Renovate update it; pin container images ' +
    'with `@sha256:<digest>`. Tags and branches can be moved to different code at any time.',
};

export const FIRST_PARTY_OWNERS: ReadonlySet<string> = new Set(['actions', 'github']);
const BRANCH_NAMES = new Set(['main', 'master', 'dev', 'develop', 'trunk', 'latest', 'head']);

export type PinProblem = { kind: 'ok' } | { kind: 'unpinned'; detail: string; severity: Severity };

/** Judges one `uses:` value. */
export function judgePin(uses: string): PinProblem {
  if (uses.startsWith('./') || uses.startsWith('../')) return { kind: 'ok' };
  if (uses.toLowerCase().startsWith('docker://')) {
    const digest = uses.indexOf('@sha256:');
    if (digest >= 0 && isHex(uses.slice(digest + 8), 64)) return { kind: 'ok' };
    return { kind: 'unpinned', detail: 'a container image without an `@sha256:` digest', severity: 'medium' };
  }
  const at = uses.lastIndexOf('@');
  const owner = uses.slice(0, uses.indexOf('/') < 0 ? uses.length : uses.indexOf('/')).toLowerCase();
  const firstParty = FIRST_PARTY_OWNERS.has(owner);
  const severity = (thirdParty: Severity): Severity => (firstParty ? 'low' : thirdParty);
  if (at < 0) return { kind: 'unpinned', detail: 'no ref at all', severity: severity('high') };
  const ref = uses.slice(at + 1);
  if (isHex(ref, 40)) return { kind: 'ok' };
  if (/^[0-9a-f]{7,39}$/i.test(ref)) {
    return { kind: 'unpinned', detail: `the short SHA ${code(ref)}`, severity: severity('medium') };
  }
  const branch = BRANCH_NAMES.has(ref.toLowerCase());
  return {
    kind: 'unpinned',
    detail: `${branch ? 'the branch' : 'the tag or branch'} ${code(ref)}`,
    severity: severity(branch ? 'high' : 'medium'),
  };
}

function isHex(text: string, length: number): boolean {
  if (text.length !== length) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i) | 0x20;
    if (!((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66))) return false;
  }
  return true;
}

export function checkUnpinnedAction(context: RuleContext): AuditFinding[] {
  const findings: AuditFinding[] = [];
  const report = (uses: string | undefined, node: Scalar | undefined, what: string): void => {
    if (uses === undefined || node?.range === undefined || node.range === null) return;
    const verdict = judgePin(uses);
    if (verdict.kind === 'ok') return;
    findings.push(
      finding(context, unpinnedActionRule, {
        offset: node.range[0],
        message: `${what} ${code(uses)} is referenced by ${verdict.detail}, not a full commit SHA`,
        evidence: uses,
        severity: verdict.severity,
      }),
    );
  };
  for (const job of context.model.jobs) {
    report(job.uses, job.usesNode, 'reusable workflow');
    for (const step of job.steps) report(step.uses, step.usesNode, 'action');
  }
  return findings;
}

export const unpinnedAction: WorkflowRule = { rule: unpinnedActionRule, check: checkUnpinnedAction };
