/**
 * Totals against the real producer: npm's own audit code builds the report and its
 * `metadata.vulnerabilities`; our per-severity package counts must equal them.
 *
 * Three runs of the same check:
 * 1. the recorded report in test/fixtures/vulnerabilities/npm-audit-v2.json (offline, always);
 * 2. npm audit on the fixture lockfile against a loopback stand-in for the registry's advisory
 *    and packument endpoints (offline, always; it reproduces the recorded report);
 * 3. npm audit against the configured public registry. Where the registry's advisory endpoint
 *    does not answer with a report (this sandbox's registry proxy refuses the POST), the test
 *    says so in its log and checks the recorded report instead; it fails only when a report came
 *    back and the counts differ.
 */
import { cp, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  parseNpmAudit,
  parseNpmAuditFile,
} from '../../../../actions/quality-gate/src/vulnerabilities/parse-npm-audit.js';
import { cvss3BaseScoreOfVector } from '../../../../actions/quality-gate/src/vulnerabilities/cvss3-base-score.js';
import {
  isolatedNpmEnv,
  NPM_FIXTURES,
  runNpmAudit,
  startNpmRegistryStandIn,
  type StandIn,
} from './npm-registry-stand-in.js';

const RECORDED = join(NPM_FIXTURES, 'npm-audit-v2.json');

interface NpmAuditJson {
  auditReportVersion?: number;
  vulnerabilities?: Record<string, { severity: string; via: unknown[] }>;
  metadata?: { vulnerabilities: Record<string, number> };
}

async function copyFixtureProject(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'elder-npm-audit-'));
  await cp(join(NPM_FIXTURES, 'npm-audit-project'), dir, { recursive: true });
  return dir;
}

function expectCountsMatchProducer(report: NpmAuditJson, file: string): void {
  const { summary } = parseNpmAudit(report, file);
  expect(summary.warnings).toEqual([]);
  expect(summary.producerTotals).toEqual(report.metadata?.vulnerabilities);
  expect(summary.packagesBySeverity).toEqual(report.metadata?.vulnerabilities);
}

describe('npm audit as the producer', () => {
  it('recorded report: per-severity counts equal npm metadata.vulnerabilities', async () => {
    const report = JSON.parse(await readFile(RECORDED, 'utf8')) as NpmAuditJson;
    expectCountsMatchProducer(report, RECORDED);
    const { vulnerabilities, summary } = await parseNpmAuditFile(RECORDED);
    // 4 packages in npm's count; mkdirp is only affected through minimist, so it has no record
    // of its own, and minimist's two GHSA advisories (four npm ids) are two records.
    expect(summary.packagesBySeverity.total).toBe(4);
    expect(summary.transitiveOnly).toBe(1);
    expect(
      vulnerabilities
        .filter((v) => v.package === 'minimist')
        .map((v) => v.id)
        .sort(),
    ).toEqual(['GHSA-vh95-rmgr-6w4m', 'GHSA-xvch-5gv4-984h']);
    expect(summary.bySeverity).toEqual({ critical: 1, high: 2, medium: 2, low: 1, info: 0 });
  });

  it('the CVSS scores npm copied from the advisories equal our computation from their vectors', async () => {
    const report = JSON.parse(await readFile(RECORDED, 'utf8')) as NpmAuditJson;
    const scored = Object.values(report.vulnerabilities ?? {})
      .flatMap((entry) => entry.via)
      .filter((via): via is { cvss: { score: number; vectorString: string } } => typeof via === 'object');
    expect(scored.length).toBeGreaterThan(0);
    for (const { cvss } of scored) expect(cvss3BaseScoreOfVector(cvss.vectorString)).toBe(cvss.score);
  });

  describe('npm audit against a loopback registry stand-in', () => {
    let standIn: StandIn;
    beforeAll(async () => {
      standIn = await startNpmRegistryStandIn();
    });
    afterAll(async () => {
      await standIn.close();
    });

    it('npm computes the report; our counts equal its metadata and it reproduces the recorded one', async () => {
      const project = await copyFixtureProject();
      const cache = await mkdtemp(join(tmpdir(), 'elder-npm-cache-'));
      const stdout = await runNpmAudit(
        project,
        [`--registry=${standIn.url}`, '--fetch-retries=0', '--fetch-timeout=20000'],
        isolatedNpmEnv(cache),
      );
      const report = JSON.parse(stdout) as NpmAuditJson;
      expect(report.auditReportVersion).toBe(2);
      expectCountsMatchProducer(report, join(project, 'npm-audit.json'));
      const recorded = JSON.parse(await readFile(RECORDED, 'utf8')) as NpmAuditJson;
      expect(report.metadata?.vulnerabilities).toEqual(recorded.metadata?.vulnerabilities);
      // Same packages, severities and advisories as recorded (other fields may vary by npm release).
      const outline = (json: NpmAuditJson): unknown =>
        Object.entries(json.vulnerabilities ?? {}).map(([name, entry]) => [
          name,
          entry.severity,
          entry.via.map((via) => (typeof via === 'string' ? via : (via as { source: number }).source)),
        ]);
      expect(outline(report)).toEqual(outline(recorded));
    });
  });

  it('live npm audit against the public registry: counts equal npm metadata (recorded report when the endpoint does not answer)', async () => {
    const project = await copyFixtureProject();
    let stdout: string | undefined;
    let reason = '';
    try {
      stdout = await runNpmAudit(project, ['--fetch-retries=0', '--fetch-timeout=20000']);
    } catch (err) {
      reason = (err as Error).message.split('\n', 1)[0] ?? '';
    }
    const report = stdout ? (JSON.parse(stdout) as NpmAuditJson) : undefined;
    if (report?.auditReportVersion === 2) {
      console.info('live npm audit: the registry answered; comparing with its metadata.vulnerabilities');
      expectCountsMatchProducer(report, join(project, 'npm-audit.json'));
      return;
    }
    const answer = report ? JSON.stringify(report).slice(0, 160) : reason;
    console.info(
      `live npm audit: the registry's advisory endpoint gave no report (${answer}); asserted the recorded report instead`,
    );
    expectCountsMatchProducer(JSON.parse(await readFile(RECORDED, 'utf8')) as NpmAuditJson, RECORDED);
  });
});
