// Bundles the workflow checker (auditWorkflows and everything it imports, yaml included) into
// one ES module, the way the action ships it, so the measured process loads no TypeScript loader.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export async function bundleElderWorkflowAudit(root, dir) {
  let esbuild;
  try {
    esbuild = await import('esbuild');
  } catch {
    throw new Error('esbuild is not installed (it comes with tsx and vitest): run npm ci');
  }
  const entry = join(dir, 'elder-workflows-entry.ts');
  const outfile = join(dir, 'elder-workflows.mjs');
  const source = join(root, 'actions', 'compliance-audit', 'src', 'workflows', 'audit-workflows.ts');
  writeFileSync(entry, `export { auditWorkflows } from ${JSON.stringify(source)};\n`);
  await esbuild.build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
    // yaml ships CommonJS; esbuild's ESM output needs a real `require` for its Node built-ins.
    banner: {
      js: "import { createRequire as __elderRequire } from 'node:module'; const require = __elderRequire(import.meta.url);",
    },
  });
  return outfile;
}
