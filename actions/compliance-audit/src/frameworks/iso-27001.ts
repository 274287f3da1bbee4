import type { FrameworkDefinition } from './control-types.js';

const ANNEX_A_LIST = 'https://hightable.io/iso-27001-annex-a-8-4-access-to-source-code';
const cite = (control: string): string => `ISO/IEC 27001:2022 Annex A, control ${control}`;

/** ISO/IEC 27001:2022 Annex A: the controls a repository and its pipeline bear on. */
export const ISO_27001: FrameworkDefinition = {
  id: 'iso_27001',
  name: 'ISO/IEC 27001',
  edition: '2022 (Annex A)',
  controls: [
    {
      id: 'A.5.15',
      title: 'Access control',
      weight: 2,
      assessment: {
        kind: 'automated',
        rules: ['workflow/missing-permissions', 'workflow/excessive-permissions', 'api/deploy-keys', 'api/admin-count'],
      },
      source: { citation: cite('5.15'), url: ANNEX_A_LIST, verified: true },
    },
    {
      id: 'A.5.17',
      title: 'Authentication information',
      weight: 3,
      assessment: {
        kind: 'automated',
        rules: [
          'repo/secret',
          'api/secret-scanning',
          'workflow/secrets-inherit',
          'workflow/persisted-credentials-artifact',
        ],
      },
      source: { citation: cite('5.17'), url: ANNEX_A_LIST, verified: true },
    },
    {
      id: 'A.5.18',
      title: 'Access rights',
      weight: 2,
      assessment: { kind: 'automated', rules: ['api/admin-count', 'api/deploy-keys'] },
      source: { citation: cite('5.18'), url: ANNEX_A_LIST, verified: true },
    },
    {
      id: 'A.5.21',
      title: 'Managing information security in the ICT supply chain',
      weight: 2,
      assessment: { kind: 'automated', rules: ['workflow/unpinned-action', 'repo/lockfile', 'repo/binary-artifact'] },
      source: { citation: cite('5.21'), url: ANNEX_A_LIST, verified: true },
    },
    {
      id: 'A.5.24',
      title: 'Information security incident management planning and preparation',
      weight: 1,
      assessment: { kind: 'manual', guidance: 'Link the incident response plan and the date it was last exercised.' },
      source: { citation: cite('5.24'), url: ANNEX_A_LIST, verified: true },
    },
    {
      id: 'A.5.32',
      title: 'Intellectual property rights',
      weight: 1,
      assessment: { kind: 'automated', rules: ['repo/license'] },
      source: {
        citation: cite('5.32'),
        url: ANNEX_A_LIST,
        verified: true,
        note: 'A declared licence is the repository-level evidence; licence compliance of dependencies is not checked.',
      },
    },
    {
      id: 'A.5.34',
      title: 'Privacy and protection of personal identifiable information (PII)',
      weight: 2,
      assessment: {
        kind: 'automated',
        rules: [
          'repo/regulated-data-iban',
          'repo/regulated-data-national-id',
          'repo/regulated-data-health',
          'repo/regulated-data-card',
        ],
      },
      source: { citation: cite('5.34'), verified: false },
    },
    {
      id: 'A.8.4',
      title: 'Access to source code',
      weight: 3,
      assessment: { kind: 'automated', rules: ['api/branch-protection', 'repo/codeowners'] },
      source: {
        citation: cite('8.4'),
        url: 'https://knowledge.adoptech.co.uk/iso-27001-2022-a.8.4-access-to-source-code',
        verified: true,
      },
    },
    {
      id: 'A.8.8',
      title: 'Management of technical vulnerabilities',
      weight: 3,
      assessment: {
        kind: 'automated',
        rules: ['api/open-critical-alerts', 'repo/dependency-update-config', 'repo/security-policy'],
      },
      source: {
        citation: cite('8.8'),
        verified: false,
        note: 'A published vulnerability disclosure route (SECURITY.md) is part of receiving vulnerability reports.',
      },
    },
    {
      id: 'A.8.12',
      title: 'Data leakage prevention',
      weight: 2,
      assessment: {
        kind: 'automated',
        rules: ['workflow/persisted-credentials-artifact', 'repo/regulated-data-card', 'repo/regulated-data-iban'],
      },
      source: { citation: cite('8.12'), verified: false },
    },
    {
      id: 'A.8.15',
      title: 'Logging',
      weight: 2,
      assessment: { kind: 'automated', rules: ['audit/trail-integrity'] },
      source: {
        citation: cite('8.15'),
        verified: false,
        note: 'Only the audit trail of this action is checked; application and platform logging need their own evidence.',
      },
    },
    {
      id: 'A.8.24',
      title: 'Use of cryptography',
      weight: 1,
      assessment: { kind: 'manual', guidance: 'Link the cryptography and key management policy.' },
      source: { citation: cite('8.24'), verified: false },
    },
    {
      id: 'A.8.25',
      title: 'Secure development life cycle',
      weight: 1,
      assessment: { kind: 'manual', guidance: 'Link the documented secure development process.' },
      source: { citation: cite('8.25'), verified: false },
    },
    {
      id: 'A.8.28',
      title: 'Secure coding',
      weight: 3,
      assessment: {
        kind: 'automated',
        rules: ['workflow/untrusted-input-in-run', 'workflow/dangerous-trigger', 'workflow/cache-poisoning'],
      },
      source: { citation: cite('8.28'), verified: false },
    },
    {
      id: 'A.8.31',
      title: 'Separation of development, test and production environments',
      weight: 2,
      assessment: {
        kind: 'automated',
        rules: ['api/production-environment-protection', 'workflow/self-hosted-runner-public'],
      },
      source: {
        citation: cite('8.31'),
        url: 'https://www.isms.online/iso-27001/annex-a/8-31-separation-of-development-test-production-environments-2022',
        verified: true,
      },
    },
    {
      id: 'A.8.32',
      title: 'Change management',
      weight: 3,
      assessment: {
        kind: 'automated',
        rules: [
          'api/branch-protection',
          'api/signed-commits',
          'api/production-environment-protection',
          'repo/codeowners',
        ],
      },
      source: {
        citation: cite('8.32'),
        url: 'https://iso27001.baremetalcyber.com/episodes/episode-69-a-8-31-8-32-separation-of-dev-test-prod-change-management/transcript',
        verified: true,
      },
    },
  ],
};
