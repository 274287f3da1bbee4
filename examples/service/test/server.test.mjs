import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

import { waitForRequests } from './wait-for-request.mjs';

const SERVER = fileURLToPath(new URL('../server.mjs', import.meta.url));
const children = new Set();

function launch(args, env = {}) {
  const child = spawn(process.execPath, [SERVER, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  return { child, lines };
}

after(() => {
  for (const child of children) child.kill('SIGKILL');
});

describe('server command line', () => {
  it('prints the port it got, serves, and exits 0 on SIGTERM', async () => {
    const { child, lines } = launch(['--port', '0', '--version', 'v2']);
    const listening = JSON.parse((await lines.next()).value);
    assert.equal(listening.event, 'listening');
    assert.equal(listening.version, 'v2');
    assert.ok(listening.port > 0);
    const res = await fetch(`http://127.0.0.1:${listening.port}/healthz`);
    assert.equal(res.status, 200);
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    assert.equal(JSON.parse((await lines.next()).value).event, 'stopping');
    assert.deepEqual(JSON.parse((await lines.next()).value), { event: 'stopped', signal: 'SIGTERM', forced: false });
    assert.deepEqual(await exited, [0, null]);
  });

  it('handles SIGINT sent the moment the port is printed', async () => {
    const { child, lines } = launch(['--port', '0']);
    await lines.next();
    const exited = once(child, 'exit');
    child.kill('SIGINT');
    assert.deepEqual(await exited, [0, null]);
  });

  it('stops at once with exit 1 on a second signal', async () => {
    const { child, lines } = launch(['--port', '0'], { FAULT_LATENCY_MS: '5000' });
    const { port } = JSON.parse((await lines.next()).value);
    const slow = fetch(`http://127.0.0.1:${port}/`).catch((err) => err);
    await waitForRequests(port, 1);
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    assert.equal(JSON.parse((await lines.next()).value).event, 'stopping');
    child.kill('SIGTERM');
    assert.deepEqual(JSON.parse((await lines.next()).value), { event: 'stopped', signal: 'SIGTERM', forced: true });
    assert.deepEqual(await exited, [1, null]);
    assert.ok((await slow) instanceof Error);
  });

  it('exits 2 with the usage on a bad flag', async () => {
    const { child } = launch(['--port', 'eighty']);
    let stderr = '';
    child.stderr.on('data', (c) => (stderr += c));
    const [code] = await once(child, 'exit');
    assert.equal(code, 2);
    assert.match(stderr, /port must be a whole number/);
    assert.match(stderr, /Usage: node server\.mjs/);
  });

  it('exits 1 when the port is taken', async () => {
    const first = launch(['--port', '0']);
    const { port } = JSON.parse((await first.lines.next()).value);
    const second = launch(['--port', String(port)]);
    const [code] = await once(second.child, 'exit');
    assert.equal(code, 1);
    first.child.kill('SIGTERM');
    await once(first.child, 'exit');
  });

  it('prints the usage for --help', async () => {
    const { child, lines } = launch(['--help']);
    assert.match((await lines.next()).value, /^Usage:/);
    const [code] = await once(child, 'exit');
    assert.equal(code, 0);
  });
});
