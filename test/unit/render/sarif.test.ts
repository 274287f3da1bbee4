import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import AjvDraft04Module from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../shared/result/phase-result.js';
import {
  artifactUri,
  DEFAULT_LOCATIONLESS_URI,
  findingFingerprint,
  FINGERPRINT_KEY,
  SARIF_SCHEMA_URI,
  toSarif,
  type SarifLog,
} from '../../../shared/render/sarif.js';
import { baseResult, hostileResult, manyFindings } from './render-fixtures.js';

// Both packages are CommonJS; under NodeNext the class and the plugin are the `default` property.
const AjvDraft04 = AjvDraft04Module.default;
const addFormats = addFormatsModule.default;

/**
 * The official SARIF 2.1.0 JSON schema (the OASIS schema as published on SchemaStore,
 * `sarif-2.1.0-rtm.5`, a JSON Schema draft-04 document), as vendored by Microsoft's
 * `@microsoft/jest-sarif` package; the network is not reachable from tests.
 */
function officialSarifSchema(): { title: string } & Record<string, unknown> {
  const require = createRequire(import.meta.url);
  const packageDir = require.resolve('@microsoft/jest-sarif/package.json').replace(/package\.json$/, '');
  return JSON.parse(readFileSync(`${packageDir}lib/schemas/sarif-2.1.0-rtm.5.json`, 'utf8')) as {
    title: string;
  } & Record<string, unknown>;
}

const schema = officialSarifSchema();
// The schema's `language` pattern (`…[a-zA-Z]{2}]?$`) is valid only without the `u` flag.
const ajv = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validateSarif = ajv.compile(schema);

function expectValid(log: SarifLog): void {
  // Through JSON, as the file is written and uploaded.
  const valid = validateSarif(JSON.parse(JSON.stringify(log)));
  expect(validateSarif.errors ?? []).toEqual([]);
  expect(valid).toBe(true);
}

describe('toSarif', () => {
  it('is checked against the official SARIF 2.1.0 schema, which does reject bad logs', () => {
    expect(schema.title).toMatch(/SARIF\) Version 2\.1\.0/);
    expect(validateSarif({ version: '2.1.0', runs: [{ results: [] }] })).toBe(false); // no tool
    expect(validateSarif({ version: '2.0.0', runs: [] })).toBe(false);
    const log = toSarif([baseResult({ findings: manyFindings(3) })]);
    const broken = JSON.parse(JSON.stringify(log)) as { runs: { results: { level: string }[] }[] };
    (broken.runs[0]?.results[0] as { level: string }).level = 'fatal';
    expect(validateSarif(broken)).toBe(false);
  });

  it('produces a valid log for ordinary, empty, hostile and not-assessed results', () => {
    expectValid(toSarif([]));
    expectValid(toSarif([baseResult()]));
    expectValid(
      toSarif([baseResult({ findings: manyFindings(500) })], {
        informationUri: 'https://github.com/acme/ancient-elder',
      }),
    );
    expectValid(toSarif([hostileResult()]));
    expectValid(toSarif([baseResult({ status: 'not_assessed', score: null, source: undefined })]));
  });

  it('has the header code scanning expects and one run per phase result', () => {
    const log = toSarif([
      baseResult(),
      baseResult({ phase: 'compliance-audit' }),
      baseResult({ environment: 'staging', key: 'api' }),
    ]);
    expect(log.$schema).toBe(SARIF_SCHEMA_URI);
    expect(log.version).toBe('2.1.0');
    expect(log.runs.map((run) => run.automationDetails.id)).toEqual([
      'ancient-elder/quality-gate/production/',
      'ancient-elder/compliance-audit/production/',
      'ancient-elder/quality-gate/staging/api/',
    ]);
    const driver = log.runs[0]?.tool.driver;
    expect(driver).toMatchObject({ name: 'ancient-elder', version: '0.1.0', semanticVersion: '0.1.0' });
    expect(log.runs[0]?.versionControlProvenance).toEqual([
      {
        repositoryUri: 'https://github.com/acme/shop',
        revisionId: '0123456789abcdef0123456789abcdef01234567',
        branch: 'refs/pull/7/merge',
      },
    ]);
  });

  it('maps severities to levels and security severities, and indexes rules', () => {
    const findings: Finding[] = [
      {
        ruleId: 'sec/a',
        severity: 'critical',
        message: 'c',
        location: { file: 'a.ts', line: 1 },
        controls: ['soc_2:CC8.1'],
      },
      {
        ruleId: 'sec/a',
        severity: 'medium',
        message: 'm',
        location: { file: 'a.ts', line: 2 },
        controls: ['soc_2:CC8.1'],
      },
      { ruleId: 'q/b', severity: 'low', message: 'l', location: { file: 'b.ts', line: 3 } },
      { ruleId: 'q/c', severity: 'info', message: 'i', location: { file: 'c.ts', line: 4 } },
    ];
    const run = toSarif([baseResult({ findings })]).runs[0];
    if (run === undefined) throw new Error('no run');
    expect(run.results.map((r) => r.level)).toEqual(['error', 'warning', 'note', 'note']);
    for (const result of run.results) expect(run.tool.driver.rules[result.ruleIndex]?.id).toBe(result.ruleId);
    const security = run.tool.driver.rules.find((rule) => rule.id === 'sec/a');
    expect(security?.properties).toMatchObject({ 'security-severity': '9.5', 'problem.severity': 'error' });
    expect(security?.properties.tags).toContain('security');
    const quality = run.tool.driver.rules.find((rule) => rule.id === 'q/b');
    expect(quality?.properties).not.toHaveProperty('security-severity');
    expect(quality?.properties['problem.severity']).toBe('recommendation');
  });

  it('never sends more than 10 tags per rule', () => {
    const controls = Array.from({ length: 30 }, (_, i) => `control:${i}`);
    const run = toSarif([baseResult({ findings: [{ ruleId: 'r', severity: 'high', message: 'x', controls }] })])
      .runs[0];
    expect(run?.tool.driver.rules[0]?.properties.tags.length).toBe(10);
  });

  it('gives locations repository-relative URIs and 1-based regions', () => {
    const run = toSarif([
      baseResult({
        findings: [
          {
            ruleId: 'r',
            severity: 'high',
            message: 'x',
            location: { file: './src/a b#c.ts', line: 3, column: 5, endColumn: 9 },
          },
          { ruleId: 'r', severity: 'high', message: 'y', location: { file: 'src\\win.ts', line: 0, column: 0 } },
        ],
      }),
    ]).runs[0];
    const [first, second] = run?.results ?? [];
    expect(first?.locations[0]?.physicalLocation).toEqual({
      artifactLocation: { uri: 'src/a%20b%23c.ts', uriBaseId: '%SRCROOT%' },
      region: { startLine: 3, startColumn: 5, endColumn: 10 },
    });
    expect(second?.locations[0]?.physicalLocation).toEqual({
      artifactLocation: { uri: 'src/win.ts', uriBaseId: '%SRCROOT%' },
    });
    expect(artifactUri('/abs/./x.ts')).toBe('abs/x.ts');
  });

  it('places findings without a file on the configuration file, marked as such', () => {
    const run = toSarif([
      baseResult({ findings: [{ ruleId: 'repo/branch-protection', severity: 'high', message: 'off' }] }),
    ]).runs[0];
    const result = run?.results[0];
    expect(result?.locations).toHaveLength(1);
    expect(result?.locations[0]?.physicalLocation.artifactLocation.uri).toBe(DEFAULT_LOCATIONLESS_URI);
    expect(result?.properties.locationless).toBe(true);
  });

  it('fingerprints stably: the same problem on another line keeps its fingerprint', () => {
    const a: Finding = {
      ruleId: 'r',
      severity: 'high',
      message: 'Coverage 71.4% is below 80%',
      location: { file: 'x.ts', line: 3 },
    };
    const moved: Finding = { ...a, message: 'coverage  72.0% is below 80%', location: { file: 'x.ts', line: 40 } };
    const otherFile: Finding = { ...a, location: { file: 'y.ts', line: 3 } };
    expect(findingFingerprint(moved)).toBe(findingFingerprint(a));
    expect(findingFingerprint(otherFile)).not.toBe(findingFingerprint(a));
    expect(findingFingerprint({ ...a, fingerprint: 'own' })).not.toBe(findingFingerprint(a));
    const result = toSarif([baseResult({ findings: [a] })]).runs[0]?.results[0];
    expect(result?.partialFingerprints[FINGERPRINT_KEY]).toMatch(/^[0-9a-f]{64}$/);
  });

  it('keeps the 25,000 most severe results of a run and counts the rest', () => {
    const findings = manyFindings(25_010);
    const run = toSarif([baseResult({ findings })]).runs[0];
    expect(run?.results).toHaveLength(25_000);
    expect(run?.properties.omittedResults).toBe(10);
    // The ten left out are all of the least severe kind.
    const infos = findings.filter((f) => f.severity === 'info').length;
    expect(run?.results.filter((r) => r.properties.severity === 'info')).toHaveLength(infos - 10);
    expect(run?.results[0]?.properties.severity).toBe('critical');
  });

  it('keeps at most 20 runs and counts the rest', () => {
    const log = toSarif(Array.from({ length: 23 }, (_, i) => baseResult({ environment: `env-${i}` })));
    expect(log.runs).toHaveLength(20);
    expect(log.properties).toEqual({ omittedRuns: 3 });
    expectValid(log);
  });
});
