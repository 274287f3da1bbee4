/**
 * `workflow/persisted-credentials-artifact`: `actions/checkout` writes the GITHUB_TOKEN into
 * `.git/config` unless `persist-credentials: false`. Uploading the workspace root or `.git` as an
 * artifact afterwards publishes that token to anyone who can download the run's artifacts
 * ("ArtiPACKED"). upload-artifact v4.4+ skips hidden files unless `include-hidden-files: true`,
 * but older versions and explicit `.git` paths do not, so every such upload is reported; it is
 * high when `.git` is named or hidden files are included, medium otherwise.
 */
import type { Scalar } from 'yaml';
import type { AuditFinding, AuditRule } from '../../model/audit-rule.js';
import { lineOffset } from '../model/source-position.js';
import { usesAction } from '../model/workflow-model.js';
import type { StepModel } from '../model/workflow-model.js';
import type { YamlNodes } from '../model/yaml-nodes.js';
import { code, finding } from './workflow-rule.js';
import type { RuleContext, WorkflowRule } from './workflow-rule.js';

export const persistedCredentialsArtifactRule: AuditRule = {
  id: 'workflow/persisted-credentials-artifact',
  source: 'workflow',
  family: 'secrets',
  severity: 'high',
  title: 'Checkout credentials uploaded in an artifact',
  help:
    'Set `persist-credentials: false` on `actions/checkout` (and authenticate later steps explicitly), and ' +
    'upload only the build outputs (`path: dist/`), never the workspace root or `.git`.',
};

type Exposure = 'workspace' | 'git';

/** Classifies one line of upload-artifact's `path:` input. */
export function exposureOf(entry: string): Exposure | undefined {
  let path = entry.trim();
  if (path === '' || path.startsWith('!') || path.startsWith('#')) return undefined;
  path = path.replace(/\$\{\{\s*github\.workspace\s*\}\}/gi, '.').replace(/\\/g, '/');
  const segments = path.split('/').filter((s) => s !== '');
  if (segments.includes('.git')) return 'git';
  // Drop leading `.`/`./` and trailing globs that still cover the whole tree.
  while (segments[0] === '.') segments.shift();
  while (segments.length > 0 && ['*', '**', '**/*'].includes(segments[segments.length - 1] as string)) segments.pop();
  return segments.length === 0 ? 'workspace' : undefined;
}

export function checkPersistedCredentialsArtifact(context: RuleContext): AuditFinding[] {
  const { nodes, yaml } = context.model;
  const findings: AuditFinding[] = [];
  for (const job of context.model.jobs) {
    let checkout: StepModel | undefined;
    for (const step of job.steps) {
      if (usesAction(step.uses, 'actions/checkout')) {
        if (persistsCredentials(nodes, step)) checkout ??= step;
        continue;
      }
      if (!checkout || !usesAction(step.uses, 'actions/upload-artifact')) continue;
      const path = nodes.scalar(nodes.get(step.withMap, 'path'));
      const value = nodes.text(path);
      if (!path || value === undefined) continue;
      const hidden = nodes.text(nodes.get(step.withMap, 'include-hidden-files'))?.trim().toLowerCase() === 'true';
      for (const line of value.split('\n')) {
        const exposure = exposureOf(line);
        if (!exposure) continue;
        findings.push(
          finding(context, persistedCredentialsArtifactRule, {
            offset: entryOffset(yaml.text, path, line.trim()),
            severity: exposure === 'git' || hidden ? 'high' : 'medium',
            message:
              `step ${step.index + 1} of job ${code(job.id)} uploads ${exposure === 'git' ? 'the `.git` directory' : 'the whole workspace'} ` +
              `(${code(line.trim())}) after step ${checkout.index + 1} checked out with persisted credentials: the ` +
              'GITHUB_TOKEN in `.git/config` ends up in the artifact',
          }),
        );
        break;
      }
    }
  }
  return findings;
}

function persistsCredentials(nodes: YamlNodes, step: StepModel): boolean {
  const value = nodes.text(nodes.get(step.withMap, 'persist-credentials'))?.trim().toLowerCase();
  return value !== 'false' && value !== '${{ false }}';
}

function entryOffset(text: string, scalar: Scalar, entry: string): number {
  const offset = lineOffset(text, scalar, entry);
  if (offset !== scalar.range?.[0]) return offset;
  // One-line quoted values: point inside the quotes.
  const at = text.indexOf(entry, offset);
  return at >= 0 && scalar.range && at < scalar.range[1] ? at : offset;
}

export const persistedCredentialsArtifact: WorkflowRule = {
  rule: persistedCredentialsArtifactRule,
  check: checkPersistedCredentialsArtifact,
};
