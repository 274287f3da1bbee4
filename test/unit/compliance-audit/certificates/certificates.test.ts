import { describe, expect, it } from 'vitest';
import {
  CERTIFICATE_STATEMENT,
  issueCertificates,
  type CertificateContext,
} from '../../../../actions/compliance-audit/src/certificates/certificate.js';
import { certificateMarkdown } from '../../../../actions/compliance-audit/src/certificates/certificate-markdown.js';
import type { FrameworkScore } from '../../../../actions/compliance-audit/src/scoring/framework-score.js';

function framework(
  id: FrameworkScore['framework'],
  verdict: FrameworkScore['verdict'],
  score: number | null,
  reasons: string[] = [],
): FrameworkScore {
  return {
    framework: id,
    name: id.toUpperCase(),
    score,
    coverage: 0.75,
    criticalFindings: 0,
    verdict,
    reasons,
    assessedControls: 3,
    totalControls: 4,
    controls: [
      {
        id: 'C.1',
        title: 'one',
        weight: 1,
        kind: 'automated',
        status: 'pass',
        assessedBy: 'rules',
        failingRules: [],
        findings: 0,
      },
      {
        id: 'C.2',
        title: 'two',
        weight: 1,
        kind: 'automated',
        status: 'pass',
        assessedBy: 'attestation',
        failingRules: [],
        findings: 0,
      },
      {
        id: 'C.3',
        title: 'three',
        weight: 1,
        kind: 'manual',
        status: 'pass',
        assessedBy: 'attestation',
        failingRules: [],
        findings: 0,
      },
      {
        id: 'C.4',
        title: 'four',
        weight: 1,
        kind: 'manual',
        status: 'not_assessed',
        assessedBy: 'none',
        failingRules: [],
        findings: 0,
        reason: 'x',
      },
    ],
  };
}

const context: CertificateContext = {
  repository: 'acme/shop',
  environment: 'production',
  tier: 'production',
  commit: '0123456789abcdef0123456789abcdef01234567',
  runUrl: 'https://github.com/acme/shop/actions/runs/42',
  issuedAt: new Date('2026-03-01T10:00:00Z'),
  validitySeconds: 365 * 86400,
  bundleHash: 'f'.repeat(64),
  bundleSequence: 7,
  toolVersion: '1.2.3',
};

describe('certificates', () => {
  it('issues one per passing framework with scope, validity, commit, run and bundle hash', () => {
    const decision = issueCertificates(
      [
        framework('iso_27001', 'pass', 0.95),
        framework('pci_dss', 'fail', 0.5, ['score 0.500 is below the minimum 0.9']),
      ],
      context,
    );
    expect(decision.issued).toHaveLength(1);
    const [certificate] = decision.issued;
    expect(certificate).toMatchObject({
      framework: 'iso_27001',
      statement: CERTIFICATE_STATEMENT,
      scope: {
        repository: 'acme/shop',
        environment: 'production',
        frameworks: ['iso_27001', 'pci_dss'],
        controlsAutomated: ['C.1'],
        controlsAttested: ['C.2', 'C.3'],
        controlsNotAssessed: ['C.4'],
      },
      score: 0.95,
      issuedAt: '2026-03-01T10:00:00.000Z',
      validUntil: '2027-03-01T10:00:00.000Z',
      commit: context.commit,
      runUrl: context.runUrl,
      evidenceBundle: { sha256: 'f'.repeat(64), sequence: 7 },
    });
    expect(decision.refused).toEqual([{ framework: 'pci_dss', reasons: ['score 0.500 is below the minimum 0.9'] }]);
    expect(CERTIFICATE_STATEMENT).toMatch(/not a certification/);
  });

  it('refuses a framework that could not be assessed', () => {
    const decision = issueCertificates([framework('hipaa', 'not_assessed', null)], context);
    expect(decision.issued).toEqual([]);
    expect(decision.refused[0]?.reasons).toEqual(['verdict not_assessed']);
  });

  it('renders markdown that says what it is and escapes user text', () => {
    const [certificate] = issueCertificates([framework('soc_2', 'pass', 1)], {
      ...context,
      environment: 'prod_<b>*x*</b>',
    }).issued;
    const text = certificateMarkdown(certificate!);
    expect(text).toContain('not a certification or an attestation by an auditor');
    expect(text).toContain('2027-03-01T10:00:00.000Z');
    expect(text).toContain('f'.repeat(64));
    expect(text).toContain('[workflow run](https://github.com/acme/shop/actions/runs/42)');
    // Inside a code span markup is shown literally, never rendered.
    expect(text).toContain('| Environment | `prod_<b>*x*</b>` (production) |');
  });
});
