/** The example service as versions for the local driver, and process probes for its tests. */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { VersionSpec } from '../../../../../actions/deploy/src/model/roles.js';

export const SERVER = fileURLToPath(new URL('../../../../../examples/service/server.mjs', import.meta.url));
/** The example service as a deploy would start it: a free port substituted into its argv. */
export const version = (v: string, env: Record<string, string> = {}): VersionSpec => ({
  version: v,
  command: [process.execPath, SERVER, '--port', '{port}', '--version', '{version}'],
  env: { SHUTDOWN_GRACE_MS: '2000', ...env },
});
/** Same service, but the port comes from its {"event":"listening","port":N} line. */
export const announcing = (v: string): VersionSpec => ({
  version: v,
  command: [process.execPath, SERVER, '--port', '0', '--version', '{version}'],
});

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The pid listening on `port` (Linux `ss`), to check that stopped instances are really gone. */
export async function pidOf(port: number): Promise<number> {
  const out = execFileSync('ss', ['-ltnpH', `sport = :${port}`], { encoding: 'utf8' });
  return Number(/pid=(\d+)/.exec(out)?.[1]);
}
