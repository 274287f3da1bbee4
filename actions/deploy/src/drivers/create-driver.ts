/**
 * From the environment's deploy settings to a running TrafficDriver and, for Prometheus
 * analysis, a metrics source. The action entry, the post step and `elder run deploy` share it,
 * so a setting means the same everywhere. Missing required settings fail here, before anything
 * on the platform changes, with the configuration key to set.
 */
import { basename, resolve } from 'node:path';
import { DEFAULT_PROMQL } from '../../../../shared/config/defaults.js';
import type { DeploySettings } from '../../../../shared/config/types.js';
import { UserError } from '../../../../shared/runtime/errors.js';
import type { Logger } from '../../../../shared/runtime/logger.js';
import type { MetricsSource } from '../metrics/role-sample.js';
import { PrometheusMetricsSource, type PromqlTemplates } from '../metrics/prometheus-source.js';
import type { VersionSpec } from '../model/roles.js';
import { CommandDriver } from './command/command-driver.js';
import type { HookName } from './command/hook-argv.js';
import { KubernetesDriver } from './kubernetes/kubernetes-driver.js';
import { createLocalDriver } from './local/local-driver.js';
import { NginxDriver } from './nginx/nginx-driver.js';
import { ServiceProcessLauncher } from './nginx/instance-launcher.js';
import type { TrafficDriver } from './traffic-driver.js';

export interface DriverContext {
  /** Relative paths in the settings (manifests, include files) and the instances' cwd. */
  workspace: string;
  logger: Logger;
  stable: VersionSpec;
  candidate: VersionSpec;
  /** The kubernetes driver's app name; default: the workspace folder's name as a DNS label. */
  app?: string;
}

/**
 * Stopping an instance and draining it must fit in the runner's cancellation grace (SIGINT,
 * then SIGTERM 7.5 s later, then the process tree is killed 2.5 s after that), so a cancelled
 * rollout can still put stable back.
 */
const STOP_GRACE_MS = 2_000;
const DRAIN_TIMEOUT_MS = 3_000;
/** The example service's port when a container needs one; not configurable yet. */
const CONTAINER_PORT = 8080;

const HOOKS: Record<keyof DeploySettings['command'], HookName> = {
  start: 'start',
  stop: 'stop',
  setWeight: 'set-weight',
  promote: 'promote',
  rollback: 'rollback',
  status: 'status',
};

export async function createDriver(settings: DeploySettings, context: DriverContext): Promise<TrafficDriver> {
  switch (settings.driver) {
    case 'local':
      requireCommands(context, 'local');
      return createLocalDriver({
        port: settings.local.listenPort,
        healthPath: settings.local.healthPath,
        readyTimeoutMs: settings.local.startTimeoutSeconds * 1000,
        stopGraceMs: STOP_GRACE_MS,
        drainTimeoutMs: DRAIN_TIMEOUT_MS,
        cwd: context.workspace,
      });
    case 'nginx':
      requireCommands(context, 'nginx');
      return new NginxDriver({
        nginx: settings.nginx.binary,
        // The system nginx, whose nginx.conf includes the file the driver writes.
        prefix: '/etc/nginx/',
        configFile: '/etc/nginx/nginx.conf',
        includeFile: resolve(context.workspace, settings.nginx.configFile),
        listen: { host: '0.0.0.0', port: settings.nginx.listenPort },
        reloadCommand: settings.nginx.reloadCommand,
        healthPath: settings.local.healthPath,
        launcher: new ServiceProcessLauncher({
          healthPath: settings.local.healthPath,
          readyTimeoutMs: settings.local.startTimeoutSeconds * 1000,
        }),
      });
    case 'command':
      return new CommandDriver({
        hooks: commandHooks(settings),
        cwd: context.workspace,
        where: 'phases.deploy.command',
      });
    case 'kubernetes': {
      const image = settings.kubernetes.image;
      if (!image) {
        throw new UserError(
          'the kubernetes driver needs an image with {version}, e.g. ghcr.io/acme/shop:{version}',
          'phases.deploy.kubernetes.image',
        );
      }
      return new KubernetesDriver({
        app: context.app ?? dnsLabel(basename(context.workspace)),
        namespace: settings.kubernetes.namespace,
        image,
        containerPort: CONTAINER_PORT,
        healthPath: settings.local.healthPath,
        manifestDir: resolve(context.workspace, settings.kubernetes.manifestsDir),
        traffic: 'replicas',
      });
    }
  }
}

/**
 * The proxy (local, nginx with an access log) measures traffic itself: undefined makes the
 * engine call driver.takeSamples(). Prometheus needs its URL; the queries are the configured
 * ones when the user changed them, else the source's defaults for the example service.
 */
export function createMetricsSource(
  settings: DeploySettings,
  versions: { stable: VersionSpec; candidate: VersionSpec },
): MetricsSource | undefined {
  if (settings.analysis.source !== 'prometheus') return undefined;
  const { url, queries } = settings.analysis.prometheus;
  if (!url) {
    throw new UserError(
      'analysis from prometheus needs its URL (or monitoring.prometheus_url)',
      'phases.deploy.analysis.prometheus.url',
    );
  }
  const templates: Partial<PromqlTemplates> = {};
  if (queries.requests !== DEFAULT_PROMQL.requests) templates.requests = templateSyntax(queries.requests);
  if (queries.errors !== DEFAULT_PROMQL.errors) templates.errors = templateSyntax(queries.errors);
  if (queries.latency !== DEFAULT_PROMQL.latency) templates.latencyMs = templateSyntax(queries.latency);
  return new PrometheusMetricsSource({
    url,
    versions: {
      stable: versions.stable.version,
      baseline: versions.stable.version,
      candidate: versions.candidate.version,
    },
    templates,
    stepSeconds: Math.max(1, settings.analysis.intervalSeconds),
  });
}

/**
 * The configuration writes placeholders as `{version}`, `{role}` and `{window}` (like every other
 * argv and template in elder.yml); the PromQL template engine, which escapes each value for the
 * string it lands in, spells them `{{version}}`. Double braces already written are kept.
 */
export function templateSyntax(query: string): string {
  return query.replace(/(?<!\{)\{(version|role|window|range)\}(?!\})/g, '{{$1}}');
}

/** The local and nginx drivers run each version from `local.command`. */
function requireCommands(context: DriverContext, driver: 'local' | 'nginx'): void {
  for (const spec of [context.stable, context.candidate]) {
    if (!spec.command || spec.command.length === 0) {
      throw new UserError(
        `the ${driver} driver runs each version from a command, e.g. [node, server.mjs, --port, '{port}', --version, '{version}']; none is set for ${spec.version}`,
        'phases.deploy.local.command',
      );
    }
  }
}

function commandHooks(settings: DeploySettings): Partial<Record<HookName, string[]>> {
  const hooks: Partial<Record<HookName, string[]>> = {};
  for (const [key, argv] of Object.entries(settings.command)) {
    if (argv) hooks[HOOKS[key as keyof DeploySettings['command']]] = argv;
  }
  const missing = (['start', 'set-weight', 'stop'] as const).filter((name) => !hooks[name]);
  if (missing.length > 0) {
    throw new UserError(
      `the command driver needs the hooks start, set_weight and stop; missing ${missing.map((m) => m.replace('-', '_')).join(', ')}`,
      'phases.deploy.command',
    );
  }
  return hooks;
}

/** A folder name as a DNS-1035 label (the kubernetes app name). */
export function dnsLabel(name: string): string {
  const label = name
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^[^a-z]+/, '')
    .slice(0, 42)
    .replace(/-+$/, '');
  return label || 'app';
}
