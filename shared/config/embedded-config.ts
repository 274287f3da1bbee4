/**
 * The configuration used when there is no `.github/elder.yml`, so `elder demo` and a first
 * `elder run` work on a laptop before anything is written. It mirrors examples/.github/elder.yml
 * but only needs what a local run has: the embedded reverse proxy (driver local), two
 * simulated local regions for the DR drill, no Prometheus, and short deploy steps.
 *
 * It is YAML text, parsed by the same parseConfig as any file, so it can never drift from the
 * schema or the tier policies (a test loads it and expects no warnings).
 */
import { access } from 'node:fs/promises';
import { resolve } from 'node:path';
import { DEFAULT_CONFIG_PATH, loadConfig, parseConfig } from './load-config.js';
import type { LoadedConfig } from './types.js';

/** How messages name the built-in configuration in place of a file name. */
export const EMBEDDED_CONFIG_FILE = '(built-in demo configuration)';

/** The environment the demo runs against. */
export const EMBEDDED_DEMO_ENVIRONMENT = 'production';

export const EMBEDDED_CONFIG_YAML = `version: 1
environments:
  staging:
    tier: staging
    availability: high
    regions: [local-a]
    phases:
      deploy:
        strategy: rolling
        driver: local
        step_interval: 5s
  production:
    tier: production
    availability: very_high
    regions: [local-a, local-b]
    expected_load:
      concurrent_users: 1000
      requests_per_second: 200
      data_volume: 1GB
    compliance: [soc_2, iso_27001]
    security_level: high
    backup:
      strategy: continuous
      frequency: 1d
      retention: 30d
    monitoring:
      latency_p95_ms: 100
      latency_p99_ms: 200
    scaling:
      min_instances: 2
      max_instances: 6
    dr:
      rto: 15m
      rpo: 5m
    phases:
      deploy:
        strategy: canary
        driver: local
        steps: [5, 25, 50, 100]
        step_interval: 5s
`;

let cached: LoadedConfig | undefined;

export function embeddedDefaultConfig(): LoadedConfig {
  cached ??= parseConfig(EMBEDDED_CONFIG_YAML, EMBEDDED_CONFIG_FILE);
  // A copy, so one caller's changes cannot leak into another's.
  return structuredClone(cached);
}

/**
 * The actions' `config` input defaults to `.github/elder.yml`, which GitHub passes even when the
 * user named nothing: that default counts as "not named", so a repository without the file gets
 * the embedded defaults (with a warning) instead of a "file not found" error.
 */
export function namedConfigPath(input: string | undefined): string | undefined {
  return input === undefined || input === DEFAULT_CONFIG_PATH ? undefined : input;
}

/**
 * For the CLI: a file named explicitly must exist, but with no name and no
 * `.github/elder.yml` in `cwd` the built-in configuration is used, with a warning saying so.
 */
export async function loadConfigOrEmbedded(
  path: string | undefined,
  cwd: string = process.cwd(),
): Promise<LoadedConfig> {
  if (path !== undefined) return loadConfig(path, cwd);
  try {
    await access(resolve(cwd, DEFAULT_CONFIG_PATH));
  } catch {
    const loaded = embeddedDefaultConfig();
    loaded.warnings.unshift(`no ${DEFAULT_CONFIG_PATH} found; using the ${EMBEDDED_CONFIG_FILE.slice(1, -1)}`);
    return loaded;
  }
  return loadConfig(DEFAULT_CONFIG_PATH, cwd);
}
