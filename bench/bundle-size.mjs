// Bundle size: the shared layout (one dist/index.js plus a tiny stub per action and stage) against
// the usual one-bundle-per-action layout, which repeats the kernel in every action. The peer is an
// estimate, index.js size x number of actions: each per-action bundle would carry the whole kernel
// (Octokit, YAML, Ajv, renderers), which is most of index.js.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { formatBytes, formatRatio } from './lib/measure.mjs';

export async function bundleSize({ root }) {
  const dist = join(root, 'dist');
  const index = join(dist, 'index.js');
  if (!existsSync(index)) throw new Error('dist/index.js does not exist: run `npm run bundle` first');
  const size = (file) => statSync(file).size;

  const stubs = [];
  for (const entry of readdirSync(dist, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    for (const stage of ['main.js', 'post.js']) {
      const file = join(dist, entry.name, stage);
      if (existsSync(file)) stubs.push({ name: `dist/${entry.name}/${stage}`, bytes: size(file), action: entry.name });
    }
  }
  stubs.sort((a, b) => a.name.localeCompare(b.name));
  const actions = new Set(stubs.map((s) => s.action)).size;
  if (actions === 0) throw new Error('dist/ has no action stubs: run `npm run bundle` first');

  const indexBytes = size(index);
  const cliBytes = existsSync(join(dist, 'cli.js')) ? size(join(dist, 'cli.js')) : 0;
  const stubBytes = stubs.reduce((sum, s) => sum + s.bytes, 0);
  // The CLI is left out of both sides: either layout needs it once.
  const total = indexBytes + stubBytes;
  const perAction = indexBytes * actions;

  const row = (subject, bytes, peer, peerBytes) => ({
    bench: 'bundle size',
    subject,
    bytes,
    peer,
    peerBytes,
    unit: 'bytes',
    ratio: peerBytes ? bytes / peerBytes : null,
    table: [
      'bundle size',
      subject,
      formatBytes(bytes),
      peer ?? '',
      peerBytes ? formatBytes(peerBytes) : '',
      peerBytes ? formatRatio(bytes, peerBytes) : '',
    ],
  });
  const peerName = `one bundle per action (est. index.js x ${actions})`;
  return [
    row('dist/index.js', indexBytes),
    ...stubs.map((s) => row(s.name, s.bytes)),
    ...(cliBytes ? [row('dist/cli.js', cliBytes)] : []),
    row(`actions total: index.js + ${stubs.length} stub${stubs.length === 1 ? '' : 's'}`, total, peerName, perAction),
  ];
}
