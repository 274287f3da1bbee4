/**
 * A compliance certificate per framework that passed: scope, date, validity, commit, run and the
 * evidence bundle's hash, so anyone can check it against the trail with `elder verify`. It states
 * what it is: evidence that automated controls held at one commit, not a certification.
 * A framework that failed (or could not be assessed) gets no certificate; the refusal says why.
 */
import type { FrameworkScore } from '../scoring/framework-score.js';

export const CERTIFICATE_STATEMENT =
  'This document is evidence that the automated controls listed below held for the stated commit when the audit ran. ' +
  'It is not a certification or an attestation by an auditor, and it does not cover controls listed as not assessed.';

export interface CertificateContext {
  repository?: string;
  environment: string;
  tier: string;
  commit?: string;
  runUrl?: string;
  issuedAt: Date;
  validitySeconds: number;
  bundleHash: string;
  bundleSequence: number;
  toolVersion: string;
}

export interface Certificate {
  kind: 'ancient-elder/compliance-certificate@1';
  framework: FrameworkScore['framework'];
  frameworkName: string;
  statement: string;
  scope: {
    repository?: string;
    environment: string;
    tier: string;
    frameworks: string[];
    /** Controls assessed by automated rules (all passed). */
    controlsAutomated: string[];
    /** Controls assessed through a manual attestation. */
    controlsAttested: string[];
    controlsNotAssessed: string[];
  };
  score: number;
  coverage: number;
  criticalFindings: number;
  issuedAt: string;
  validUntil: string;
  commit?: string;
  runUrl?: string;
  evidenceBundle: { sha256: string; sequence: number };
  tool: string;
}

export interface CertificateDecision {
  issued: Certificate[];
  refused: { framework: FrameworkScore['framework']; reasons: string[] }[];
}

export function issueCertificates(
  frameworks: readonly FrameworkScore[],
  context: CertificateContext,
): CertificateDecision {
  const decision: CertificateDecision = { issued: [], refused: [] };
  const names = frameworks.map((f) => f.framework);
  for (const framework of frameworks) {
    if (framework.verdict !== 'pass' || framework.score === null) {
      decision.refused.push({
        framework: framework.framework,
        reasons: framework.reasons.length > 0 ? framework.reasons : [`verdict ${framework.verdict}`],
      });
      continue;
    }
    const certificate: Certificate = {
      kind: 'ancient-elder/compliance-certificate@1',
      framework: framework.framework,
      frameworkName: framework.name,
      statement: CERTIFICATE_STATEMENT,
      scope: {
        environment: context.environment,
        tier: context.tier,
        frameworks: names,
        controlsAutomated: framework.controls.filter((c) => c.assessedBy === 'rules').map((c) => c.id),
        controlsAttested: framework.controls.filter((c) => c.assessedBy === 'attestation').map((c) => c.id),
        controlsNotAssessed: framework.controls.filter((c) => c.status === 'not_assessed').map((c) => c.id),
      },
      score: framework.score,
      coverage: framework.coverage,
      criticalFindings: framework.criticalFindings,
      issuedAt: context.issuedAt.toISOString(),
      validUntil: new Date(context.issuedAt.getTime() + context.validitySeconds * 1000).toISOString(),
      evidenceBundle: { sha256: context.bundleHash, sequence: context.bundleSequence },
      tool: `Ancient Elder compliance-audit ${context.toolVersion}`,
    };
    if (context.repository !== undefined) certificate.scope.repository = context.repository;
    if (context.commit !== undefined) certificate.commit = context.commit;
    if (context.runUrl !== undefined) certificate.runUrl = context.runUrl;
    decision.issued.push(certificate);
  }
  return decision;
}
