// Builds the embedded reverse proxy into one ES module the way the action ships it (bundled, no
// TypeScript loader in the measured process), for bench/proxy-overhead.mjs.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export async function bundleElderProxy(root, dir) {
  let esbuild;
  try {
    esbuild = await import('esbuild');
  } catch {
    throw new Error('esbuild is not installed (it comes with tsx and vitest): run npm ci');
  }
  const entry = join(dir, 'elder-proxy-entry.ts');
  const outfile = join(dir, 'elder-proxy.mjs');
  const source = join(root, 'actions', 'deploy', 'src', 'proxy', 'reverse-proxy.ts');
  writeFileSync(entry, `export { ReverseProxy } from ${JSON.stringify(source)};\n`);
  await esbuild.build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
  });
  return outfile;
}
