/** Shared by the deploy unit tests: an environment, ports over a memory driver, a temp state dir. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig, resolveEnvironment } from '../../../../shared/config/index.js';
import type { DeploySettings, EnvironmentConfig } from '../../../../shared/config/types.js';
import { MemoryLogger } from '../../../../shared/runtime/logger.js';
import type { DeployPorts, DeployRequest } from '../../../../actions/deploy/src/engine/types.js';
import { ManualClock } from '../../../../actions/deploy/src/rollout/clock.js';
import { MemoryDriver } from './memory-driver.js';
import { createStubJudge } from './stub-judge.js';

export const GOOD = { latencyMs: 100, errorRate: 0.005 };
export const SLOW = { latencyMs: 250, errorRate: 0.005 };
export const BROKEN = { latencyMs: 100, errorRate: 0.3 };

/** An environment resolved through the real config loader, with deploy keys in YAML. */
export function environmentWith(tier: string, deployYaml: string[] = []): EnvironmentConfig {
  const deploy =
    deployYaml.length > 0 ? `    phases:\n      deploy:\n${deployYaml.map((l) => `        ${l}`).join('\n')}\n` : '';
  const yaml = `version: 1\nenvironments:\n  svc:\n    tier: ${tier}\n    scaling: { min_instances: 4, max_instances: 8 }\n${deploy}`;
  return resolveEnvironment(parseConfig(yaml, 'elder.yml').config, 'svc');
}

export interface Harness {
  dir: string;
  driver: MemoryDriver;
  clock: ManualClock;
  logger: MemoryLogger;
  ports: DeployPorts;
  statePath: string;
  request(
    environment: EnvironmentConfig,
    candidateVersion?: string,
    overrides?: Partial<DeploySettings>,
  ): DeployRequest;
  cleanup(): void;
}

export function harness(
  behaviours: Record<string, { latencyMs: number; errorRate: number }>,
  onSleep?: (now: number) => void,
): Harness {
  const dir = mkdtempSync(join(tmpdir(), 'elder-deploy-'));
  const driver = new MemoryDriver(behaviours);
  const clock = new ManualClock(Date.parse('2026-01-01T00:00:00Z'), onSleep);
  const logger = new MemoryLogger();
  const statePath = join(dir, 'rollout.json');
  const ports: DeployPorts = {
    createDriver: () => driver,
    createJudge: (options) => createStubJudge(options),
    clock,
    logger,
    statePath,
    closeDriver: false,
  };
  return {
    dir,
    driver,
    clock,
    logger,
    ports,
    statePath,
    request: (environment, candidateVersion = 'v2', overrides) => ({
      environment,
      stable: { version: 'v1' },
      candidate: { version: candidateVersion },
      ...(overrides ? { overrides } : {}),
      origin: 'unit test',
    }),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
