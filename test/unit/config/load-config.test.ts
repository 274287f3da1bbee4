import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ConfigError } from '../../../shared/config/index.js';
import {
  DEFAULT_CONFIG_PATH,
  EMBEDDED_CONFIG_FILE,
  EMBEDDED_DEMO_ENVIRONMENT,
  embeddedDefaultConfig,
  loadConfig,
  loadConfigOrEmbedded,
  MAX_CONFIG_BYTES,
  parseConfig,
  resolveEnvironment,
} from '../../../shared/config/index.js';
import { UserError, UserErrors } from '../../../shared/runtime/errors.js';
import { EXAMPLE, FIXTURES, fixture, parseErrors, problemsOf } from './helpers.js';

const DAY = 86_400;

describe('the example configuration', () => {
  it('validates cleanly, without warnings', async () => {
    const loaded = await loadConfig(EXAMPLE);
    expect(loaded.warnings).toEqual([]);
    expect(loaded.file).toBe(EXAMPLE);
    expect(Object.keys(loaded.config.environments)).toEqual(['staging', 'production']);
  });

  it('starts with the schema comment for editors', () => {
    expect(readFileSync(EXAMPLE, 'utf8').split('\n')[0]).toBe(
      '# yaml-language-server: $schema=../../shared/config/elder.schema.json',
    );
  });

  it('resolves production into the typed model', async () => {
    const { config } = await loadConfig(EXAMPLE);
    const production = resolveEnvironment(config, 'production');
    expect(production.tier).toBe('production');
    expect(production.availability).toEqual({ percent: 99.99, target: 0.9999, level: 'very_high' });
    expect(production.budgets).toEqual({
      sloWindowSeconds: 30 * DAY,
      allowedErrorRatio: 0.0001,
      downtimePerYearSeconds: 3153.6,
      downtimePerSloWindowSeconds: 259.2,
    });
    expect(production.regions).toEqual(['us-east-1', 'eu-west-1']);
    expect(production.compliance).toEqual(['soc_2', 'iso_27001']);
    expect(production.dr).toEqual({ rtoSeconds: 900, rpoSeconds: 300 });
    expect(production.monitoring).toMatchObject({ latencyP95Ms: 100, alertWithinSeconds: 30 });
    expect(production.expectedLoad.dataVolume).toEqual({ text: '500GB', bytes: 500e9 });
    expect(production.phases.deploy).toMatchObject({ strategy: 'canary', steps: [5, 25, 50, 100], driver: 'local' });
    expect(production.phases.complianceAudit.frameworks).toEqual(['soc_2', 'iso_27001']);
    expect(production.phases.report.weights['quality-gate']).toBe(2);
  });

  it('resolves staging with its tier defaults and the shared defaults', async () => {
    const staging = resolveEnvironment((await loadConfig(EXAMPLE)).config, 'staging');
    expect(staging.availability.level).toBe('high');
    expect(staging.phases.deploy.strategy).toBe('rolling');
    expect(staging.scaling.targetCpuPercent).toBe(70); // from defaults:
    expect(staging.dr).toEqual({});
  });
});

describe('a file with four mistakes', () => {
  it('yields exactly one error per mistake, each at its file:line:column', () => {
    const problems = problemsOf(fixture('four-mistakes.yml'), 'four-mistakes.yml');
    expect(problems).toEqual([
      ['four-mistakes.yml:7:5', "unknown key 'availabilty' in environments.production (did you mean 'availability'?)"],
      ['four-mistakes.yml:10:22', "environments.production.scaling.min_instances: expected a whole number; got 'two'"],
      [
        'four-mistakes.yml:12:21',
        "environments.production.monitoring.alert_within: expected a duration like 15m, 1h30m, 90s; got '15 minutes'",
      ],
      [
        'four-mistakes.yml:13:5',
        "environment 'production' (tier production) needs dr.rto (recovery time objective), e.g. rto: 15m, rpo: 5m; DR drills are judged against them",
      ],
    ]);
  });

  it('throws them together under a heading that names the file', () => {
    const err = parseErrors(fixture('four-mistakes.yml'), 'four-mistakes.yml');
    expect(err.message.split('\n')[0]).toBe('four-mistakes.yml: 4 problems in the configuration');
    expect(err.message).toContain("  - four-mistakes.yml:7:5: unknown key 'availabilty'");
    const first = err.problems[0] as ConfigError;
    expect([first.file, first.line, first.column]).toEqual(['four-mistakes.yml', 7, 5]);
  });
});

describe('schema messages', () => {
  const env = (body: string): string => `version: 1\nenvironments:\n  production:\n${body}`;

  it('reports a misspelt required key once, as the typo', () => {
    expect(problemsOf('version: 1\nenvironments:\n  staging:\n    teir: staging\n')).toEqual([
      ['elder.yml:4:5', "unknown key 'teir' in environments.staging (did you mean 'tier'?)"],
    ]);
  });

  it('says where a key belongs when it is one level too high', () => {
    expect(problemsOf(env('    tier: staging\n    rto: 15m\n'))).toEqual([
      ['elder.yml:5:5', "unknown key 'rto' in environments.production (it belongs under 'dr')"],
    ]);
  });

  it('reports a missing tier and an unknown top-level key', () => {
    expect(problemsOf('version: 1\ncolour: blue\nenvironments:\n  staging:\n    regions: [us-east-1]\n')).toEqual([
      ['elder.yml:2:1', "unknown key 'colour' at the top level"],
      ['elder.yml:4:3', "missing required key 'tier' in environments.staging"],
    ]);
  });

  it('suggests the nearest enum value and availability level', () => {
    expect(problemsOf(env('    tier: prod\n    availability: very-high\n'))).toEqual([
      [
        'elder.yml:4:11',
        "environments.production.tier: expected one of development, staging, pre_production, production, disaster_recovery; got 'prod' (did you mean 'production'?)",
      ],
      [
        'elder.yml:5:19',
        "environments.production.availability: expected an availability target: a percentage like 99.99 or '99.99%', or a level name (standard, high, very_high, extreme, ultimate); got 'very-high' (did you mean 'very_high'?)",
      ],
    ]);
  });

  it('points a duplicated list item at the repetition', () => {
    expect(problemsOf(env('    tier: staging\n    regions: [us-east-1, eu-west-1, us-east-1]\n'))).toEqual([
      [
        'elder.yml:5:37',
        "environments.production.regions: 'us-east-1' is listed twice (items 1 and 3); list each once",
      ],
    ]);
  });

  it('rejects invalid environment names at the name', () => {
    const [problem] = problemsOf('version: 1\nenvironments:\n  Prod:\n    tier: staging\n');
    expect(problem?.[0]).toBe('elder.yml:3:3');
    expect(problem?.[1]).toMatch(/^invalid name 'Prod' in environments: expected an environment name like production/);
  });

  it('explains that merge keys are refused, once', () => {
    const text = 'version: 1\nbase: &base\n  tier: staging\nenvironments:\n  a:\n    <<: *base\n';
    expect(problemsOf(text)).toEqual([
      ['elder.yml:2:1', "unknown key 'base' at the top level"],
      [
        'elder.yml:6:5',
        "YAML merge keys (<<) are not supported in environments.a; put shared settings under 'defaults:' instead",
      ],
    ]);
  });

  it('rejects a wrong version and an empty environment list', () => {
    expect(problemsOf('version: 2\nenvironments: {}\n')).toEqual([
      ['elder.yml:1:10', 'version: expected 1; got 2'],
      ['elder.yml:2:15', 'no environments are defined; add at least one under environments:'],
    ]);
  });

  it('does not report a value twice when a rule would also trip on it', () => {
    expect(problemsOf(env('    tier: staging\n    phases:\n      deploy:\n        steps: [5, 150]\n'))).toEqual([
      [
        'elder.yml:7:20',
        'environments.production.phases.deploy.steps[1]: expected a whole percentage from 1 to 100; got 150',
      ],
    ]);
  });
});

describe('defaults', () => {
  it('merges defaults: under every environment, the environment winning', () => {
    const { config } = parseConfig(
      [
        'version: 1',
        'defaults:',
        '  regions: [eu-west-1]',
        '  monitoring: { latency_p95_ms: 150, slo_window: 28d }',
        'environments:',
        '  a: { tier: staging }',
        '  b: { tier: staging, monitoring: { latency_p95_ms: 90 } }',
      ].join('\n'),
      'd.yml',
    );
    expect(config.environments['a']?.regions).toEqual(['eu-west-1']);
    expect(config.environments['a']?.monitoring.latencyP95Ms).toBe(150);
    expect(config.environments['b']?.monitoring).toMatchObject({ latencyP95Ms: 90, sloWindowSeconds: 28 * DAY });
    // The per-window budget follows the window: 0.1 % of 28 days.
    expect(config.environments['b']?.budgets.downtimePerSloWindowSeconds).toBe(2419.2);
  });

  it('applies tier defaults and strategy-dependent steps', () => {
    const { config } = parseConfig(
      [
        'version: 1',
        'environments:',
        '  dev: { tier: development }',
        '  stage: { tier: staging }',
        '  prod: { tier: production, compliance: [gdpr], regions: [a, b], dr: { rto: 1h, rpo: 5m } }',
        '  flags: { tier: staging, phases: { deploy: { strategy: feature_flags } } }',
      ].join('\n'),
      't.yml',
    );
    const deploy = (name: string) => config.environments[name]?.phases.deploy;
    expect(deploy('dev')).toMatchObject({ strategy: 'all_at_once', steps: [100], stepIntervalSeconds: 10 });
    expect(deploy('stage')).toMatchObject({ strategy: 'rolling', steps: [25, 50, 75, 100], stepIntervalSeconds: 60 });
    expect(deploy('prod')).toMatchObject({ strategy: 'canary', steps: [5, 25, 50, 100], stepIntervalSeconds: 300 });
    expect(deploy('flags')?.steps).toEqual([1, 10, 50, 100]);
    expect(config.environments['prod']).toMatchObject({
      availability: { level: 'very_high' },
      securityLevel: 'high',
      backup: { strategy: 'continuous', retentionSeconds: 30 * DAY },
      scaling: { minInstances: 2, maxInstances: 20, targetCpuPercent: 70, targetMemoryPercent: 80 },
      monitoring: { sloWindowSeconds: 30 * DAY },
    });
    expect(config.environments['dev']?.backup.strategy).toBe('none');
  });
});

describe('resolveEnvironment', () => {
  const { config } = parseConfig(
    'version: 1\nenvironments:\n  staging: { tier: staging }\n  production: { tier: production, compliance: [soc_2], regions: [a, b], dr: { rto: 15m, rpo: 5m } }\n',
    '.github/elder.yml',
  );

  it('returns the named environment', () => {
    expect(resolveEnvironment(config, 'staging').name).toBe('staging');
  });

  it('suggests the nearest name and lists what exists', () => {
    expect(() => resolveEnvironment(config, 'prodution')).toThrow(
      "unknown environment 'prodution' (did you mean 'production'?); .github/elder.yml defines staging, production",
    );
    expect(() => resolveEnvironment(config, 'qa')).toThrow(
      "unknown environment 'qa'; .github/elder.yml defines staging, production",
    );
  });

  it('does not treat inherited object properties as environments', () => {
    expect(() => resolveEnvironment(config, 'toString')).toThrow(UserError);
  });
});

describe('loadConfig', () => {
  const dir = mkdtempSync(join(tmpdir(), 'elder-config-'));

  it('names a missing file, with a hint for the default path', async () => {
    await expect(loadConfig(join(dir, 'absent.yml'))).rejects.toThrow(
      `${join(dir, 'absent.yml')}: configuration file not found`,
    );
    await expect(loadConfig(DEFAULT_CONFIG_PATH, dir)).rejects.toThrow(
      '.github/elder.yml: configuration file not found; create it',
    );
  });

  it('refuses a directory', async () => {
    await expect(loadConfig('.', dir)).rejects.toThrow('.: is not a file');
  });

  it('refuses an oversized file by its size, naming it', async () => {
    const path = join(dir, 'huge.yml');
    writeFileSync(path, `version: 1\n# ${'x'.repeat(MAX_CONFIG_BYTES)}\n`);
    const err = await loadConfig(path).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).where).toBe(path);
    expect((err as UserError).message).toContain('may be at most 1048576 bytes (1 MiB)');
  });

  it('reports problems with the path it was given', async () => {
    const err = await loadConfig('four-mistakes.yml', FIXTURES).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserErrors);
    expect((err as UserErrors).problems.map((p) => p.where)).toEqual([
      'four-mistakes.yml:7:5',
      'four-mistakes.yml:10:22',
      'four-mistakes.yml:12:21',
      'four-mistakes.yml:13:5',
    ]);
  });
});

describe('the built-in demo configuration', () => {
  it('validates without warnings and holds the demo environment', () => {
    const loaded = embeddedDefaultConfig();
    expect(loaded.warnings).toEqual([]);
    expect(loaded.file).toBe(EMBEDDED_CONFIG_FILE);
    const demo = resolveEnvironment(loaded.config, EMBEDDED_DEMO_ENVIRONMENT);
    expect(demo).toMatchObject({ tier: 'production', dr: { rtoSeconds: 900, rpoSeconds: 300 } });
    expect(demo.phases.deploy).toMatchObject({ driver: 'local', strategy: 'canary' });
  });

  it('hands out copies', () => {
    const first = embeddedDefaultConfig();
    first.config.environments['production']!.regions.push('mutated');
    expect(embeddedDefaultConfig().config.environments['production']?.regions).toEqual(['local-a', 'local-b']);
  });

  it('is used only when no file is named and the default file is missing', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'elder-empty-'));
    const fallback = await loadConfigOrEmbedded(undefined, empty);
    expect(fallback.file).toBe(EMBEDDED_CONFIG_FILE);
    expect(fallback.warnings).toEqual(['no .github/elder.yml found; using the built-in demo configuration']);

    await expect(loadConfigOrEmbedded('missing.yml', empty)).rejects.toThrow(
      'missing.yml: configuration file not found',
    );

    const withFile = mkdtempSync(join(tmpdir(), 'elder-with-'));
    mkdirSync(join(withFile, '.github'));
    writeFileSync(join(withFile, DEFAULT_CONFIG_PATH), 'version: 1\nenvironments:\n  qa: { tier: staging }\n');
    const loaded = await loadConfigOrEmbedded(undefined, withFile);
    expect(loaded.file).toBe(DEFAULT_CONFIG_PATH);
    expect(Object.keys(loaded.config.environments)).toEqual(['qa']);
  });
});
