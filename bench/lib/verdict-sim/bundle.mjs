// The verdict simulation (and the judge it imports) bundled, so worker threads run plain
// JavaScript without a TypeScript loader.
import { join } from 'node:path';
import { bundleTypeScript } from '../bundle-typescript.mjs';

export function bundleVerdictSim(root, dir) {
  return bundleTypeScript(
    dir,
    'verdict-sim',
    `export * from ${JSON.stringify(join(root, 'bench', 'lib', 'verdict-sim', 'index.ts'))};\n`,
  );
}
