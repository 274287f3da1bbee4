/**
 * The deploy phase's strategy, driver and analysis settings, from the merged YAML (defaults
 * applied). Split from build-environment.ts because deploy has more keys than every other phase
 * together; like it, this runs after the schema passed, so conversion cannot fail.
 */
import { DEFAULT_PROMQL } from './defaults.js';
import { parseDuration } from './duration.js';
import type { RawDeploy } from './raw-config.js';
import type { DeploySettings } from './types.js';
import type { DeployStrategy } from './vocabulary.js';

type Extras = Omit<
  DeploySettings,
  'enabled' | 'strategy' | 'driver' | 'steps' | 'stepIntervalSeconds' | 'autoRollback'
>;

export function buildDeployExtras(
  deploy: RawDeploy,
  strategy: DeployStrategy,
  context: { minInstances: number; prometheusUrl?: string },
): Extras {
  const analysis = deploy.analysis ?? {};
  const power = analysis.power ?? {};
  const queries = analysis.prometheus?.queries ?? {};
  const prometheusUrl = analysis.prometheus?.url ?? context.prometheusUrl;
  const ab = deploy.a_b_testing ?? {};
  const flags = deploy.feature_flags ?? {};
  const local = deploy.local ?? {};
  const nginx = deploy.nginx ?? {};
  const hooks = deploy.command ?? {};
  const k8s = deploy.kubernetes ?? {};

  const extras: Extras = {
    analysis: {
      source: analysis.source ?? 'proxy',
      intervalSeconds: parseDuration(analysis.interval ?? '10s'),
      alpha: analysis.alpha ?? 0.01,
      latencyTolerance: analysis.latency_tolerance ?? 0.1,
      errorTolerance: analysis.error_tolerance ?? 0.5,
      minRequests: analysis.min_requests ?? 50,
      // A baseline only pays off where a small share of traffic is compared over time.
      baseline: analysis.baseline ?? strategy === 'canary',
      onInconclusive: analysis.on_inconclusive ?? 'fail',
      power: {
        minDetectableLatencyIncrease: power.min_detectable_latency_increase ?? 0.2,
        minDetectableErrorRatio: power.min_detectable_error_ratio ?? 2,
        onWeak: power.on_weak ?? 'warn',
      },
      prometheus: {
        queries: {
          requests: queries.requests ?? DEFAULT_PROMQL.requests,
          errors: queries.errors ?? DEFAULT_PROMQL.errors,
          latency: queries.latency ?? DEFAULT_PROMQL.latency,
        },
      },
    },
    blueGreen: {
      rollbackWindowSeconds: parseDuration(deploy.blue_green?.rollback_window ?? '5m'),
      previewHeader: deploy.blue_green?.preview_header ?? 'x-elder-preview',
    },
    rolling: {
      instances: deploy.rolling?.instances ?? context.minInstances,
      maxSurge: deploy.rolling?.max_surge ?? 1,
      maxUnavailable: deploy.rolling?.max_unavailable ?? 0,
    },
    abTesting: { userIdHeader: ab.user_id_header ?? 'x-user-id', variantWeight: ab.variant_weight ?? 50 },
    featureFlags: { file: flags.file ?? 'flags.json', provider: flags.provider ?? 'file' },
    local: {
      healthPath: local.health_path ?? '/healthz',
      startTimeoutSeconds: parseDuration(local.start_timeout ?? '30s'),
      listenPort: local.listen_port ?? 0,
    },
    nginx: {
      binary: nginx.binary ?? 'nginx',
      configFile: nginx.config_file ?? '.elder/nginx/elder-upstreams.conf',
      listenPort: nginx.listen_port ?? 8080,
      reloadCommand: [...(nginx.reload_command ?? ['nginx', '-s', 'reload'])],
    },
    command: {},
    kubernetes: { namespace: k8s.namespace ?? 'default', manifestsDir: k8s.manifests_dir ?? '.elder/kubernetes' },
    concurrency: deploy.concurrency ?? 'wait',
    progressDeadlineSeconds: parseDuration(deploy.progress_deadline ?? '1h'),
  };
  if (prometheusUrl !== undefined) extras.analysis.prometheus.url = prometheusUrl;
  if (ab.header !== undefined) extras.abTesting.header = ab.header;
  if (ab.cookie !== undefined) extras.abTesting.cookie = ab.cookie;
  if (flags.flag !== undefined) extras.featureFlags.flag = flags.flag;
  if (flags.command !== undefined) extras.featureFlags.command = [...flags.command];
  if (local.command !== undefined) extras.local.command = [...local.command];
  if (k8s.image !== undefined) extras.kubernetes.image = k8s.image;
  const hookNames = {
    start: 'start',
    stop: 'stop',
    set_weight: 'setWeight',
    promote: 'promote',
    rollback: 'rollback',
    status: 'status',
  } as const;
  for (const [raw, typed] of Object.entries(hookNames)) {
    const argv = hooks[raw as keyof typeof hookNames];
    if (argv !== undefined) extras.command[typed] = [...argv];
  }
  return extras;
}
