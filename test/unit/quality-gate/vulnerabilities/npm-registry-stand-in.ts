/**
 * A loopback stand-in for the two npm registry endpoints `npm audit` uses, so npm's own audit
 * code (arborist's AuditReport and the metavuln calculator) can run in tests without network:
 * - POST /-/npm/v1/security/advisories/bulk: answers with the advisories in
 *   test/fixtures/vulnerabilities/npm-registry/advisories.json for the packages asked about;
 * - GET /<name>: serves packuments saved from the public registry (trimmed to the fields npm
 *   needs to compute ranges and fixes).
 * The advisory data is written by hand from GitHub's advisory database; the report built from it
 * (vulnerable ranges, transitive entries, fixes, totals) is computed by npm itself.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';

const run = promisify(execFile);
export const NPM_FIXTURES = fileURLToPath(new URL('../../../fixtures/vulnerabilities/', import.meta.url));

export interface StandIn {
  url: string;
  close(): Promise<void>;
}

export async function startNpmRegistryStandIn(): Promise<StandIn> {
  const advisories = JSON.parse(
    await readFile(join(NPM_FIXTURES, 'npm-registry', 'advisories.json'), 'utf8'),
  ) as Record<string, unknown[]>;
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      void (async () => {
        try {
          if (request.method === 'POST' && request.url === '/-/npm/v1/security/advisories/bulk') {
            let body = Buffer.concat(chunks);
            if (request.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
            const asked = JSON.parse(body.toString('utf8')) as Record<string, string[]>;
            const answer = Object.fromEntries(
              Object.keys(asked).flatMap((name) => (advisories[name] ? [[name, advisories[name]]] : [])),
            );
            response.setHeader('content-type', 'application/json');
            response.end(JSON.stringify(answer));
            return;
          }
          const name = decodeURIComponent((request.url ?? '/').slice(1));
          if (request.method === 'GET' && /^[a-z0-9._-]+$/.test(name)) {
            const packument = await readFile(join(NPM_FIXTURES, 'npm-registry', 'packuments', `${name}.json`)).catch(
              () => undefined,
            );
            if (packument) {
              response.setHeader('content-type', 'application/json');
              response.end(packument);
              return;
            }
          }
          response.statusCode = 404;
          response.end('{"error":"not found"}');
        } catch {
          response.statusCode = 500;
          response.end();
        }
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * Runs `npm audit --json` in `projectDir` and returns its stdout. npm exits 1 when it finds
 * vulnerabilities and also when the audit fails; the JSON tells the two apart, so the exit code
 * is not judged here.
 */
export async function runNpmAudit(
  projectDir: string,
  extraArgs: string[],
  env: NodeJS.ProcessEnv = process.env,
  timeoutMs = 45_000,
): Promise<string> {
  try {
    const { stdout } = await run('npm', ['audit', '--json', ...extraArgs], {
      cwd: projectDir,
      env,
      timeout: timeoutMs,
      maxBuffer: 64 * 1024 * 1024,
    });
    return stdout;
  } catch (err) {
    const stdout = (err as { stdout?: unknown }).stdout;
    if (typeof stdout === 'string' && stdout.trim().startsWith('{')) return stdout;
    throw err;
  }
}

/** The environment without npm_config_* set by an enclosing `npm test`, so flags decide. */
export function isolatedNpmEnv(cacheDir: string): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
  return { ...env, npm_config_cache: cacheDir, npm_config_update_notifier: 'false', npm_config_fund: 'false' };
}
