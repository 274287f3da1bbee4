/**
 * Runs a real nginx under a private prefix for the driver tests, and sends plain HTTP requests
 * (a fresh connection each, as many independent users would) counting what answered them.
 */
import { request, type Agent } from 'node:http';
import { createServer } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { renderNginxMainConfig } from '../../../../../actions/deploy/src/drivers/nginx/nginx-main-config.js';
import { execFileSafe } from '../../../../../shared/runtime/exec.js';
import {
  ServiceProcessLauncher,
  type InstanceLauncher,
} from '../../../../../actions/deploy/src/drivers/nginx/instance-launcher.js';
import type { VersionSpec } from '../../../../../actions/deploy/src/model/roles.js';
import { EXAMPLE_SERVICE_DIR } from '../../../example/example-service-process.js';

export const NGINX = '/usr/sbin/nginx';

export interface RunningNginx {
  prefix: string;
  configFile: string;
  includeFile: string;
  port: number;
  stop(): Promise<void>;
}

/** nginx cannot listen on port 0: ask the OS for a free port, release it, hand it to nginx. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return address.port;
}

export async function startNginx(): Promise<RunningNginx> {
  const prefix = await mkdtemp(join(tmpdir(), 'elder-nginx-'));
  const configFile = join(prefix, 'nginx.conf');
  const includeFile = join(prefix, 'elder-routes.conf');
  await writeFile(includeFile, '# empty until the driver writes a route\n');
  await writeFile(configFile, renderNginxMainConfig(prefix, includeFile));
  const port = await freePort();
  const started = await execFileSafe(NGINX, ['-p', prefix, '-c', configFile], { timeoutMs: 10_000 });
  if (started.exitCode !== 0) throw new Error(`nginx did not start: ${started.stderr}`);
  return {
    prefix,
    configFile,
    includeFile,
    port,
    async stop() {
      await execFileSafe(NGINX, ['-p', prefix, '-c', configFile, '-s', 'stop'], { timeoutMs: 10_000 });
      // Let the master remove its pid file and exit before the prefix goes away.
      await new Promise((resolve) => setTimeout(resolve, 200));
      await rm(prefix, { recursive: true, force: true });
    },
  };
}

export interface Answer {
  status: number;
  version?: string;
  role?: string;
  error?: string;
}

export function get(
  port: number,
  headers: Record<string, string> = {},
  path = '/',
  agent: Agent | false = false,
): Promise<Answer> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path, headers, agent, timeout: 10_000 }, (res) => {
      res.resume();
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          version: res.headers['x-service-version'] as string | undefined,
          role: res.headers['x-elder-role'] as string | undefined,
        }),
      );
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (err) => resolve({ status: 0, error: err.message }));
    req.end();
  });
}

/** Sends `total` requests, `concurrency` at a time. */
export async function load(
  port: number,
  total: number,
  concurrency = 16,
  headers: (i: number) => Record<string, string> = () => ({}),
): Promise<Answer[]> {
  // A fresh connection per request: right after a reload, a kept-alive connection can land on
  // an old worker, which closes it when idle and races the client's next request (ECONNRESET).
  const answers: Answer[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next++;
        answers[i] = await get(port, headers(i));
      }
    }),
  );
  return answers;
}

/** An example-service version as the nginx tests start it. */
export const spec = (version: string): VersionSpec => ({
  version,
  command: [process.execPath, `${EXAMPLE_SERVICE_DIR}server.mjs`, '--port', '{port}', '--version', '{version}'],
});

/** Starts real example-service processes, except that version `broken` gets an address nginx -t rejects. */
export class TestLauncher implements InstanceLauncher {
  private readonly real = new ServiceProcessLauncher({ env: { PATH: process.env['PATH'] ?? '' } });
  launch(...args: Parameters<InstanceLauncher['launch']>) {
    if (args[1].version === 'broken')
      return Promise.resolve({ address: 'no-such-host.invalid:8080', stop: async () => {} });
    return this.real.launch(...args);
  }
}

/** The share of answers that came from `version`. */
export function share(answers: { version?: string }[], version: string): number {
  return answers.filter((a) => a.version === version).length / answers.length;
}
