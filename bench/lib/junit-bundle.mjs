// Builds parseJUnit and TestTotals into one ES module the way the action ships them (bundled,
// no TypeScript loader in the measured process, whose memory would count against our RSS).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export async function bundleElderJUnit(root, dir) {
  let esbuild;
  try {
    esbuild = await import('esbuild');
  } catch {
    throw new Error('esbuild is not installed (it comes with tsx and vitest): run npm ci');
  }
  const entry = join(dir, 'elder-junit-entry.ts');
  const outfile = join(dir, 'elder-junit.mjs');
  const source = join(root, 'actions', 'quality-gate', 'src', 'tests');
  writeFileSync(
    entry,
    `export { parseJUnit } from ${JSON.stringify(join(source, 'parse-junit.ts'))};\n` +
      `export { TestTotals } from ${JSON.stringify(join(source, 'test-totals.ts'))};\n`,
  );
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
