import { describe, expect, it } from 'vitest';
import { ELDER_SCHEMA } from '../../../shared/config/schema.js';
import { parseConfig } from '../../../shared/config/load-config.js';
import { defaultGateSettings } from '../../../shared/config/quality-gate-defaults.js';
import {
  builtInMetricNames,
  CONDITION_OPERATORS,
  parseMetricName,
  QUALITY_METRICS,
  QUALITY_SCOPES,
  REQUIRED_INPUTS,
  scopedMetricName,
} from '../../../shared/config/quality-metrics.js';
import type { EnvironmentConfig } from '../../../shared/config/types.js';
import { TIERS } from '../../../shared/config/vocabulary.js';
import { problemsOf } from './helpers.js';

type Node = Record<string, unknown>;
const definitions = ELDER_SCHEMA['definitions'] as Record<string, Node>;
const props = (node: Node): Record<string, Node> => node['properties'] as Record<string, Node>;

const PRODUCTION_LINES = [
  '    regions: [us-east-1, eu-west-1]',
  '    compliance: [soc_2]',
  '    dr: { rto: 15m, rpo: 5m }',
  '    backup: { strategy: continuous }',
];

/** One environment `env` of `tier` with a quality_gate section (indented by the caller's lines). */
function config(tier: string, qualityGate: string[], extra: string[] = []): string {
  const production = ['production', 'pre_production', 'disaster_recovery'].includes(tier);
  return [
    'version: 1',
    'environments:',
    '  env:',
    `    tier: ${tier}`,
    ...(production ? PRODUCTION_LINES : []),
    ...extra,
    '    phases:',
    '      quality_gate:',
    ...qualityGate.map((line) => `        ${line}`),
    '',
  ].join('\n');
}

function load(text: string): { env: EnvironmentConfig; warnings: string[] } {
  const loaded = parseConfig(text, 'q.yml');
  return { env: loaded.config.environments['env'] as EnvironmentConfig, warnings: loaded.warnings };
}

const conditionText = (env: EnvironmentConfig, gate: 'pre_deployment' | 'deployment' | 'post_deployment' | 'runtime') =>
  env.phases.qualityGate.byGate[gate].conditions.map((c) => `${c.metric} ${c.operator} ${c.threshold}`);

describe('quality gate defaults', () => {
  it('apply "clean as you code" to pre_deployment, strictest in production-grade tiers', () => {
    const { env } = load(config('production', ['min_score: 0.9']));
    const qualityGate = env.phases.qualityGate;
    expect(conditionText(env, 'pre_deployment')).toEqual([
      'new_findings == 0',
      'new_line_coverage >= 80',
      'new_failing_tests == 0',
      'test_pass_rate == 100',
      'vulnerabilities_critical == 0',
      'vulnerabilities_high == 0',
    ]);
    expect(qualityGate.byGate.pre_deployment).toMatchObject({
      requiredReports: ['coverage', 'tests', 'findings', 'vulnerabilities'],
      source: 'default',
    });
    expect(qualityGate.newCodeMinLines).toBe(20);
    expect(qualityGate.paths).toEqual({});
    expect(conditionText(load(config('staging', ['waive: false'])).env, 'pre_deployment')).toEqual([
      'new_findings == 0',
      'new_line_coverage >= 80',
      'failing_tests == 0',
      'vulnerabilities_critical == 0',
    ]);
    expect(conditionText(load(config('development', ['waive: false'])).env, 'pre_deployment')).toEqual([
      'new_failing_tests == 0',
      'vulnerabilities_critical == 0',
    ]);
  });

  it("derive the runtime gates' thresholds from the environment's own objectives", () => {
    const { env } = load(
      config(
        'production',
        ['waive: false'],
        [
          '    availability: 99.95',
          '    monitoring: { latency_p95_ms: 150, latency_p99_ms: 400 }',
          '    scaling: { target_cpu_percent: 60 }',
        ],
      ),
    );
    expect(conditionText(env, 'deployment')).toEqual(['error_rate <= 0.05', 'p95_latency_ms <= 150']);
    expect(conditionText(env, 'post_deployment')).toEqual([
      'error_rate <= 0.05',
      'p95_latency_ms <= 150',
      'p99_latency_ms <= 400',
    ]);
    expect(conditionText(env, 'runtime')).toEqual([
      'availability >= 99.95',
      'error_rate <= 0.05',
      'p95_latency_ms <= 150',
      'cpu_percent <= 60',
      'memory_percent <= 80',
    ]);
    expect(env.phases.qualityGate.byGate.runtime.requiredReports).toEqual(['metrics']);
    expect(
      load(config('development', ['waive: false'])).env.phases.qualityGate.byGate.deployment.requiredReports,
    ).toEqual([]);
  });

  it('give production the specification error rate of 0.01 %', () => {
    expect(conditionText(load(config('production', ['waive: false'])).env, 'deployment')[0]).toBe('error_rate <= 0.01');
  });
});

describe('quality gate conditions in elder.yml', () => {
  it("replace a gate's default list, while each field defaults on its own", () => {
    const { env, warnings } = load(
      config('staging', [
        'new_code_min_lines: 0',
        'paths: { api: services/api, web: "packages/*" }',
        'pre_deployment:',
        '  required_reports: [coverage]',
        'runtime:',
        '  conditions:',
        '    - { metric: queue_depth, operator: lt, threshold: 100 }',
        "    - { metric: new_line_coverage, operator: '>=', threshold: 90, path: api, waive: true, waive_reason: legacy }",
      ]),
    );
    expect(warnings).toEqual([]);
    const qualityGate = env.phases.qualityGate;
    expect(qualityGate.newCodeMinLines).toBe(0);
    expect(qualityGate.paths).toEqual({ api: 'services/api', web: 'packages/*' });
    expect(qualityGate.byGate.pre_deployment).toMatchObject({ requiredReports: ['coverage'], source: 'default' });
    expect(qualityGate.byGate.pre_deployment.conditions).toHaveLength(4);
    expect(qualityGate.byGate.runtime).toEqual({
      conditions: [
        { metric: 'queue_depth', operator: '<', threshold: 100, waive: false },
        { metric: 'new_line_coverage', operator: '>=', threshold: 90, path: 'api', waive: true, waiveReason: 'legacy' },
      ],
      requiredReports: ['metrics'],
      source: 'configured',
    });
  });

  it('take conditions written under defaults: for every environment', () => {
    const text = [
      'version: 1',
      'defaults:',
      '  phases:',
      '    quality_gate:',
      '      pre_deployment:',
      '        conditions: [{ metric: line_coverage, operator: gte, threshold: 70 }]',
      'environments:',
      '  env:',
      '    tier: development',
      '',
    ].join('\n');
    expect(conditionText(load(text).env, 'pre_deployment')).toEqual(['line_coverage >= 70']);
  });

  it('point at each bad condition with file:line:column and suggest the nearest valid word', () => {
    const text = config('staging', [
      'paths: { API: services/api, web: /abs }',
      'pre_deployment:',
      '  required_reports: [coverage, test]',
      '  conditions:',
      "    - { metric: new_line_coverage, operator: '=>', threshold: 80 }",
      '    - metric: line_coverage',
      '      operator: gte',
      '      treshold: 80',
      '      scope: new-code',
      '    - { metric: Bad-Name, operator: eq, threshold: 0, path: ../x }',
      '    - { metric: findings, operator: eq, threshold: zero }',
    ]);
    const where = 'environments.env.phases.quality_gate';
    expect(problemsOf(text, 'q.yml')).toEqual([
      [
        'q.yml:7:18',
        `invalid name 'API' in ${where}.paths: expected a package name like api (lower case letters, digits, _, . and -, starting with a letter or digit)`,
      ],
      [
        'q.yml:7:42',
        `${where}.paths.web: expected a repository path prefix or glob like services/api (forward slashes, not starting with /, without .. segments); got '/abs'`,
      ],
      [
        'q.yml:9:40',
        `${where}.pre_deployment.required_reports[1]: expected one of coverage, tests, findings, vulnerabilities, metrics; got 'test' (did you mean 'tests'?)`,
      ],
      [
        'q.yml:11:54',
        `${where}.pre_deployment.conditions[0].operator: expected one of >=, <=, ==, !=, >, <, gte, lte, eq, ne, gt, lt; got '=>' (did you mean '>='?)`,
      ],
      ['q.yml:14:15', `unknown key 'treshold' in ${where}.pre_deployment.conditions[1] (did you mean 'threshold'?)`],
      [
        'q.yml:15:22',
        `${where}.pre_deployment.conditions[1].scope: expected one of overall, new_code; got 'new-code' (did you mean 'new_code'?)`,
      ],
      [
        'q.yml:16:25',
        `${where}.pre_deployment.conditions[2].metric: expected a metric name like new_line_coverage (lower-case letters, digits and _, starting with a letter); got 'Bad-Name'`,
      ],
      [
        'q.yml:16:69',
        `${where}.pre_deployment.conditions[2].path: expected a repository path prefix or glob like services/api (forward slashes, not starting with /, without .. segments); got '../x'`,
      ],
      ['q.yml:17:60', `${where}.pre_deployment.conditions[3].threshold: expected a number; got 'zero'`],
    ]);
  });

  it('refuse a scope that contradicts the metric', () => {
    const text = config('staging', [
      'pre_deployment:',
      '  conditions:',
      '    - { metric: new_line_coverage, operator: gte, threshold: 80, scope: overall }',
      '    - { metric: test_pass_rate, operator: eq, threshold: 100, scope: new_code }',
      '    - { metric: error_rate, operator: lte, threshold: 1, scope: new_code }',
      '    - { metric: findings_high, operator: eq, threshold: 0, scope: new_code }',
    ]);
    const who = "environment 'env' (tier staging)";
    expect(problemsOf(text, 'q.yml')).toEqual([
      [
        'q.yml:9:81',
        `${who}: 'new_line_coverage' is measured on new code; write line_coverage for the overall measure`,
      ],
      ['q.yml:10:78', `${who}: 'test_pass_rate' is measured on the whole code base only; leave scope out`],
      [
        'q.yml:11:73',
        `${who}: 'error_rate' is supplied by the caller and measured as given; scope new_code does not apply`,
      ],
    ]);
  });

  it('warn about near misses that would otherwise pass quietly', () => {
    const { warnings } = load(
      config('staging', [
        'gates: [pre_deployment]',
        'paths: { api: services/api }',
        'pre_deployment:',
        '  conditions:',
        '    - { metric: new_line_coverag, operator: gte, threshold: 0.8, path: aip }',
        '    - { metric: queue_depth, operator: lt, threshold: 5, path: services }',
        'runtime:',
        '  conditions: []',
      ]),
    );
    const who = "environment 'env' (tier staging)";
    expect(warnings).toEqual([
      `q.yml:11:25: ${who}: metric 'new_line_coverag' is not built in, so the gate expects the caller to supply it (did you mean 'new_line_coverage'?)`,
      `q.yml:11:80: ${who}: path 'aip' is not a package in quality_gate.paths, so it is read as a directory (did you mean 'api'?)`,
      `q.yml:13:9: ${who}: quality_gate.runtime is configured but 'runtime' is not in quality_gate.gates, so it is not enforced`,
    ]);
    const fraction = load(
      config('staging', [
        'pre_deployment:',
        '  conditions: [{ metric: line_coverage, operator: gte, threshold: 0.8 }]',
      ]),
    );
    const errorRate = load(
      config('staging', ['deployment:', '  conditions: [{ metric: error_rate, operator: lte, threshold: 0.05 }]']),
    );
    expect(errorRate.warnings).toEqual([]);
    expect(fraction.warnings).toEqual([
      `q.yml:8:75: ${who}: threshold 0.8 for line_coverage reads as 0.8 %; percentages are written as percentages (did you mean 80?)`,
    ]);
  });
});

describe('waived conditions', () => {
  const waived = (reason = ''): string[] => [
    'pre_deployment:',
    '  conditions:',
    `    - { metric: line_coverage, operator: gte, threshold: 80, waive: true${reason} }`,
  ];

  it('need a reason in production-grade tiers', () => {
    for (const tier of ['production', 'pre_production', 'disaster_recovery']) {
      expect(problemsOf(config(tier, waived()), 'q.yml')).toEqual([
        [
          'q.yml:13:77',
          `environment 'env' (tier ${tier}) waives condition line_coverage gte 80 of gate pre_deployment without waive_reason; say why, so the waiver is never silent`,
        ],
      ]);
    }
  });

  it('are announced on every load in production-grade tiers, even with a reason', () => {
    const { warnings, env } = load(config('production', waived(', waive_reason: "legacy module, PLAT-7"')));
    expect(warnings).toEqual([
      "q.yml:13:77: environment 'env' (tier production) waives condition line_coverage gte 80 of gate pre_deployment: legacy module, PLAT-7",
    ]);
    expect(env.phases.qualityGate.byGate.pre_deployment.conditions[0]).toMatchObject({
      waive: true,
      waiveReason: 'legacy module, PLAT-7',
    });
  });

  it('only warn without a reason in lower tiers', () => {
    expect(load(config('development', waived())).warnings).toEqual([
      "q.yml:9:77: environment 'env' (tier development) waives condition line_coverage gte 80 of gate pre_deployment without waive_reason; say why, so the waiver is never silent",
    ]);
    expect(load(config('staging', waived(', waive_reason: ok'))).warnings).toEqual([]);
  });
});

describe('the quality gate schema', () => {
  const qualityGate = props(definitions['qualityGate'] as Node);
  const condition = props(definitions['qualityCondition'] as Node);

  it('keeps its word lists identical to the TypeScript vocabulary', () => {
    expect(condition['operator']?.['enum']).toEqual([...CONDITION_OPERATORS]);
    expect(condition['scope']?.['enum']).toEqual([...QUALITY_SCOPES]);
    const required = props(definitions['gateSettings'] as Node)['required_reports'] as Node;
    expect((required['items'] as Node)['enum']).toEqual([...REQUIRED_INPUTS]);
  });

  it('names every built-in metric in the description of metric', () => {
    const description = String(condition['metric']?.['description']);
    for (const name of Object.keys(QUALITY_METRICS)) expect(description, name).toMatch(new RegExp(`\\b${name}\\b`));
  });

  it("documents each tier's pre_deployment defaults as the code applies them", () => {
    const description = String(qualityGate['pre_deployment']?.['description']);
    const context = {
      availabilityPercent: 99,
      latencyP95Ms: 1,
      latencyP99Ms: 1,
      targetCpuPercent: 1,
      targetMemoryPercent: 1,
    };
    for (const tier of TIERS) {
      const defaults = defaultGateSettings(tier, 'pre_deployment', context);
      const conditions = (defaults.conditions ?? []).map((c) => `${c.metric} ${c.operator} ${c.threshold}`).join(', ');
      const sentence = `${conditions}, requiring ${(defaults.required_reports ?? []).join(', ')}`;
      expect(description, tier).toContain(sentence);
    }
  });

  it('documents the default of new_code_min_lines', () => {
    expect(String(qualityGate['new_code_min_lines']?.['description'])).toMatch(/Default: 20\./);
  });
});

describe('metric names', () => {
  it('read new_ as the new-code scope of a built-in metric', () => {
    expect(parseMetricName('new_line_coverage')).toMatchObject({ metric: 'line_coverage', impliedScope: 'new_code' });
    expect(parseMetricName('line_coverage')).toMatchObject({ metric: 'line_coverage' });
    expect(parseMetricName('line_coverage').impliedScope).toBeUndefined();
    expect(parseMetricName('test_pass_rate')).toMatchObject({ impliedScope: 'overall' });
    expect(parseMetricName('new_lines')).toMatchObject({ metric: 'new_lines', impliedScope: 'new_code' });
    expect(parseMetricName('new_test_pass_rate')).toEqual({ metric: 'new_test_pass_rate' });
    expect(parseMetricName('queue_depth')).toEqual({ metric: 'queue_depth' });
    expect(scopedMetricName('findings_high', 'new_code')).toBe('new_findings_high');
    expect(builtInMetricNames()).toContain('new_vulnerabilities_critical');
    expect(builtInMetricNames()).not.toContain('new_flaky_tests');
  });
});
