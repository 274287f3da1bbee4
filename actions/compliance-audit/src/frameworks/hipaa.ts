import type { FrameworkDefinition } from './control-types.js';

const cite = (section: string): string => `45 CFR ${section} (HIPAA Security Rule)`;
const SECTION_312 =
  'https://www.govinfo.gov/content/pkg/CFR-2019-title45-vol2/xml/CFR-2019-title45-vol2-sec164-312.xml';
const HEALTH_AND_IDS = ['repo/regulated-data-health', 'repo/regulated-data-national-id'];

/** HIPAA Security Rule standards (administrative 164.308, technical 164.312) a pipeline bears on. */
export const HIPAA: FrameworkDefinition = {
  id: 'hipaa',
  name: 'HIPAA Security Rule',
  edition: '45 CFR Part 164 Subpart C',
  controls: [
    {
      id: '164.308(a)(1)(ii)(A)',
      title: 'Risk analysis',
      weight: 3,
      assessment: { kind: 'manual', guidance: 'Link the current risk analysis covering this system.' },
      source: { citation: cite('164.308(a)(1)(ii)(A)'), verified: false },
    },
    {
      id: '164.308(a)(1)(ii)(B)',
      title: 'Risk management',
      weight: 2,
      assessment: {
        kind: 'automated',
        rules: ['api/open-critical-alerts', 'repo/dependency-update-config', 'workflow/unpinned-action'],
      },
      source: {
        citation: cite('164.308(a)(1)(ii)(B)'),
        verified: false,
        note: 'FACTS.md placed supply chain under (ii)(A); (ii)(A) is the documented analysis, so it is manual here and the measures are under (ii)(B).',
      },
    },
    {
      id: '164.308(a)(4)(ii)(B)',
      title: 'Access authorization',
      weight: 2,
      assessment: { kind: 'automated', rules: ['api/admin-count', 'api/deploy-keys'] },
      source: { citation: cite('164.308(a)(4)(ii)(B)'), verified: false },
    },
    {
      id: '164.308(a)(5)(ii)(B)',
      title: 'Protection from malicious software',
      weight: 2,
      assessment: {
        kind: 'automated',
        rules: ['workflow/unpinned-action', 'workflow/cache-poisoning', 'repo/binary-artifact'],
      },
      source: { citation: cite('164.308(a)(5)(ii)(B)'), verified: false },
    },
    {
      id: '164.308(a)(8)',
      title: 'Evaluation',
      weight: 1,
      assessment: { kind: 'manual', guidance: 'Link the last periodic technical and non-technical evaluation.' },
      source: { citation: cite('164.308(a)(8)'), verified: false },
    },
    {
      id: '164.312(a)(1)',
      title: 'Access control',
      weight: 3,
      assessment: {
        kind: 'automated',
        rules: ['workflow/missing-permissions', 'workflow/excessive-permissions', 'api/admin-count', ...HEALTH_AND_IDS],
      },
      source: {
        citation: cite('164.312(a)(1)'),
        url: SECTION_312,
        verified: true,
        note: 'Health records in the repository are readable by everyone with repository access.',
      },
    },
    {
      id: '164.312(a)(2)(iv)',
      title: 'Encryption and decryption',
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
      source: {
        citation: cite('164.312(a)(2)(iv)'),
        url: SECTION_312,
        verified: true,
        note: 'Exposed keys defeat encryption; whether ePHI is encrypted at rest needs its own evidence.',
      },
    },
    {
      id: '164.312(b)',
      title: 'Audit controls',
      weight: 2,
      assessment: { kind: 'automated', rules: ['audit/trail-integrity'] },
      source: { citation: cite('164.312(b)'), url: SECTION_312, verified: true },
    },
    {
      id: '164.312(c)(1)',
      title: 'Integrity',
      weight: 3,
      assessment: {
        kind: 'automated',
        rules: [
          'api/branch-protection',
          'api/signed-commits',
          'api/production-environment-protection',
          'workflow/untrusted-input-in-run',
          'workflow/dangerous-trigger',
        ],
      },
      source: { citation: cite('164.312(c)(1)'), url: SECTION_312, verified: true },
    },
    {
      id: '164.312(d)',
      title: 'Person or entity authentication',
      weight: 2,
      assessment: { kind: 'automated', rules: ['api/signed-commits', 'api/deploy-keys'] },
      source: { citation: cite('164.312(d)'), url: SECTION_312, verified: true },
    },
    {
      id: '164.312(e)(1)',
      title: 'Transmission security',
      weight: 2,
      assessment: { kind: 'manual', guidance: 'Link the TLS configuration or scan report for ePHI endpoints.' },
      source: { citation: cite('164.312(e)(1)'), url: SECTION_312, verified: true },
    },
  ],
};
