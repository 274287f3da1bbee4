import type { AuditFinding, RuleOutcome } from '../model/audit-rule.js';
import type { RepositoryFile } from './repository-files.js';
import { REPOSITORY_RULES } from './repository-rules.js';

/** Where GitHub itself looks for community health files: the root, .github/ and docs/. */
const HEALTH_FILE_DIRS = ['', '.github/', 'docs/'];

function findHealthFile(files: readonly RepositoryFile[], names: RegExp): RepositoryFile | undefined {
  return files.find((file) => {
    const slash = file.path.lastIndexOf('/');
    const dir = file.path.slice(0, slash + 1);
    const base = file.path.slice(slash + 1);
    return HEALTH_FILE_DIRS.includes(dir) && names.test(base);
  });
}

function missing(rule: { id: string; severity: AuditFinding['severity']; help: string }, message: string): RuleOutcome {
  return {
    ruleId: rule.id,
    status: 'fail',
    findings: [
      { ruleId: rule.id, severity: rule.severity, message, help: rule.help, fingerprint: `${rule.id}:missing` },
    ],
  };
}

function present(ruleId: string, file: RepositoryFile): RuleOutcome {
  return { ruleId, status: 'pass', findings: [], examined: file.path };
}

export function checkSecurityPolicy(files: readonly RepositoryFile[]): RuleOutcome {
  const rule = REPOSITORY_RULES.securityPolicy;
  const file = findHealthFile(files, /^security\.(md|markdown|txt|rst)$/i);
  return file ? present(rule.id, file) : missing(rule, 'No SECURITY.md in the root, .github/ or docs/.');
}

export function checkLicense(files: readonly RepositoryFile[]): RuleOutcome {
  const rule = REPOSITORY_RULES.license;
  // GitHub's licence detection looks at the root only.
  const file = files.find((f) => !f.path.includes('/') && /^(licen[cs]e|copying)(\.[a-z]+)?$/i.test(f.path));
  return file ? present(rule.id, file) : missing(rule, 'No LICENSE or COPYING file in the repository root.');
}

/**
 * CODEOWNERS must exist and hold at least one rule: an empty or all-comment file assigns nobody
 * and would pass a presence-only check (Scorecard's Code-Review looks at reviews, not this file).
 */
export function checkCodeowners(
  files: readonly RepositoryFile[],
  readText: (file: RepositoryFile) => string | undefined,
): RuleOutcome {
  const rule = REPOSITORY_RULES.codeowners;
  const file = findHealthFile(files, /^CODEOWNERS$/);
  if (!file) return missing(rule, 'No CODEOWNERS file in the root, .github/ or docs/.');
  const text = readText(file) ?? '';
  const rules = text.split(/\r?\n/).filter((line) => {
    const trimmed = line.trim();
    return trimmed !== '' && !trimmed.startsWith('#') && /\s@?[\w./-]+/.test(trimmed);
  });
  if (rules.length === 0) {
    return {
      ruleId: rule.id,
      status: 'fail',
      findings: [
        {
          ruleId: rule.id,
          severity: rule.severity,
          message: 'CODEOWNERS has no owner rule: every line is empty or a comment.',
          location: { file: file.path, line: 1, column: 1 },
          help: rule.help,
          fingerprint: `${rule.id}:empty`,
        },
      ],
    };
  }
  return present(rule.id, file);
}

const DEPENDENCY_UPDATE_FILES = new Set([
  '.github/dependabot.yml',
  '.github/dependabot.yaml',
  'renovate.json',
  'renovate.json5',
  '.renovaterc',
  '.renovaterc.json',
  '.github/renovate.json',
  '.github/renovate.json5',
  '.gitlab/renovate.json',
]);

export function checkDependencyUpdates(files: readonly RepositoryFile[]): RuleOutcome {
  const rule = REPOSITORY_RULES.dependencyUpdates;
  const file = files.find((f) => DEPENDENCY_UPDATE_FILES.has(f.path));
  return file
    ? present(rule.id, file)
    : missing(rule, 'No Dependabot (.github/dependabot.yml) or Renovate configuration found.');
}
