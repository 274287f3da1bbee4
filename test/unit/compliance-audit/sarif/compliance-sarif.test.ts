import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';
import AjvDraft04Module from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import type { Finding, PhaseResult } from '../../../../shared/result/phase-result.js';
import { FINGERPRINT_KEY } from '../../../../shared/render/sarif.js';
import { complianceSarif } from '../../../../actions/compliance-audit/src/sarif/compliance-sarif.js';
import type { AuditRule } from '../../../../actions/compliance-audit/src/model/audit-rule.js';

const AjvDraft04 = AjvDraft04Module.default;
const addFormats = addFormatsModule.default;
const require = createRequire(import.meta.url);
const schemaPath = require
  .resolve('@microsoft/jest-sarif/package.json')
  .replace(/package\.json$/, 'lib/schemas/sarif-2.1.0-rtm.5.json');
const ajv = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validate = ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')) as object);

const RULES = new Map<string, AuditRule>([
  [
    'workflow/untrusted-input-in-run',
    {
      id: 'workflow/untrusted-input-in-run',
      source: 'workflow',
      family: 'secure_pipeline',
      severity: 'critical',
      title: 'Untrusted input expanded into a run script',
      help: 'Pass the value through env: and quote it.',
    },
  ],
  [
    'api/branch-protection',
    {
      id: 'api/branch-protection',
      source: 'api',
      family: 'change_control',
      severity: 'high',
      title: 'Default branch is not protected',
      help: 'Require reviews and status checks.',
    },
  ],
]);

const MANY_CONTROLS = Array.from({ length: 30 }, (_, i) => `iso_27001:A.8.${i}`);

function result(findings: Finding[]): PhaseResult {
  return {
    schemaVersion: 1,
    phase: 'compliance-audit',
    environment: 'production',
    tier: 'production',
    status: 'failure',
    score: 0.5,
    summary: 'x',
    metrics: [],
    findings,
    evidence: [],
    timings: { startedAt: '2026-01-01T00:00:00Z', finishedAt: '2026-01-01T00:00:01Z', durationMs: 1000 },
    tool: { name: 'ancient-elder', version: '1.0.0' },
    source: { repository: 'acme/shop', commit: 'a'.repeat(40), ref: 'refs/heads/main' },
  };
}

const injection: Finding = {
  ruleId: 'workflow/untrusted-input-in-run',
  severity: 'critical',
  message: 'github.event.issue.title is expanded into run:',
  location: { file: '.github/workflows/triage.yml', line: 12, column: 9, endColumn: 40 },
  controls: ['iso_27001:A.8.28', 'soc_2:CC6.8', 'pci_dss:6.2.4'],
};
const protection: Finding = {
  ruleId: 'api/branch-protection',
  severity: 'high',
  message: 'main has no branch protection or ruleset',
  controls: MANY_CONTROLS,
};

describe('compliance SARIF', () => {
  it('validates against the official SARIF 2.1.0 schema, with our rule metadata', () => {
    const { log, text, gzipBytes, omittedResults } = complianceSarif(result([injection, protection]), { rules: RULES });
    const ok = validate(JSON.parse(text));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    expect(omittedResults).toBe(0);
    expect(gzipBytes).toBe(gzipSync(text).byteLength);
    const rules = log.runs[0]?.tool.driver.rules ?? [];
    const rule = rules.find((r) => r.id === 'workflow/untrusted-input-in-run');
    expect(rule?.shortDescription.text).toBe('Untrusted input expanded into a run script');
    expect(rule?.fullDescription?.text).toMatch(/secure pipeline/);
    expect(rule?.help.text).toBe('Pass the value through env: and quote it.');
    expect(rule?.help.markdown).toContain('**Untrusted input expanded into a run script**');
    expect(rule?.properties['security-severity']).toBe('9.5');
    expect(rule?.properties.tags).toEqual(
      expect.arrayContaining(['security', 'iso_27001:A.8.28', 'soc_2:CC6.8', 'secure_pipeline']),
    );
  });

  it('keeps at most 20 tags per rule and `security` first among ours', () => {
    const { log } = complianceSarif(result([protection]), { rules: RULES });
    const tags = log.runs[0]?.tool.driver.rules[0]?.properties.tags ?? [];
    expect(tags.length).toBeLessThanOrEqual(20);
    expect(tags).toContain('security');
    expect(log.runs[0]?.tool.driver.rules[0]?.properties['security-severity']).toBe('8.0');
  });

  it('places API findings without a file on the configuration file, at line 1', () => {
    const { log } = complianceSarif(result([protection]), { rules: RULES, locationlessUri: '.github/elder.yml' });
    const found = log.runs[0]?.results[0];
    expect(found?.locations).toHaveLength(1);
    expect(found?.locations[0]?.physicalLocation).toEqual({
      artifactLocation: { uri: '.github/elder.yml', uriBaseId: '%SRCROOT%' },
      region: { startLine: 1 },
    });
  });

  it('keeps fingerprints stable when the finding moves to another line', () => {
    const before = complianceSarif(result([injection]), { rules: RULES }).log.runs[0]?.results[0]?.partialFingerprints[
      FINGERPRINT_KEY
    ];
    const moved = { ...injection, location: { ...injection.location!, line: 30 } };
    const after = complianceSarif(result([moved]), { rules: RULES }).log.runs[0]?.results[0]?.partialFingerprints[
      FINGERPRINT_KEY
    ];
    expect(before).toMatch(/^[0-9a-f]{64}$/);
    expect(after).toBe(before);
    const other = complianceSarif(result([{ ...injection, location: { ...injection.location!, file: 'x.yml' } }]), {
      rules: RULES,
    }).log.runs[0]?.results[0]?.partialFingerprints[FINGERPRINT_KEY];
    expect(other).not.toBe(before);
  });

  it('drops the least severe results until the gzip size fits, and counts them', () => {
    const findings: Finding[] = Array.from({ length: 400 }, (_, i) => ({
      ruleId: 'workflow/untrusted-input-in-run',
      severity: i < 10 ? 'critical' : 'low',
      message: `finding ${i} ${'distinct text '.repeat(3)}${(i * 7919).toString(36)}`,
      location: { file: `.github/workflows/w${i}.yml`, line: i + 1 },
    }));
    const full = complianceSarif(result(findings), { rules: RULES });
    expect(full.omittedResults).toBe(0);
    const limit = Math.floor(full.gzipBytes / 3);
    const cut = complianceSarif(result(findings), { rules: RULES, maxGzipBytes: limit });
    expect(cut.gzipBytes).toBeLessThanOrEqual(limit);
    const kept = cut.log.runs[0]?.results ?? [];
    expect(kept.length + cut.omittedResults).toBe(400);
    expect(kept.length).toBeGreaterThan(10);
    expect(kept.slice(0, 10).every((r) => r.properties['severity'] === 'critical')).toBe(true);
    expect(cut.log.runs[0]?.properties['omittedResults']).toBe(cut.omittedResults);
    expect(validate(JSON.parse(cut.text))).toBe(true);
  });

  it('respects the per-run result limit', () => {
    const findings: Finding[] = Array.from({ length: 30 }, (_, i) => ({
      ruleId: 'api/branch-protection',
      severity: 'high',
      message: `m${i}`,
    }));
    const capped = complianceSarif(result(findings), { rules: RULES, maxResultsPerRun: 25 });
    expect(capped.log.runs[0]?.results).toHaveLength(25);
    expect(capped.omittedResults).toBe(5);
  });
});
