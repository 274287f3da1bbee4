// Bundles TypeScript modules of ours into one ES module the way the actions ship them (bundled, no
// TypeScript loader in the measured process, whose start-up and memory would count against us).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * @param {string} dir scratch folder for the entry and the output
 * @param {string} name output name without extension
 * @param {string} entrySource the entry's TypeScript, e.g. `export { x } from "/abs/path.ts";`
 * @returns {Promise<string>} the bundled module's path
 */
export async function bundleTypeScript(dir, name, entrySource) {
  let esbuild;
  try {
    esbuild = await import('esbuild');
  } catch {
    throw new Error('esbuild is not installed (it comes with tsx and vitest): run npm ci');
  }
  const entry = join(dir, `${name}-entry.ts`);
  const outfile = join(dir, `${name}.mjs`);
  writeFileSync(entry, entrySource);
  await esbuild.build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
    // Some dependencies (yaml) ship CommonJS; ESM output needs a real `require` for Node built-ins.
    banner: {
      js: "import { createRequire as __elderRequire } from 'node:module'; const require = __elderRequire(import.meta.url);",
    },
  });
  return outfile;
}

/** `export { names } from "<root>/<relative>";` for an entry. */
export function reexport(root, relative, names) {
  return `export { ${names.join(', ')} } from ${JSON.stringify(join(root, ...relative.split('/')))};\n`;
}
