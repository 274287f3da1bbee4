import { ROLES, type Role, type RouteTable } from '../../model/roles.js';
import { DriverError, type DriverStatus } from '../traffic-driver.js';

interface ServedStatus {
  generation: number;
  route: RouteTable;
  roles: Partial<Record<Role, { version: string; servers: string[] }>>;
}

/**
 * Asks nginx itself what it serves (the status location of the loaded configuration, not our
 * file on disk, which may differ if someone reloaded underneath us) and probes each upstream
 * server, so `ready` counts instances that answer rather than instances we think we started.
 */
export async function readNginxStatus(url: string, healthPath: string): Promise<DriverStatus> {
  let served: ServedStatus;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(5_000), headers: { connection: 'close' } });
    const text = await response.text();
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    served = JSON.parse(text) as ServedStatus;
  } catch (err) {
    throw new DriverError(`cannot read what nginx serves from ${url}: ${(err as Error).message}`, 'nginx');
  }
  if (typeof served !== 'object' || served === null || typeof served.roles !== 'object' || !served.route) {
    throw new DriverError(`${url} did not answer an Ancient Elder route status`, 'nginx');
  }
  const roles: DriverStatus['roles'] = {};
  await Promise.all(
    ROLES.map(async (role) => {
      const entry = served.roles[role];
      if (!entry) return;
      const answers = await Promise.all(entry.servers.map((server) => healthy(`http://${server}${healthPath}`)));
      roles[role] = { version: entry.version, ready: answers.filter(Boolean).length, desired: entry.servers.length };
    }),
  );
  return { roles, route: served.route };
}

async function healthy(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    await response.arrayBuffer();
    return response.ok;
  } catch {
    return false;
  }
}
