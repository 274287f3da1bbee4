/**
 * The two ways a rollout ends with the platform in a known state, and the check that it really
 * is: promotion hands the new version over to the stable role; rollback puts the old version
 * back on the stable role with all traffic. Both finish by asking the driver what it serves.
 */
import { errorMessage } from '../../../../shared/runtime/errors.js';
import type { Logger } from '../../../../shared/runtime/logger.js';
import type { DriverStatus, TrafficDriver } from '../drivers/traffic-driver.js';
import type { Role, VersionSpec } from '../model/roles.js';

export interface Verification {
  ok: boolean;
  detail: string;
}

/** Whether the platform serves `version` on stable with all traffic. */
export function servesOnly(status: DriverStatus, version: string): Verification {
  const stable = status.roles.stable;
  if (!stable) return { ok: false, detail: 'the platform reports no stable instances' };
  if (stable.version !== version) {
    return { ok: false, detail: `the platform serves ${stable.version} on stable, expected ${version}` };
  }
  if (stable.ready < 1) return { ok: false, detail: `stable ${version} has no ready instance` };
  const weight = status.route?.weights.stable;
  if (status.route && weight !== 100) {
    return {
      ok: false,
      detail: `the platform routes ${weight ?? 0} % to stable, expected 100 % (${JSON.stringify(status.route.weights)})`,
    };
  }
  return { ok: true, detail: `stable serves ${version} with ${stable.ready}/${stable.desired} ready, all traffic` };
}

export interface RestoreInput {
  driver: TrafficDriver;
  stable: VersionSpec;
  stableInstances: number;
  /** Roles to stop once stable has the traffic back. */
  extraRoles: Role[];
  logger: Logger;
}

export interface RestoreResult {
  ok: boolean;
  verification: Verification;
  error?: string;
  /** Problems that did not stop the rollback (e.g. an extra role that would not stop). */
  warnings: string[];
}

export async function rollbackToStable(input: RestoreInput): Promise<RestoreResult> {
  const { driver, stable, stableInstances, logger } = input;
  const warnings: string[] = [];
  try {
    const before = await driver.status();
    const running = before.roles.stable;
    if (!running || running.version !== stable.version || running.desired === 0) {
      await driver.startRole('stable', stable, stableInstances);
    } else if (running.desired < stableInstances || running.ready < Math.min(stableInstances, running.desired)) {
      await driver.scaleRole('stable', stableInstances);
    }
    await driver.setRoute({ weights: { stable: 100 } });
  } catch (err) {
    const error = errorMessage(err);
    logger.error(`ROLLBACK FAILED: ${error}`);
    // Last resort: whatever stable instances still run get all the traffic.
    const lastResort = await lastResortRoute(driver, stable.version);
    return { ok: false, verification: lastResort, error, warnings };
  }
  warnings.push(...(await stopRoles(driver, input.extraRoles)));
  const verification = servesOnly(await driver.status(), stable.version);
  if (!verification.ok) logger.error(`ROLLBACK NOT VERIFIED: ${verification.detail}`);
  const result: RestoreResult = { ok: verification.ok, verification, warnings };
  if (!verification.ok) result.error = verification.detail;
  return result;
}

/** Promotion: the stable role takes the new version (started before the old one stops). */
export async function promoteCandidate(input: RestoreInput & { candidate: VersionSpec }): Promise<RestoreResult> {
  const { driver, candidate, stableInstances } = input;
  await driver.startRole('stable', candidate, stableInstances);
  await driver.setRoute({ weights: { stable: 100 } });
  const warnings = await stopRoles(driver, input.extraRoles);
  const verification = servesOnly(await driver.status(), candidate.version);
  const result: RestoreResult = { ok: verification.ok, verification, warnings };
  if (!verification.ok) result.error = verification.detail;
  return result;
}

async function stopRoles(driver: TrafficDriver, roles: Role[]): Promise<string[]> {
  const warnings: string[] = [];
  for (const role of roles) {
    try {
      const status = await driver.status();
      if (status.roles[role]) await driver.stopRole(role);
    } catch (err) {
      warnings.push(`could not stop ${role}: ${errorMessage(err)}`);
    }
  }
  return warnings;
}

async function lastResortRoute(driver: TrafficDriver, version: string): Promise<Verification> {
  try {
    const status = await driver.status();
    const stable = status.roles.stable;
    if (stable && stable.ready > 0) {
      await driver.setRoute({ weights: { stable: 100 } });
      const after = servesOnly(await driver.status(), version);
      return { ok: false, detail: `rollback incomplete; last resort: ${after.detail}` };
    }
    return { ok: false, detail: 'rollback incomplete and no stable instance is ready: the service may be down' };
  } catch (err) {
    return { ok: false, detail: `rollback incomplete and the platform cannot be queried: ${errorMessage(err)}` };
  }
}
