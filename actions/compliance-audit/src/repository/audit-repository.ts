import { sha256Hex } from '../evidence/canonical-json.js';
import type { AuditFinding, RuleOutcome } from '../model/audit-rule.js';
import type { CheckerReport, EvidenceItem, SkippedItem } from '../model/checker-report.js';
import { binaryFinding, binaryKind } from './binary-artifacts.js';
import { checkCodeowners, checkDependencyUpdates, checkLicense, checkSecurityPolicy } from './governance-files.js';
import { checkLockfiles } from './lockfiles.js';
import { MAX_SCANNED_BYTES, readForScan } from './read-text.js';
import { scanRegulatedData } from './regulated/scan-regulated.js';
import { listRepositoryFiles, type RepositoryFile } from './repository-files.js';
import { REPOSITORY_RULES } from './repository-rules.js';
import { scanSecrets } from './secrets/scan-secrets.js';

export interface RepositoryAuditOptions {
  /** Path prefixes to leave out, e.g. a test corpus of deliberately bad files. */
  exclude?: readonly string[];
  maxFiles?: number;
}

/** Files whose content is machine-written and full of hashes that look like secrets. */
const LOCKFILE_NAMES =
  /(^|\/)(package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|go\.sum|Cargo\.lock|poetry\.lock|uv\.lock|Gemfile\.lock|composer\.lock|Pipfile\.lock)$/;

/**
 * Repository-file checks: governance files, lockfiles, binaries, credentials and regulated data.
 * One bad file (unreadable, not UTF-8, too large, a link out of the repository) is recorded in
 * `skipped` and the audit goes on; rules whose files could not all be read still report what
 * they found, and the skipped list says what they did not see.
 */
export async function auditRepositoryFiles(root: string, options: RepositoryAuditOptions = {}): Promise<CheckerReport> {
  const listing = await listRepositoryFiles(root, options);
  const skipped: SkippedItem[] = [...listing.skipped];
  const texts = new Map<string, string>();
  const binaries: AuditFinding[] = [];
  const secrets: AuditFinding[] = [];
  const regulated: AuditFinding[] = [];
  const manifest: string[] = [];

  for (const file of listing.files) {
    let content;
    try {
      content = await readForScan(file.absolute, file.bytes);
    } catch (error) {
      skipped.push({ subject: file.path, reason: `could not be read: ${(error as Error).message}` });
      continue;
    }
    if (content.kind === 'binary' || content.kind === 'too-large') {
      const kind = binaryKind(file.path, content.head);
      if (kind) binaries.push(binaryFinding(file.path, kind));
      else if (content.kind === 'too-large') {
        skipped.push({
          subject: file.path,
          reason: `larger than ${MAX_SCANNED_BYTES / 1024 / 1024} MiB: not scanned for secrets or regulated data`,
        });
      }
      continue;
    }
    if (content.kind === 'not-utf8') {
      skipped.push({
        subject: file.path,
        reason: `not UTF-8 (first invalid byte at offset ${content.offset}): not scanned`,
      });
      continue;
    }
    texts.set(file.path, content.text);
    manifest.push(`${sha256Hex(content.text)}  ${file.path}`);
    const kind = binaryKind(file.path, new Uint8Array());
    if (kind) binaries.push(binaryFinding(file.path, kind)); // e.g. a text-looking .class or .pyc
    if (LOCKFILE_NAMES.test(file.path)) continue;
    secrets.push(...scanSecrets(file.path, content.text));
    regulated.push(...scanRegulatedData(file.path, content.text));
  }

  const readText = (file: RepositoryFile): string | undefined => texts.get(file.path);
  const files = listing.files;
  const outcomes: RuleOutcome[] = [
    checkSecurityPolicy(files),
    checkLicense(files),
    checkCodeowners(files, readText),
    checkDependencyUpdates(files),
    checkLockfiles(files, readText),
    scanned(REPOSITORY_RULES.binaryArtifact.id, binaries, files.length),
    scanned(REPOSITORY_RULES.secret.id, secrets, texts.size),
    ...[REPOSITORY_RULES.card, REPOSITORY_RULES.iban, REPOSITORY_RULES.nationalId, REPOSITORY_RULES.health].map(
      (rule) =>
        scanned(
          rule.id,
          regulated.filter((f) => f.ruleId === rule.id),
          texts.size,
        ),
    ),
  ];

  const evidence: EvidenceItem[] = [];
  for (const outcome of outcomes) {
    const path = outcome.status === 'pass' ? outcome.examined : undefined;
    const text = path ? texts.get(path) : undefined;
    if (path && text !== undefined) {
      evidence.push({ name: `${outcome.ruleId} file`, path, sha256: sha256Hex(text), bytes: Buffer.byteLength(text) });
    }
  }
  const manifestText = manifest.join('\n') + (manifest.length > 0 ? '\n' : '');
  evidence.push({
    name: `sha256 of every scanned text file (${listing.source === 'git' ? 'tracked files' : 'folder walk'})`,
    path: 'repository/scanned-files.sha256',
    sha256: sha256Hex(manifestText),
    bytes: Buffer.byteLength(manifestText),
    content: manifestText,
  });
  return { outcomes, skipped, evidence };
}

function scanned(ruleId: string, findings: AuditFinding[], examined: number): RuleOutcome {
  return { ruleId, status: findings.length > 0 ? 'fail' : 'pass', findings, examined: `${examined} file(s)` };
}
