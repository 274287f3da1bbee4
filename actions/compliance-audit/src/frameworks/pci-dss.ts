import type { FrameworkDefinition } from './control-types.js';

const cite = (requirement: string): string => `PCI DSS v4.0, requirement ${requirement}`;
const REQ_6 = 'https://ce.prod.cloudaware.com/frameworks/pci-dss-v4.0/06';
const REQ_6_5 = 'https://ce.prod.cloudaware.com/frameworks/pci-dss-v4.0.1/06/05';

/** PCI DSS v4.0 requirements that a repository and its pipeline bear on. */
export const PCI_DSS: FrameworkDefinition = {
  id: 'pci_dss',
  name: 'PCI DSS',
  edition: 'v4.0',
  controls: [
    {
      id: '3.5.1',
      title: 'PAN is rendered unreadable anywhere it is stored',
      weight: 3,
      assessment: { kind: 'automated', rules: ['repo/regulated-data-card'] },
      source: {
        citation: cite('3.5.1'),
        verified: false,
        note: 'Card numbers (Luhn-valid) in fixtures are stored PAN.',
      },
    },
    {
      id: '3.6.1',
      title: 'Procedures protect cryptographic keys used to protect stored account data',
      weight: 2,
      assessment: { kind: 'automated', rules: ['repo/secret', 'api/secret-scanning'] },
      source: {
        citation: cite('3.6.1'),
        verified: false,
        note: 'Keys committed to the repository are unprotected by definition; key procedures themselves need an attestation.',
      },
    },
    {
      id: '6.2.2',
      title: 'Software development personnel are trained at least once every 12 months',
      weight: 1,
      assessment: { kind: 'manual', guidance: 'Link the training record for the last 12 months.' },
      source: { citation: cite('6.2.2'), url: REQ_6, verified: true },
    },
    {
      id: '6.2.3',
      title: 'Bespoke and custom software is reviewed prior to release',
      weight: 3,
      assessment: { kind: 'automated', rules: ['api/branch-protection', 'repo/codeowners'] },
      source: { citation: cite('6.2.3'), url: 'https://withpci.com/requirements/6/6.2/6.2.3', verified: true },
    },
    {
      id: '6.2.4',
      title: 'Software engineering techniques prevent or mitigate common software attacks',
      weight: 3,
      assessment: {
        kind: 'automated',
        rules: ['workflow/untrusted-input-in-run', 'workflow/dangerous-trigger', 'workflow/cache-poisoning'],
      },
      source: { citation: cite('6.2.4'), url: REQ_6, verified: true },
    },
    {
      id: '6.3.1',
      title: 'Security vulnerabilities are identified and managed',
      weight: 2,
      assessment: { kind: 'automated', rules: ['repo/dependency-update-config', 'repo/security-policy'] },
      source: { citation: cite('6.3.1'), url: REQ_6, verified: true },
    },
    {
      id: '6.3.2',
      title: 'An inventory of bespoke and third-party software components is maintained',
      weight: 2,
      assessment: { kind: 'automated', rules: ['repo/lockfile', 'workflow/unpinned-action', 'repo/binary-artifact'] },
      source: { citation: cite('6.3.2'), url: REQ_6, verified: true },
    },
    {
      id: '6.3.3',
      title: 'System components are protected from known vulnerabilities by installing patches',
      weight: 3,
      assessment: { kind: 'automated', rules: ['api/open-critical-alerts'] },
      source: { citation: cite('6.3.3'), verified: false },
    },
    {
      id: '6.5.1',
      title: 'Changes to production are made according to established procedures',
      weight: 3,
      assessment: {
        kind: 'automated',
        rules: ['api/branch-protection', 'api/signed-commits', 'api/production-environment-protection'],
      },
      source: {
        citation: cite('6.5.1'),
        url: 'https://ce.prod.cloudaware.com/frameworks/pci-dss-v4.0.1/06/05/01/index.html',
        verified: true,
      },
    },
    {
      id: '6.5.3',
      title: 'Pre-production environments are separated from production',
      weight: 2,
      assessment: {
        kind: 'automated',
        rules: ['api/production-environment-protection', 'workflow/self-hosted-runner-public'],
      },
      source: { citation: cite('6.5.3'), url: REQ_6_5, verified: true },
    },
    {
      id: '6.5.5',
      title: 'Live PANs are not used in pre-production environments',
      weight: 2,
      assessment: { kind: 'automated', rules: ['repo/regulated-data-card'] },
      source: { citation: cite('6.5.5'), url: REQ_6_5, verified: true },
    },
    {
      id: '7.2.1',
      title: 'An access control model is defined',
      weight: 2,
      assessment: {
        kind: 'automated',
        rules: ['workflow/missing-permissions', 'workflow/excessive-permissions', 'workflow/secrets-inherit'],
      },
      source: { citation: cite('7.2.1'), verified: false },
    },
    {
      id: '7.2.2',
      title: 'Access is assigned based on job classification and least privilege',
      weight: 2,
      assessment: { kind: 'automated', rules: ['api/admin-count', 'api/deploy-keys'] },
      source: { citation: cite('7.2.2'), verified: false },
    },
    {
      id: '8.4.2',
      title: 'MFA is implemented for all access into the CDE',
      weight: 2,
      assessment: {
        kind: 'manual',
        guidance: 'Link the organization setting that requires two-factor authentication.',
      },
      source: { citation: cite('8.4.2'), verified: false },
    },
    {
      id: '8.6.2',
      title: 'Passwords for application and system accounts are not hard coded',
      weight: 3,
      assessment: { kind: 'automated', rules: ['repo/secret', 'api/secret-scanning'] },
      source: { citation: cite('8.6.2'), url: 'https://withpci.com/requirements/8/8.6/8.6.2', verified: true },
    },
    {
      id: '10.2.1',
      title: 'Audit logs are enabled and active',
      weight: 2,
      assessment: { kind: 'automated', rules: ['audit/trail-integrity'] },
      source: {
        citation: cite('10.2.1'),
        verified: false,
        note: 'Only this audit trail is checked; CDE system logs need their own evidence.',
      },
    },
  ],
};
