import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../shared/config/load-config.js';
import { TIER_POLICIES } from '../../../shared/config/tier-policy.js';
import { fixture, problemsOf } from './helpers.js';

/** A production environment that satisfies every policy, to vary one thing at a time. */
function production(extra = '', tier = 'production'): string {
  return [
    'version: 1',
    'environments:',
    '  prod:',
    `    tier: ${tier}`,
    '    regions: [us-east-1, eu-west-1]',
    '    compliance: [soc_2]',
    '    dr: { rto: 15m, rpo: 5m }',
    extra,
  ].join('\n');
}

describe('tier policies', () => {
  it('accept a compliant production environment without warnings', () => {
    expect(parseConfig(production(), 'p.yml').warnings).toEqual([]);
  });

  it('report every violation in the fixture, each where it was written', () => {
    expect(problemsOf(fixture('policy-violations.yml'), 'policy.yml')).toEqual([
      [
        'policy.yml:5:17',
        "environment 'production' (tier production) must not deploy all_at_once (from defaults): use canary, blue_green or rolling so a bad release reaches only part of the traffic and can be rolled back",
      ],
      [
        'policy.yml:5:17',
        "environment 'pre' (tier pre_production) must not deploy all_at_once (from defaults): use canary, blue_green or rolling so a bad release reaches only part of the traffic and can be rolled back",
      ],
      [
        'policy.yml:7:3',
        "environment 'production' (tier production) must name at least one compliance framework under compliance: (iso_27001, soc_2, gdpr, hipaa, pci_dss)",
      ],
      [
        'policy.yml:7:3',
        "environment 'production' (tier production) needs dr.rto (recovery time objective) and dr.rpo (recovery point objective), e.g. rto: 15m, rpo: 5m; DR drills are judged against them",
      ],
      [
        'policy.yml:11:16',
        "environment 'production' (tier production) waives its quality gates without phases.quality_gate.waive_reason; say why, so the waiver is never silent",
      ],
    ]);
  });

  it('allow all_at_once in development and staging', () => {
    for (const tier of ['development', 'staging']) {
      const text = `version: 1\nenvironments:\n  x:\n    tier: ${tier}\n    phases: { deploy: { strategy: all_at_once } }\n`;
      expect(parseConfig(text, 'x.yml').config.environments['x']?.phases.deploy.strategy).toBe('all_at_once');
    }
  });

  it('hold disaster_recovery to production rules', () => {
    const text = 'version: 1\nenvironments:\n  dr-site:\n    tier: disaster_recovery\n    compliance: [soc_2]\n';
    expect(problemsOf(text).map(([, message]) => message)).toEqual([
      "environment 'dr-site' (tier disaster_recovery) needs dr.rto (recovery time objective) and dr.rpo (recovery point objective), e.g. rto: 15m, rpo: 5m; DR drills are judged against them",
    ]);
    expect(TIER_POLICIES.disaster_recovery.forbidAllAtOnce).toBe(true);
  });

  it('point a half-missing dr section at its key', () => {
    expect(problemsOf(production().replace('dr: { rto: 15m, rpo: 5m }', 'dr: { rto: 15m }'))).toEqual([
      [
        'elder.yml:7:5',
        "environment 'prod' (tier production) needs dr.rpo (recovery point objective), e.g. rto: 15m, rpo: 5m; DR drills are judged against them",
      ],
    ]);
  });

  it('allow an rpo longer than the rto (restoring old data quickly is legitimate)', () => {
    const text = production('    backup: { strategy: continuous }').replace('rpo: 5m', 'rpo: 24h');
    expect(parseConfig(text, 'x.yml').config.environments['prod']?.dr).toEqual({ rtoSeconds: 900, rpoSeconds: 86_400 });
  });

  it('refuse an rpo that the snapshot interval cannot meet, in any tier', () => {
    expect(problemsOf(production('    backup: { strategy: snapshot, frequency: 1h }'))).toEqual([
      [
        'elder.yml:8:46',
        "environment 'prod' (tier production): snapshot backups every 1h can lose up to 1h of data, more than dr.rpo 5m; use backup.strategy continuous or a frequency of at most 5m",
      ],
    ]);
    const staging = 'version: 1\nenvironments:\n  s:\n    tier: staging\n    dr: { rpo: 5m }\n';
    expect(problemsOf(staging)).toEqual([
      [
        'elder.yml:5:16',
        "environment 's' (tier staging): snapshot backups every 1d (the staging tier's default) can lose up to 1d of data, more than dr.rpo 5m; use backup.strategy continuous or a frequency of at most 5m",
      ],
    ]);
  });

  it('refuse production without backups', () => {
    expect(problemsOf(production('    backup: { strategy: none }'))).toEqual([
      [
        'elder.yml:8:25',
        "environment 'prod' (tier production) must back up its data: backup.strategy none is not allowed",
      ],
    ]);
  });

  it('warn, not fail, on low availability, a single region and a hot CPU target in production', () => {
    const text = production('    availability: 99.5\n    scaling: { target_cpu_percent: 85 }').replace(
      'regions: [us-east-1, eu-west-1]',
      'regions: [us-east-1]',
    );
    expect(parseConfig(text, 'w.yml').warnings).toEqual([
      "w.yml:5:5: environment 'prod' (tier production) runs in 1 region; a region outage takes it down (list at least 2)",
      "w.yml:8:19: environment 'prod' (tier production): availability 99.5 % is below 99.9 %, low for its tier",
      "w.yml:9:36: environment 'prod' (tier production): scaling.target_cpu_percent 85 is above 70, leaving little headroom for a spike while new instances start",
    ]);
  });

  it('repeat an explained production waiver as a warning, and only warn on an unexplained one in development', () => {
    const explained = production(
      '    phases: { quality_gate: { waive: true, waive_reason: "flaky load rig, OPS-12" } }',
    );
    expect(parseConfig(explained, 'w.yml').warnings).toEqual([
      "w.yml:8:38: environment 'prod' (tier production) waives its quality gates: flaky load rig, OPS-12",
    ]);
    const development =
      'version: 1\nenvironments:\n  d:\n    tier: development\n    phases: { quality_gate: { waive: true } }\n';
    const loaded = parseConfig(development, 'd.yml');
    expect(loaded.warnings).toEqual([
      "d.yml:5:38: environment 'd' (tier development) waives its quality gates without phases.quality_gate.waive_reason; say why, so the waiver is never silent",
    ]);
    expect(loaded.config.environments['d']?.phases.qualityGate).toMatchObject({ waive: true });
  });

  it('refuse tier in defaults:', () => {
    const text = 'version: 1\ndefaults:\n  tier: production\nenvironments:\n  a: { tier: staging }\n';
    expect(problemsOf(text)).toEqual([
      [
        'elder.yml:3:3',
        "'tier' cannot be set in defaults: each environment states its own tier, which decides its policies",
      ],
    ]);
  });
});

describe('consistency rules', () => {
  const staging = (body: string): string => `version: 1\nenvironments:\n  s:\n    tier: staging\n${body}\n`;

  it('want deploy steps that increase and end at 100', () => {
    expect(problemsOf(staging('    phases: { deploy: { steps: [5, 50, 25, 100] } }'))).toEqual([
      ['elder.yml:5:40', 'deploy steps must increase: 25 follows 50'],
    ]);
    expect(problemsOf(staging('    phases: { deploy: { steps: [5, 50] } }'))).toEqual([
      ['elder.yml:5:36', 'the last deploy step must be 100 (all traffic on the new version); got 50'],
    ]);
  });

  it('want a scaling range that is not upside down, blaming the value written', () => {
    expect(problemsOf(staging('    scaling: { min_instances: 8 }'))).toEqual([
      [
        'elder.yml:5:31',
        "environment 's' (tier staging): scaling.min_instances 8 exceeds scaling.max_instances 4 (the staging tier's default)",
      ],
    ]);
  });

  it('want p99 no faster than p95', () => {
    expect(problemsOf(staging('    monitoring: { latency_p95_ms: 300, latency_p99_ms: 250 }'))).toEqual([
      [
        'elder.yml:5:56',
        "environment 's' (tier staging): monitoring.latency_p99_ms 250 is below latency_p95_ms 300; the 99th percentile cannot be faster than the 95th",
      ],
    ]);
  });

  it('want at least one phase to carry report weight', () => {
    const zero = 'provision: 0, integrate: 0, deploy: 0, quality_gate: 0, compliance_audit: 0, dr_drill: 0';
    expect(problemsOf(staging(`    phases: { report: { weights: { ${zero} } } }`))).toEqual([
      [
        'elder.yml:5:25',
        "environment 's' (tier staging): every phase has report weight 0, so the readiness score would weigh nothing",
      ],
    ]);
    // Weights merge key by key: zeroing five phases leaves dr_drill at its default of 1.5.
    const five = zero.replace(', dr_drill: 0', '');
    expect(
      parseConfig(staging(`    phases: { report: { weights: { ${five} } } }`), 'x.yml').config.environments['s']?.phases
        .report.weights,
    ).toEqual({ provision: 0, integrate: 0, deploy: 0, 'quality-gate': 0, 'compliance-audit': 0, 'dr-drill': 1.5 });
  });
});
