import type { FrameworkDefinition } from './control-types.js';

const cite = (article: string): string => `Regulation (EU) 2016/679 (GDPR), ${article}`;
const ART_32 = 'https://gdprhub.eu/index.php?title=Article_32_GDPR';
const PERSONAL_DATA = [
  'repo/regulated-data-card',
  'repo/regulated-data-iban',
  'repo/regulated-data-national-id',
  'repo/regulated-data-health',
];

/** GDPR articles on security and accountability that a repository and its pipeline bear on. */
export const GDPR: FrameworkDefinition = {
  id: 'gdpr',
  name: 'GDPR',
  edition: 'Regulation (EU) 2016/679',
  controls: [
    {
      id: 'Art. 25(1)',
      title: 'Data protection by design',
      weight: 3,
      assessment: { kind: 'automated', rules: PERSONAL_DATA },
      source: {
        citation: cite('Article 25(1)'),
        verified: false,
        note: 'Real personal data in fixtures and configuration breaks minimisation by design.',
      },
    },
    {
      id: 'Art. 25(2)',
      title: 'Data protection by default',
      weight: 1,
      assessment: { kind: 'manual', guidance: 'Link the record showing default settings process only necessary data.' },
      source: { citation: cite('Article 25(2)'), verified: false },
    },
    {
      id: 'Art. 28(1)',
      title: 'Processors providing sufficient guarantees',
      weight: 1,
      assessment: { kind: 'automated', rules: ['workflow/unpinned-action', 'repo/lockfile'] },
      source: {
        citation: cite('Article 28(1)'),
        verified: false,
        note: 'Loose mapping: third-party code that runs with access to data is pinned and inventoried; contracts are Art. 28(3).',
      },
    },
    {
      id: 'Art. 28(3)',
      title: 'Processing governed by a contract with the processor',
      weight: 2,
      assessment: { kind: 'manual', guidance: 'Link the data processing agreements with processors.' },
      source: { citation: cite('Article 28(3)'), verified: false },
    },
    {
      id: 'Art. 30',
      title: 'Records of processing activities',
      weight: 2,
      assessment: { kind: 'manual', guidance: 'Link the record of processing activities.' },
      source: {
        citation: cite('Article 30'),
        verified: false,
        note: 'FACTS.md mapped logging here; Art. 30 is a record of processing, not a log, so it is manual.',
      },
    },
    {
      id: 'Art. 32(1)(a)',
      title: 'Pseudonymisation and encryption of personal data',
      weight: 2,
      assessment: {
        kind: 'automated',
        rules: [
          'repo/secret',
          'api/secret-scanning',
          'workflow/secrets-inherit',
          'workflow/persisted-credentials-artifact',
        ],
      },
      source: { citation: cite('Article 32(1)(a)'), url: ART_32, verified: true },
    },
    {
      id: 'Art. 32(1)(b)',
      title: 'Ongoing confidentiality, integrity, availability and resilience',
      weight: 3,
      assessment: {
        kind: 'automated',
        rules: [
          'api/branch-protection',
          'api/signed-commits',
          'api/production-environment-protection',
          'workflow/untrusted-input-in-run',
          'workflow/dangerous-trigger',
          'workflow/cache-poisoning',
          'workflow/self-hosted-runner-public',
          'repo/codeowners',
        ],
      },
      source: { citation: cite('Article 32(1)(b)'), url: ART_32, verified: true },
    },
    {
      id: 'Art. 32(1)(d)',
      title: 'Regularly testing, assessing and evaluating the security measures',
      weight: 2,
      assessment: {
        kind: 'automated',
        rules: ['api/open-critical-alerts', 'repo/dependency-update-config', 'audit/trail-integrity'],
      },
      source: { citation: cite('Article 32(1)(d)'), url: ART_32, verified: true },
    },
    {
      id: 'Art. 32(2)',
      title: 'Risks of unauthorised disclosure of, or access to, personal data',
      weight: 2,
      assessment: {
        kind: 'automated',
        rules: ['workflow/missing-permissions', 'workflow/excessive-permissions', 'api/admin-count', 'api/deploy-keys'],
      },
      source: { citation: cite('Article 32(2)'), url: ART_32, verified: true },
    },
  ],
};
