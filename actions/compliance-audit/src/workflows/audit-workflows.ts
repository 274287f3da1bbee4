/**
 * The workflow checker: finds workflow files and composite actions under `root`, audits each
 * with auditWorkflowText, and returns one outcome per workflow rule, one evidence item per file
 * examined (sha256 of its bytes) and one skipped item per file it could not examine.
 */
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import type { AuditFinding, RuleOutcome } from '../model/audit-rule.js';
import { sha256Hex } from '../evidence/canonical-json.js';
import type { CheckerReport, EvidenceItem, SkippedItem } from '../model/checker-report.js';
import { auditWorkflowText } from './audit-workflow-text.js';
import { findWorkflowFiles, MAX_DIRECTORIES } from './find-workflow-files.js';
import { readWorkflowFile } from './load/read-workflow-file.js';
import { WorkflowSkip } from './load/skip-reason.js';
import { WORKFLOW_RULES } from './rules/index.js';
import { selfHostedRunnerPublicRule } from './rules/self-hosted-runner-public.js';

export interface AuditWorkflowsOptions {
  visibility?: 'public' | 'private' | 'internal';
  /** Repository-relative files to audit instead of discovering them. */
  paths?: string[];
}

export async function auditWorkflows(root: string, options: AuditWorkflowsOptions = {}): Promise<CheckerReport> {
  const realRoot = await realpath(root);
  const skipped: SkippedItem[] = [];
  const evidence: EvidenceItem[] = [];
  const findings: AuditFinding[] = [];
  let candidates: string[];
  const actionFiles = new Set<string>();
  if (options.paths) {
    candidates = options.paths.map((p) => p.replace(/\\/g, '/'));
    for (const p of candidates) if (/(^|\/)action\.ya?ml$/.test(p)) actionFiles.add(p);
  } else {
    const found = await findWorkflowFiles(realRoot);
    if (found.truncated) {
      skipped.push({ subject: '.', reason: `stopped looking for action.yml after ${MAX_DIRECTORIES} directories` });
    }
    for (const a of found.actions) actionFiles.add(a);
    candidates = [...found.workflows, ...found.actions];
  }

  let workflows = 0;
  let composites = 0;
  for (const file of candidates) {
    const absolute = path.resolve(realRoot, file);
    const relative = path.relative(realRoot, absolute);
    if (relative.startsWith('..') || path.isAbsolute(relative)) {
      skipped.push({ subject: file, reason: 'path is outside the repository' });
      continue;
    }
    let text: string;
    let bytes: Buffer;
    try {
      ({ text, bytes } = await readWorkflowFile(realRoot, absolute, file));
    } catch (err) {
      if (err instanceof WorkflowSkip) skipped.push({ subject: file, reason: err.reason });
      else skipped.push({ subject: file, reason: `could not read: ${(err as Error).message}` });
      continue;
    }
    const result = auditWorkflowText(file, text, { visibility: options.visibility });
    if (result.skipped) {
      skipped.push(result.skipped);
      // Parsed but a rule failed: keep what the other rules found.
      if (result.kind === undefined) continue;
    }
    // action.yml files that are not composite (JavaScript or Docker actions) are not audited here.
    if (result.kind === 'other-action' || (actionFiles.has(file) && result.kind !== 'composite-action')) continue;
    if (result.kind === 'composite-action') composites++;
    else workflows++;
    findings.push(...result.findings);
    evidence.push({
      name: result.kind === 'composite-action' ? 'composite action' : 'workflow file',
      path: file,
      sha256: sha256Hex(bytes),
      bytes: bytes.length,
    });
  }

  const examined = `${workflows} workflow file${workflows === 1 ? '' : 's'}, ${composites} composite action${composites === 1 ? '' : 's'}`;
  const outcomes: RuleOutcome[] = WORKFLOW_RULES.map(({ rule }) => {
    const ruleFindings = findings.filter((f) => f.ruleId === rule.id);
    if (workflows + composites === 0 && skipped.length > 0) {
      // Nothing could be read: a pass would claim we looked.
      return {
        ruleId: rule.id,
        status: 'not_assessed',
        findings: [],
        reason: `no workflow file could be examined (${skipped.length} skipped)`,
        examined,
      };
    }
    if (rule.id === selfHostedRunnerPublicRule.id && options.visibility === undefined) {
      return {
        ruleId: rule.id,
        status: 'not_assessed',
        findings: [],
        reason: 'repository visibility is unknown (pass visibility: public, private or internal)',
        examined,
      };
    }
    return { ruleId: rule.id, status: ruleFindings.length > 0 ? 'fail' : 'pass', findings: ruleFindings, examined };
  });
  return { outcomes, skipped, evidence };
}
