import type { FrameworkDefinition } from './control-types.js';

const cite = (criterion: string): string =>
  `AICPA Trust Services Criteria (2017, revised points of focus 2022), ${criterion}`;
const CC_LIST = 'https://www.cybercompliance.app/de/frameworks/soc-2';

/** SOC 2 common criteria (security) that a repository and its pipeline bear on. */
export const SOC_2: FrameworkDefinition = {
  id: 'soc_2',
  name: 'SOC 2',
  edition: 'TSC 2017 (rev. 2022 points of focus)',
  controls: [
    {
      id: 'CC2.3',
      title: 'Communicates with external parties regarding matters affecting internal control',
      weight: 1,
      assessment: { kind: 'automated', rules: ['repo/security-policy'] },
      source: {
        citation: cite('CC2.3'),
        verified: false,
        note: 'A security policy tells outsiders how to report issues.',
      },
    },
    {
      id: 'CC6.1',
      title: 'Logical access security software, infrastructure and architectures',
      weight: 3,
      assessment: {
        kind: 'automated',
        rules: [
          'workflow/missing-permissions',
          'workflow/excessive-permissions',
          'workflow/secrets-inherit',
          'repo/secret',
          'api/secret-scanning',
        ],
      },
      source: { citation: cite('CC6.1'), url: CC_LIST, verified: true },
    },
    {
      id: 'CC6.2',
      title: 'Registers and authorizes new users before issuing credentials',
      weight: 1,
      assessment: { kind: 'manual', guidance: 'Link the joiner process and a sample of access requests.' },
      source: { citation: cite('CC6.2'), verified: false },
    },
    {
      id: 'CC6.3',
      title: 'Authorizes, modifies or removes access based on roles, least privilege and segregation of duties',
      weight: 2,
      assessment: { kind: 'automated', rules: ['api/admin-count', 'api/deploy-keys'] },
      source: { citation: cite('CC6.3'), verified: false },
    },
    {
      id: 'CC6.6',
      title: 'Protects against threats from sources outside the system boundaries',
      weight: 2,
      assessment: { kind: 'automated', rules: ['workflow/dangerous-trigger', 'workflow/self-hosted-runner-public'] },
      source: {
        citation: cite('CC6.6'),
        url: CC_LIST,
        verified: true,
        note: 'Fork pull requests and public self-hosted runners are the pipeline boundary.',
      },
    },
    {
      id: 'CC6.7',
      title: 'Restricts the transmission, movement and removal of information',
      weight: 2,
      assessment: {
        kind: 'automated',
        rules: [
          'workflow/persisted-credentials-artifact',
          'repo/regulated-data-card',
          'repo/regulated-data-iban',
          'repo/regulated-data-national-id',
          'repo/regulated-data-health',
        ],
      },
      source: { citation: cite('CC6.7'), url: CC_LIST, verified: true },
    },
    {
      id: 'CC6.8',
      title: 'Prevents or detects and acts upon unauthorized or malicious software',
      weight: 3,
      assessment: {
        kind: 'automated',
        rules: [
          'workflow/unpinned-action',
          'workflow/untrusted-input-in-run',
          'workflow/cache-poisoning',
          'repo/binary-artifact',
        ],
      },
      source: {
        citation: cite('CC6.8'),
        url: 'https://worldoftaxonomy.com/system/reg_soc2/node/cc6_8',
        verified: true,
      },
    },
    {
      id: 'CC7.1',
      title: 'Detects configuration changes and new vulnerabilities',
      weight: 3,
      assessment: { kind: 'automated', rules: ['api/open-critical-alerts', 'repo/dependency-update-config'] },
      source: { citation: cite('CC7.1'), url: CC_LIST, verified: true },
    },
    {
      id: 'CC7.2',
      title: 'Monitors system components for anomalies',
      weight: 1,
      assessment: { kind: 'automated', rules: ['audit/trail-integrity'] },
      source: {
        citation: cite('CC7.2'),
        url: CC_LIST,
        verified: true,
        note: 'Only the integrity of this audit trail is checked; runtime monitoring needs its own evidence.',
      },
    },
    {
      id: 'CC7.4',
      title: 'Responds to identified security incidents',
      weight: 1,
      assessment: { kind: 'manual', guidance: 'Link the incident response procedure and its last exercise.' },
      source: { citation: cite('CC7.4'), verified: false },
    },
    {
      id: 'CC8.1',
      title: 'Authorizes, designs, develops, tests, approves and implements changes',
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
        citation: cite('CC8.1'),
        url: 'https://bitlionai.com/framework/soc-type-2-system-and-organization-controls-type-2/cc8-cc9-change-management-and-risk-mitigation',
        verified: true,
      },
    },
    {
      id: 'CC9.2',
      title: 'Assesses and manages risks associated with vendors and business partners',
      weight: 2,
      assessment: { kind: 'automated', rules: ['workflow/unpinned-action', 'repo/lockfile'] },
      source: {
        citation: cite('CC9.2'),
        verified: false,
        note: 'Third-party actions and dependencies are the vendors a pipeline runs.',
      },
    },
  ],
};
