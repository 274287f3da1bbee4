import { describe, expect, it } from 'vitest';
import { DEFAULT_PROMQL } from '../../../shared/config/defaults.js';
import { loadConfig, parseConfig, resolveEnvironment } from '../../../shared/config/index.js';
import { EXAMPLE, problemsOf } from './helpers.js';

function deployOf(yaml: string, name = 'svc') {
  const { config } = parseConfig(yaml, 'elder.yml');
  return resolveEnvironment(config, name).phases.deploy;
}

const base = (tier: string, deploy = ''): string =>
  `version: 1\nenvironments:\n  svc:\n    tier: ${tier}\n${deploy ? `    phases:\n      deploy:\n${deploy}` : ''}`;

describe('deploy settings', () => {
  it('resolves safe defaults for a production canary', () => {
    const deploy = deployOf(base('pre_production'));
    expect(deploy.strategy).toBe('canary');
    expect(deploy.analysis.prometheus.url).toBeUndefined();
    expect(deploy.analysis).toEqual({
      source: 'proxy',
      intervalSeconds: 10,
      alpha: 0.01,
      latencyTolerance: 0.1,
      errorTolerance: 0.5,
      minRequests: 50,
      baseline: true,
      onInconclusive: 'fail',
      power: { minDetectableLatencyIncrease: 0.2, minDetectableErrorRatio: 2, onWeak: 'warn' },
      prometheus: { queries: { ...DEFAULT_PROMQL } },
    });
    expect(deploy.concurrency).toBe('wait');
    expect(deploy.progressDeadlineSeconds).toBe(3600);
    expect(deploy.blueGreen).toEqual({ rollbackWindowSeconds: 300, previewHeader: 'x-elder-preview' });
    expect(deploy.rolling).toEqual({ instances: 2, maxSurge: 1, maxUnavailable: 0 });
    expect(deploy.abTesting).toEqual({ userIdHeader: 'x-user-id', variantWeight: 50 });
    expect(deploy.featureFlags).toEqual({ file: 'flags.json', provider: 'file' });
    expect(deploy.local).toEqual({ healthPath: '/healthz', startTimeoutSeconds: 30, listenPort: 0 });
    expect(deploy.kubernetes).toEqual({ namespace: 'default', manifestsDir: '.elder/kubernetes' });
  });

  it('starts a baseline only for canary unless told', () => {
    expect(deployOf(base('staging')).analysis.baseline).toBe(false);
    expect(deployOf(base('staging', '        analysis: { baseline: true }\n')).analysis.baseline).toBe(true);
  });

  it('reads every key written in snake_case', () => {
    const deploy = deployOf(
      base(
        'pre_production',
        [
          '        strategy: a_b_testing',
          '        analysis:',
          '          source: prometheus',
          '          interval: 30s',
          '          alpha: 0.05',
          '          on_inconclusive: pause',
          '          power: { on_weak: refuse, min_detectable_error_ratio: 3 }',
          '          prometheus: { url: "http://prom:9090", queries: { requests: "sum(x)" } }',
          '        blue_green: { rollback_window: 10m, preview_header: x-green }',
          '        rolling: { instances: 6, max_surge: 2, max_unavailable: 1 }',
          '        a_b_testing: { cookie: variant, user_id_header: x-uid, variant_weight: 20 }',
          '        feature_flags: { flag: new-checkout, provider: command, command: [flagctl, "{flag}", "{percentage}"] }',
          '        local: { command: [node, server.mjs, --port, "{port}"], listen_port: 8088 }',
          '        command: { set_weight: [./hooks/weight.sh, "{weights}"], status: [./hooks/status.sh] }',
          '        kubernetes: { namespace: shop, image: "ghcr.io/o/app:{version}" }',
          '        concurrency: refuse',
          '        progress_deadline: 2h',
          '',
        ].join('\n'),
      ),
    );
    expect(deploy.analysis.source).toBe('prometheus');
    expect(deploy.analysis.intervalSeconds).toBe(30);
    expect(deploy.analysis.alpha).toBe(0.05);
    expect(deploy.analysis.onInconclusive).toBe('pause');
    expect(deploy.analysis.power).toEqual({
      minDetectableLatencyIncrease: 0.2,
      minDetectableErrorRatio: 3,
      onWeak: 'refuse',
    });
    expect(deploy.analysis.prometheus.url).toBe('http://prom:9090');
    expect(deploy.analysis.prometheus.queries.requests).toBe('sum(x)');
    expect(deploy.analysis.prometheus.queries.errors).toBe(DEFAULT_PROMQL.errors);
    expect(deploy.blueGreen).toEqual({ rollbackWindowSeconds: 600, previewHeader: 'x-green' });
    expect(deploy.rolling).toEqual({ instances: 6, maxSurge: 2, maxUnavailable: 1 });
    expect(deploy.abTesting).toEqual({ cookie: 'variant', userIdHeader: 'x-uid', variantWeight: 20 });
    expect(deploy.featureFlags).toEqual({
      file: 'flags.json',
      flag: 'new-checkout',
      provider: 'command',
      command: ['flagctl', '{flag}', '{percentage}'],
    });
    expect(deploy.local.command).toEqual(['node', 'server.mjs', '--port', '{port}']);
    expect(deploy.local.listenPort).toBe(8088);
    expect(deploy.command).toEqual({ setWeight: ['./hooks/weight.sh', '{weights}'], status: ['./hooks/status.sh'] });
    expect(deploy.kubernetes.image).toBe('ghcr.io/o/app:{version}');
    expect(deploy.concurrency).toBe('refuse');
    expect(deploy.progressDeadlineSeconds).toBe(7200);
  });

  it('takes the Prometheus URL from monitoring by default', async () => {
    const { config } = await loadConfig(EXAMPLE);
    const production = resolveEnvironment(config, 'production');
    expect(production.phases.deploy.analysis.prometheus.url).toBe('http://127.0.0.1:9090');
    expect(resolveEnvironment(config, 'staging').phases.deploy.analysis.prometheus.url).toBeUndefined();
  });

  it('rejects unknown keys and bad values with their position', () => {
    const problems = problemsOf(
      base('production', '        analysis: { on_inconclusive: maybe, alpha: 2 }\n        concurrency: queue\n'),
    );
    const where = problems.map(([at]) => at);
    expect(where.some((at) => /^elder\.yml:\d+:\d+$/.test(at))).toBe(true);
    expect(problems.map(([, message]) => message).join('\n')).toMatch(/on_inconclusive|alpha|concurrency/);
    expect(problems.length).toBeGreaterThanOrEqual(3);
  });
});
