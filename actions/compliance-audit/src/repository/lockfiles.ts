import type { AuditFinding, RuleOutcome } from '../model/audit-rule.js';
import type { RepositoryFile } from './repository-files.js';
import { REPOSITORY_RULES } from './repository-rules.js';

/**
 * Manifest -> lockfiles that pin it. A workspace member (a manifest in a subfolder) is pinned by
 * a lockfile in any folder above it, because npm, pnpm, yarn, Cargo and Go workspaces keep one
 * lockfile at the workspace root.
 */
const LOCKFILES: Record<string, readonly string[]> = {
  'package.json': ['package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lockb', 'bun.lock'],
  'go.mod': ['go.sum'],
  'Cargo.toml': ['Cargo.lock'],
  'pyproject.toml': ['poetry.lock', 'uv.lock', 'pdm.lock', 'Pipfile.lock'],
  Pipfile: ['Pipfile.lock'],
  Gemfile: ['Gemfile.lock'],
  'composer.json': ['composer.lock'],
};

/** Folders whose manifests are examples or test fixtures, not something the project installs. */
const NOT_INSTALLED = /(^|\/)(test|tests|fixtures|__fixtures__|testdata|examples?)\//;

export function checkLockfiles(
  files: readonly RepositoryFile[],
  readText: (file: RepositoryFile) => string | undefined = () => undefined,
): RuleOutcome {
  const rule = REPOSITORY_RULES.lockfile;
  const paths = new Set(files.map((f) => f.path));
  const findings: AuditFinding[] = [];
  let manifests = 0;
  for (const file of files) {
    const slash = file.path.lastIndexOf('/');
    const base = file.path.slice(slash + 1);
    const locks = LOCKFILES[base];
    if (!locks || NOT_INSTALLED.test(file.path)) continue;
    if (base === 'package.json' && !declaresDependencies(readText(file))) continue;
    manifests += 1;
    if (!hasLockAbove(paths, file.path.slice(0, slash + 1), locks)) {
      findings.push({
        ruleId: rule.id,
        severity: rule.severity,
        message: `${file.path} has no lockfile (${locks.join(', ')}) in its folder or above.`,
        location: { file: file.path, line: 1, column: 1 },
        help: rule.help,
        fingerprint: `${rule.id}:${file.path}`,
      });
    }
  }
  return {
    ruleId: rule.id,
    status: findings.length > 0 ? 'fail' : 'pass',
    findings,
    examined: `${manifests} dependency manifest(s)`,
  };
}

function hasLockAbove(paths: ReadonlySet<string>, dir: string, locks: readonly string[]): boolean {
  let current = dir;
  for (;;) {
    if (locks.some((lock) => paths.has(`${current}${lock}`))) return true;
    if (current === '') return false;
    const parent = current.slice(0, -1).lastIndexOf('/');
    current = parent === -1 ? '' : current.slice(0, parent + 1);
  }
}

/**
 * A package.json without dependencies installs nothing, so there is nothing to lock (npm writes
 * no lockfile for it either). Unreadable or invalid JSON counts as declaring some: fail closed.
 */
function declaresDependencies(text: string | undefined): boolean {
  if (text === undefined) return true;
  try {
    const manifest = JSON.parse(text) as Record<string, unknown>;
    return ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'].some((key) => {
      const deps = manifest[key];
      return typeof deps === 'object' && deps !== null && Object.keys(deps).length > 0;
    });
  } catch {
    return true;
  }
}
