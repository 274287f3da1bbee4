/**
 * Environments for the end-to-end deploy tests, built from YAML text through the real config
 * loader, with the example service as the local command (absolute path, so the tests run from
 * any working directory).
 */
import { fileURLToPath } from 'node:url';
import { parseConfig, resolveEnvironment } from '../../../../shared/config/index.js';
import type { EnvironmentConfig } from '../../../../shared/config/types.js';
import type { VersionSpec } from '../../../../actions/deploy/src/model/roles.js';

/** Per test: a rollout runs on the real clock, and a busy runner may stretch it. */
export const ROLLOUT_TIMEOUT_MS = 120_000;

export const SERVER = fileURLToPath(new URL('../../../../examples/service/server.mjs', import.meta.url));

/**
 * Analysis settings for rollouts of a few seconds. With a few hundred requests per step the judge
 * cannot yet prove a good candidate within the SLO-derived tolerances (error rate within 0.05
 * points of the baseline needs tens of thousands of requests), so undecided steps continue
 * (`on_inconclusive: promote`) instead of failing safe; a candidate erring at 30 % still fails at
 * its first looks, on the hard error rate. Latency may grow by 100 %: on a shared two-core runner
 * other jobs add tens of milliseconds to any request for seconds at a time. The judge's decision
 * quality is covered by its unit tests and the verdict benchmark; these tests cover what users
 * see while traffic moves.
 */
export const E2E_ANALYSIS =
  'analysis: { interval: 1s, min_requests: 30, latency_tolerance: 1.0, on_inconclusive: promote }';

/**
 * For strategies judged before/after (feature flags against the dark reference, blue-green's
 * rollback window against blue's preview sample): the load on a shared runner changes between
 * the two windows, so only a tripling of latency counts.
 */
export const E2E_BEFORE_AFTER_ANALYSIS =
  'analysis: { interval: 1s, min_requests: 30, latency_tolerance: 2.0, on_inconclusive: promote }';

/**
 * A staging environment whose deploy phase is `deployYaml` (lines under `phases.deploy`, already
 * in YAML), plus the local command. Short intervals keep each rollout to seconds.
 */
export function e2eEnvironment(deployYaml: string[], tier: 'staging' | 'production' = 'staging'): EnvironmentConfig {
  const lines = [
    ...deployYaml,
    'local:',
    `  command: [${JSON.stringify(process.execPath)}, ${JSON.stringify(SERVER)}, --port, '{port}', --version, '{version}']`,
    '  start_timeout: 20s',
  ];
  const yaml = [
    'version: 1',
    'environments:',
    '  e2e:',
    `    tier: ${tier}`,
    '    scaling: { min_instances: 2, max_instances: 6 }',
    '    phases:',
    '      deploy:',
    ...lines.map((line) => `        ${line}`),
    '',
  ].join('\n');
  return resolveEnvironment(parseConfig(yaml, 'elder.yml').config, 'e2e');
}

/** The version as the action would build it: the environment's local command, plus env. */
export function versionOf(
  environment: EnvironmentConfig,
  version: string,
  env: Record<string, string> = {},
): VersionSpec {
  const command = environment.phases.deploy.local.command;
  if (!command) throw new Error('the e2e environment has no local.command');
  // Every version does 40 ms of (sleeping) work per request, as a real service would: on a busy
  // two-core runner, sub-millisecond answers make CPU scheduling noise look like a large latency
  // change between two identical processes. A short shutdown grace keeps stops quick; in-flight requests
  // still finish within it.
  return { version, command: [...command], env: { FAULT_LATENCY_MS: '40', SHUTDOWN_GRACE_MS: '3000', ...env } };
}
