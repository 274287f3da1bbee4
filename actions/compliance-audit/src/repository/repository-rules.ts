import type { AuditRule } from '../model/audit-rule.js';

/**
 * The repository-file rules. Severities follow the harm of the worst case: a live credential or
 * a real card number in the repository is critical (anyone with read access holds it); a missing
 * policy file is low or medium (a process gap, not an exposure).
 */
export const REPOSITORY_RULES = {
  securityPolicy: {
    id: 'repo/security-policy',
    source: 'repository',
    family: 'governance',
    severity: 'low',
    title: 'Security policy present',
    help: 'Add SECURITY.md (root, .github/ or docs/) saying how to report a vulnerability and which versions get fixes.',
  },
  license: {
    id: 'repo/license',
    source: 'repository',
    family: 'governance',
    severity: 'low',
    title: 'License file present',
    help: 'Add a LICENSE (or COPYING) file so the terms under which the code is shared and used are recorded.',
  },
  codeowners: {
    id: 'repo/codeowners',
    source: 'repository',
    family: 'change_control',
    severity: 'medium',
    title: 'Code owners assigned',
    help: 'Add CODEOWNERS (root, .github/ or docs/) with at least one owner rule, and require code-owner review in branch protection.',
  },
  dependencyUpdates: {
    id: 'repo/dependency-update-config',
    source: 'repository',
    family: 'supply_chain',
    severity: 'medium',
    title: 'Dependency updates automated',
    help: 'Add .github/dependabot.yml (or a Renovate configuration) so vulnerable dependencies are proposed for update.',
  },
  lockfile: {
    id: 'repo/lockfile',
    source: 'repository',
    family: 'supply_chain',
    severity: 'medium',
    title: 'Dependency manifests have lockfiles',
    help: 'Commit the lockfile next to each manifest (package-lock.json, yarn.lock, pnpm-lock.yaml, go.sum, Cargo.lock, poetry.lock, Gemfile.lock, composer.lock) so builds install reviewed versions.',
  },
  binaryArtifact: {
    id: 'repo/binary-artifact',
    source: 'repository',
    family: 'supply_chain',
    severity: 'high',
    title: 'No executable binaries checked in',
    help: 'Build executables, libraries and archives of code in CI from source instead of committing them; a committed binary cannot be reviewed.',
  },
  secret: {
    id: 'repo/secret',
    source: 'repository',
    family: 'secrets',
    severity: 'critical',
    title: 'No credentials in the repository',
    help: 'Revoke the credential now (it is exposed to everyone with read access and in history), remove it, and read it from a secret store or an Actions secret.',
  },
  card: {
    id: 'repo/regulated-data-card',
    source: 'repository',
    family: 'data_protection',
    severity: 'critical',
    title: 'No payment card numbers (PAN) in the repository',
    help: 'Replace the number with a documented test PAN (e.g. 4111 1111 1111 1111) or a token; PCI DSS forbids storing PANs outside the cardholder data environment.',
  },
  iban: {
    id: 'repo/regulated-data-iban',
    source: 'repository',
    family: 'data_protection',
    severity: 'high',
    title: 'No bank account numbers (IBAN) in the repository',
    help: 'Replace real IBANs in fixtures and configuration with synthetic ones; they are personal data under GDPR when they identify a person.',
  },
  nationalId: {
    id: 'repo/regulated-data-national-id',
    source: 'repository',
    family: 'data_protection',
    severity: 'high',
    title: 'No national identification numbers in the repository',
    help: 'Remove social security and national insurance numbers; use synthetic values that fail the format checks (e.g. area 000 or 666 for US SSNs).',
  },
  health: {
    id: 'repo/regulated-data-health',
    source: 'repository',
    family: 'data_protection',
    severity: 'high',
    title: 'No health records in data files',
    help: 'Data files with diagnosis, medical record number or similar fields filled in are protected health information under HIPAA; use de-identified or synthetic records.',
  },
} as const satisfies Record<string, AuditRule>;

export const REPOSITORY_RULE_LIST: readonly AuditRule[] = Object.values(REPOSITORY_RULES);
