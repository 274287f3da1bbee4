/**
 * The compliance audit engine: runs the injected checkers (so it runs without GitHub), applies
 * waivers, scores every framework of the environment against the control catalogue with the
 * attestations, then writes the SARIF, the evidence bundle chained to the previous one, the
 * certificates of the frameworks that passed and the PhaseResult. Every file is written
 * atomically; the bundle's manifest is written last.
 */
import { join, resolve } from 'node:path';
import { TOOL } from '../../../shared/version.js';
import { writeFileAtomic } from '../../../shared/runtime/atomic-file.js';
import { writePhaseResult } from '../../../shared/result/result-file.js';
import type { Finding, PhaseResult } from '../../../shared/result/phase-result.js';
import type { SarifLog } from '../../../shared/render/sarif.js';
import type { AuditRule } from './model/audit-rule.js';
import { FRAMEWORKS, KNOWN_RULE_FAMILIES, controlsOfRule } from './frameworks/catalogue.js';
import { scoreFramework, type FrameworkScore } from './scoring/framework-score.js';
import { phaseScore } from './scoring/phase-score.js';
import { parseWaivers } from './waivers/waiver.js';
import { applyWaivers, type WaivedFinding } from './waivers/apply-waivers.js';
import { attestedControls, parseAttestations, type Attestation } from './attestations/attestation.js';
import { complianceSarif } from './sarif/compliance-sarif.js';
import { sha256Hex } from './evidence/canonical-json.js';
import { writeBundle, type EvidenceInput, type WrittenBundle } from './evidence/write-bundle.js';
import { issueCertificates, type Certificate, type CertificateDecision } from './certificates/certificate.js';
import { certificateMarkdown } from './certificates/certificate-markdown.js';
import { runCheckers, trailIntegrity } from './engine/collect-outcomes.js';
import { readRepositoryBytes, repositoryTextReader } from './engine/repository-reader.js';
import { frameworkMetrics, phaseStatus, summaryLine } from './engine/build-result.js';
import { certificateBlock, frameworkTable, notAssessedBlock, waivedBlock } from './engine/compliance-markdown.js';
import type { ComplianceAuditPorts, ComplianceAuditRequest } from './engine/ports.js';

export type { ComplianceAuditPorts, ComplianceAuditRequest, ComplianceChecker } from './engine/ports.js';

export interface ComplianceOutcome {
  result: PhaseResult;
  frameworks: FrameworkScore[];
  sarif: SarifLog;
  bundle: WrittenBundle;
  certificates: CertificateDecision;
  waived: WaivedFinding[];
  attestations: Attestation[];
  /** Markdown blocks for the check run, sticky comment and job summary. */
  markdown: { frameworks: string; notAssessed: string; waived: string; certificates: string };
  files: { result: string; sarif: string; bundleDir: string; certificates: string[] };
}

const DEFAULT_CONFIG_FILE = '.github/elder.yml';

export async function runComplianceAudit(
  request: ComplianceAuditRequest,
  ports: ComplianceAuditPorts,
): Promise<ComplianceOutcome> {
  const started = request.now ?? ports.clock?.() ?? new Date();
  const clockStart = Date.now();
  const env = request.environment;
  const settings = env.phases.complianceAudit;
  const readText = ports.readText ?? repositoryTextReader(request.root);
  const configFile = request.configFile ?? DEFAULT_CONFIG_FILE;
  const trailDir = request.trailDir ?? resolve(request.root, settings.auditTrail);

  // Bad configuration stops the audit before anything is written.
  const waivers = parseWaivers(settings.waivers, `${configFile}: phases.compliance_audit.waivers`);
  const attestationsText = await readText(settings.attestationsFile);
  const attestations =
    attestationsText === undefined ? [] : parseAttestations(attestationsText, settings.attestationsFile, started);

  const collected = await runCheckers(ports.checkers, ports.logger);
  const trail = await trailIntegrity(request.previousBundleDir ?? trailDir, request.previousBundleDir !== undefined);
  const outcomes = [...collected.outcomes.filter((o) => o.ruleId !== trail.outcome.ruleId), trail.outcome];

  const waived = await applyWaivers({ outcomes, waivers, now: started, readText, configFile });
  const rules = new Map<string, AuditRule>((ports.rules ?? []).map((rule) => [rule.id, rule]));
  const families: Record<string, string> = { ...KNOWN_RULE_FAMILIES };
  for (const rule of rules.values()) families[rule.id] = rule.family;
  const outcomeMap = new Map(waived.outcomes.map((o) => [o.ruleId, o]));
  const frameworks = settings.frameworks.map((id) =>
    scoreFramework({
      framework: FRAMEWORKS[id],
      outcomes: outcomeMap,
      ruleFamilies: families,
      attested: attestedControls(attestations, id, started),
      minScore: settings.minScore,
      maxCriticalFindings: settings.maxCriticalFindings,
    }),
  );

  const withControls = (finding: Finding, ruleId: string): Finding => {
    const controls = controlsOfRule(ruleId, settings.frameworks, families);
    return controls.length === 0 ? finding : { ...finding, controls };
  };
  const findings: Finding[] = [
    ...waived.outcomes.flatMap((o) => o.findings.map((f) => withControls(f, o.ruleId))),
    // An expired waiver bears on the controls of the rule it waived.
    ...waived.expiredFindings.map((f, i) => withControls(f, waived.expiredWaivers[i]?.rule ?? f.ruleId)),
  ];
  const status = phaseStatus(frameworks, waived.expiredFindings.length);
  const result: PhaseResult = {
    schemaVersion: 1,
    phase: 'compliance-audit',
    environment: env.name,
    tier: env.tier,
    status,
    score: phaseScore(frameworks),
    summary: summaryLine(frameworks, status, findings),
    metrics: frameworkMetrics(frameworks, settings.minScore, settings.maxCriticalFindings),
    findings,
    evidence: [],
    timings: { startedAt: started.toISOString(), finishedAt: started.toISOString(), durationMs: 0 },
    tool: { name: TOOL.name, version: TOOL.version },
  };
  if (request.source !== undefined) result.source = { ...request.source };

  const sarif = complianceSarif(result, { rules, locationlessUri: configFile });
  const configBytes = await readRepositoryBytes(request.root, configFile);
  const items: EvidenceInput[] = await evidenceItems(request.root, collected.evidence);
  if (configBytes !== undefined) items.push({ name: 'configuration', path: configFile, content: configBytes });
  if (attestationsText !== undefined)
    items.push({ name: 'attestations', path: settings.attestationsFile, content: attestationsText });
  items.push({ name: 'SARIF log', path: 'results/compliance-audit.sarif', content: sarif.text });
  items.push({
    name: 'findings',
    path: 'results/findings.json',
    content: `${JSON.stringify({ findings, waived: waived.waived }, null, 2)}\n`,
  });
  items.push({
    name: 'framework scores',
    path: 'results/frameworks.json',
    content: `${JSON.stringify(frameworks, null, 2)}\n`,
  });

  const bundle = await writeBundle({
    trailDir,
    ...(request.previousBundleDir === undefined ? {} : { previousDir: request.previousBundleDir }),
    createdAt: started,
    inputs: {
      environment: env.name,
      frameworks: [...settings.frameworks],
      ruleVersions: Object.fromEntries([...outcomeMap.keys()].sort().map((id) => [id, TOOL.version])),
      tool: { name: TOOL.name, version: TOOL.version },
      ...(configBytes === undefined ? {} : { configSha256: sha256Hex(configBytes) }),
      ...(request.source?.repository === undefined ? {} : { repository: request.source.repository }),
      ...(request.source?.commit === undefined ? {} : { commit: request.source.commit }),
      ...(request.source?.ref === undefined ? {} : { ref: request.source.ref }),
      ...(request.source?.runUrl === undefined ? {} : { runUrl: request.source.runUrl }),
    },
    items,
    results: {
      status,
      score: result.score,
      frameworks: frameworks.map((f) => ({
        framework: f.framework,
        score: f.score,
        verdict: f.verdict,
        coverage: f.coverage,
        criticalFindings: f.criticalFindings,
      })),
      findings: findings.length,
      waived: waived.waived.length,
    },
  });

  const certificates = issueCertificates(frameworks, {
    environment: env.name,
    tier: env.tier,
    issuedAt: started,
    validitySeconds: settings.certificateValiditySeconds,
    bundleHash: bundle.hash,
    bundleSequence: bundle.sequence,
    toolVersion: TOOL.version,
    ...(request.source?.repository === undefined ? {} : { repository: request.source.repository }),
    ...(request.source?.commit === undefined ? {} : { commit: request.source.commit }),
    ...(request.source?.runUrl === undefined ? {} : { runUrl: request.source.runUrl }),
  });
  const certificateFiles = await writeCertificates(request.outDir, certificates.issued);
  const sarifFile = join(request.outDir, `compliance-audit-${env.name}.sarif`);
  await writeFileAtomic(sarifFile, sarif.text);

  const finished = new Date(started.getTime() + (Date.now() - clockStart));
  result.timings = {
    startedAt: started.toISOString(),
    finishedAt: finished.toISOString(),
    durationMs: finished.getTime() - started.getTime(),
  };
  result.evidence = [
    { name: 'evidence bundle manifest', path: join(bundle.dir, 'manifest.json'), sha256: bundle.hash },
  ];
  result.metrics.push({
    name: 'audit_trail_completeness',
    value: trail.trail === undefined || trail.trail.bundles.length === 0 ? null : trail.trail.completeness,
    unit: 'ratio',
    threshold: { operator: '>=', value: 1 },
    verdict:
      trail.trail === undefined || trail.trail.bundles.length === 0
        ? 'not_assessed'
        : trail.trail.intact
          ? 'pass'
          : 'fail',
    detail: trail.outcome.examined ?? trail.outcome.reason ?? '',
  });
  result.details = {
    frameworks,
    waived: waived.waived.map((w) => ({
      ruleId: w.finding.ruleId,
      location: w.finding.location,
      by: w.by,
      reason: w.reason,
      owner: w.owner,
      ticket: w.ticket,
      expires: w.expires,
      at: w.at,
    })),
    ignoredSuppressions: waived.ignoredSuppressions,
    skipped: collected.skipped,
    attestations,
    bundle: { dir: bundle.dir, sequence: bundle.sequence, sha256: bundle.hash, previous: bundle.previous },
    certificates: certificates.issued.map((c) => ({ framework: c.framework, validUntil: c.validUntil })),
    refusedCertificates: certificates.refused,
    sarif: { gzipBytes: sarif.gzipBytes, omittedResults: sarif.omittedResults },
  };
  const resultFile = await writePhaseResult(result, request.outDir);
  return {
    result,
    frameworks,
    sarif: sarif.log,
    bundle,
    certificates,
    waived: waived.waived,
    attestations,
    markdown: {
      frameworks: frameworkTable(frameworks, settings.minScore, settings.maxCriticalFindings),
      notAssessed: notAssessedBlock(frameworks),
      waived: waivedBlock(waived.waived),
      certificates: certificateBlock(certificates),
    },
    files: { result: resultFile, sarif: sarifFile, bundleDir: bundle.dir, certificates: certificateFiles },
  };
}

async function evidenceItems(
  root: string,
  evidence: readonly { name: string; path: string; sha256: string; bytes: number; content?: string }[],
): Promise<EvidenceInput[]> {
  const items: EvidenceInput[] = [];
  for (const item of evidence) {
    if (item.content !== undefined) {
      items.push({ name: item.name, path: item.path, content: item.content });
      continue;
    }
    const bytes = await readRepositoryBytes(root, item.path);
    items.push(
      bytes === undefined
        ? { name: item.name, path: item.path, sha256: item.sha256, bytes: item.bytes }
        : { name: item.name, path: item.path, content: bytes },
    );
  }
  return items;
}

async function writeCertificates(outDir: string, issued: readonly Certificate[]): Promise<string[]> {
  const files: string[] = [];
  for (const certificate of issued) {
    const base = join(
      outDir,
      'certificates',
      `${certificate.framework}-${certificate.scope.environment.replace(/[^A-Za-z0-9_.-]+/g, '_')}`,
    );
    await writeFileAtomic(`${base}.json`, `${JSON.stringify(certificate, null, 2)}\n`);
    await writeFileAtomic(`${base}.md`, certificateMarkdown(certificate));
    files.push(`${base}.json`, `${base}.md`);
  }
  return files;
}
