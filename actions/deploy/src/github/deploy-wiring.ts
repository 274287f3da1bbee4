/**
 * What the action's main and post steps (and `elder run deploy`) share: turning inputs and
 * configuration into deploy settings, versions and engine ports, and where the rollout's state,
 * its GitHub record and the result file live.
 */
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  DEFAULT_STEPS,
  DEPLOY_DRIVERS,
  DEPLOY_STRATEGIES,
  TIER_POLICIES,
  type DeployDriver,
  type DeployStrategy,
} from '../../../../shared/config/index.js';
import type { DeploySettings, EnvironmentConfig } from '../../../../shared/config/types.js';
import { writeFileAtomic } from '../../../../shared/runtime/atomic-file.js';
import { UserError } from '../../../../shared/runtime/errors.js';
import type { Logger } from '../../../../shared/runtime/logger.js';
import { analysisPorts } from '../engine/analysis-ports.js';
import type { DeployPorts } from '../engine/types.js';
import { createDriver, createMetricsSource } from '../drivers/create-driver.js';
import type { TrafficDriver } from '../drivers/traffic-driver.js';
import { CommandFlagProvider, FlagdFileProvider, type FlagProvider } from '../flags/flag-provider.js';
import type { VersionSpec } from '../model/roles.js';
import { systemClock } from '../rollout/clock.js';
import { loadRolloutState } from '../rollout/rollout-state.js';
import type { GitHubRecord } from './deploy-publisher.js';

export interface DeployOverrides {
  strategy?: string;
  driver?: string;
}

/**
 * The environment with its deploy settings overridden for this run (in place, so the engine's
 * resume path, which reads `environment.phases.deploy`, sees the same). A strategy override
 * brings that strategy's default steps unless the configured steps fit it.
 */
export function applyOverrides(environment: EnvironmentConfig, overrides: DeployOverrides): DeploySettings {
  const settings = { ...environment.phases.deploy };
  if (overrides.strategy) {
    if (!(DEPLOY_STRATEGIES as readonly string[]).includes(overrides.strategy)) {
      throw new UserError(
        `'${overrides.strategy.slice(0, 40)}' is not a strategy; use ${DEPLOY_STRATEGIES.join(', ')}`,
        "input 'strategy'",
      );
    }
    const strategy = overrides.strategy as DeployStrategy;
    if (strategy === 'all_at_once' && TIER_POLICIES[environment.tier].forbidAllAtOnce) {
      throw new UserError(`a ${environment.tier} environment must not deploy all_at_once`, "input 'strategy'");
    }
    if (strategy !== settings.strategy) settings.steps = [...DEFAULT_STEPS[strategy]];
    settings.strategy = strategy;
  }
  if (overrides.driver) {
    if (!(DEPLOY_DRIVERS as readonly string[]).includes(overrides.driver)) {
      throw new UserError(
        `'${overrides.driver.slice(0, 40)}' is not a driver; use ${DEPLOY_DRIVERS.join(', ')}`,
        "input 'driver'",
      );
    }
    settings.driver = overrides.driver as DeployDriver;
  }
  environment.phases.deploy = settings;
  return settings;
}

/** `$RUNNER_TEMP/elder/deploy-state` unless the input names another directory. */
export function stateDirFor(
  workspace: string,
  input: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): string {
  return input ? resolve(workspace, input) : join(env['RUNNER_TEMP'] ?? tmpdir(), 'elder', 'deploy-state');
}

export function statePathFor(stateDir: string, environment: string): string {
  return join(stateDir, `${environment.replace(/[^A-Za-z0-9_.-]+/g, '_')}.json`);
}

/** Beside the rollout state: the deployment and check run a later step or run must update. */
export function githubRecordPath(statePath: string): string {
  return `${statePath}.github.json`;
}

export async function saveGitHubRecord(statePath: string, record: GitHubRecord): Promise<void> {
  await writeFileAtomic(githubRecordPath(statePath), `${JSON.stringify(record)}\n`);
}

export async function loadGitHubRecord(statePath: string): Promise<GitHubRecord | undefined> {
  try {
    const parsed = JSON.parse(await readFile(githubRecordPath(statePath), 'utf8')) as Partial<GitHubRecord>;
    if (typeof parsed.sha !== 'string') return undefined;
    return {
      sha: parsed.sha,
      ...(typeof parsed.deploymentId === 'number' ? { deploymentId: parsed.deploymentId } : {}),
      ...(typeof parsed.checkRunId === 'number' ? { checkRunId: parsed.checkRunId } : {}),
    };
  } catch {
    return undefined;
  }
}

/**
 * Candidate: the input, else the commit's first 12 characters. Stable: the input, else what the
 * previous rollout in this state directory left serving, else `stable`. Both run from
 * `local.command` (local and nginx drivers).
 */
export async function versionsFor(
  settings: DeploySettings,
  input: { version?: string; stableVersion?: string; sha: string; statePath: string },
): Promise<{ stable: VersionSpec; candidate: VersionSpec }> {
  const candidateVersion = input.version || input.sha.slice(0, 12) || 'candidate';
  let stableVersion = input.stableVersion;
  if (!stableVersion) {
    const previous = await loadRolloutState(input.statePath).catch(() => undefined);
    stableVersion = previous
      ? previous.phase === 'promoted'
        ? previous.candidate.version
        : previous.stable.version
      : 'stable';
  }
  const command = settings.local.command;
  const spec = (version: string): VersionSpec => ({ version, ...(command ? { command: [...command] } : {}) });
  return { stable: spec(stableVersion), candidate: spec(candidateVersion) };
}

export function flagProviderFor(settings: DeploySettings, workspace: string): FlagProvider | undefined {
  if (settings.strategy !== 'feature_flags') return undefined;
  const flags = settings.featureFlags;
  if (flags.provider === 'command') {
    if (!flags.command || flags.command.length === 0) {
      throw new UserError('the command flag provider needs a command', 'phases.deploy.feature_flags.command');
    }
    return new CommandFlagProvider(flags.command);
  }
  return new FlagdFileProvider(resolve(workspace, flags.file));
}

export interface PortsInput {
  settings: DeploySettings;
  workspace: string;
  logger: Logger;
  statePath: string;
  stable: VersionSpec;
  candidate: VersionSpec;
  signal?: AbortSignal;
  onProgress?: DeployPorts['onProgress'];
}

/** Engine ports over the real drivers and judge; `driver()` is the one created last. */
export function deployPorts(input: PortsInput): { ports: DeployPorts; driver(): TrafficDriver | undefined } {
  let current: TrafficDriver | undefined;
  const flagProvider = flagProviderFor(input.settings, input.workspace);
  const metricsSource = createMetricsSource(input.settings, input);
  const ports: DeployPorts = {
    ...analysisPorts(),
    async createDriver(settings) {
      current = await createDriver(settings, {
        workspace: input.workspace,
        logger: input.logger,
        stable: input.stable,
        candidate: input.candidate,
      });
      return current;
    },
    ...(metricsSource ? { metricsSource } : {}),
    ...(flagProvider ? { flagProvider } : {}),
    clock: systemClock,
    logger: input.logger,
    statePath: input.statePath,
    ...(input.signal ? { signal: input.signal } : {}),
    smoke: (headers) => smoke(current?.entryUrl, headers),
    ...(input.onProgress ? { onProgress: input.onProgress } : {}),
  };
  return { ports, driver: () => current };
}

const SMOKE_REQUESTS = 10;

/** Preview smoke checks (blue_green): a few GETs through the entry with the preview header. */
async function smoke(entryUrl: string | undefined, headers: Record<string, string>) {
  if (!entryUrl) return { ok: 0, failed: SMOKE_REQUESTS };
  let ok = 0;
  let failed = 0;
  for (let i = 0; i < SMOKE_REQUESTS; i++) {
    try {
      const response = await fetch(`${entryUrl}/`, { headers, signal: AbortSignal.timeout(5_000) });
      await response.arrayBuffer();
      if (response.status < 500) ok++;
      else failed++;
    } catch {
      failed++;
    }
  }
  return { ok, failed };
}
