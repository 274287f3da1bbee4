// Child process of bench/proxy-overhead.mjs: runs our bundled reverse proxy in front of one
// backend, all traffic to the stable role, and prints {"event":"listening","port":N}.
// Usage: node proxy-subject.mjs <bundle.mjs> <backend port>
import { pathToFileURL } from 'node:url';

const [bundle, backendPort] = process.argv.slice(2);
const { ReverseProxy } = await import(pathToFileURL(bundle).href);
const proxy = new ReverseProxy();
const url = await proxy.listen(0, '127.0.0.1');
await proxy.setBackends('stable', [{ host: '127.0.0.1', port: Number(backendPort), version: 'v1' }]);
proxy.setRoute({ weights: { stable: 100 } });
// Drain samples now and then, as the driver does between analysis steps, so memory stays flat.
setInterval(() => proxy.takeSamples(), 1_000).unref();
process.on('SIGTERM', () => void proxy.close().then(() => process.exit(0)));
process.stdout.write(`${JSON.stringify({ event: 'listening', port: Number(new URL(url).port) })}\n`);
