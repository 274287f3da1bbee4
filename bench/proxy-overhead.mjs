// Proxy overhead: throughput and p99 latency of the same backend process reached directly, through
// our embedded reverse proxy (bundled, in its own process) and through a real nginx (one worker,
// upstream keep-alive), all in the same run, loaded with autocannon from this process. A bare
// Node proxy (bench/lib/proxy-bare-node.mjs) runs too, to tell our overhead from Node's.
//
// Two phases, rounds interleaved and rotated like the other benches so a busy patch on the shared
// machine lands on every subject alike:
//   1. throughput: closed loop, ELDER_BENCH_PROXY_CONNECTIONS connections (default 32), req/s;
//   2. latency at moderate load: a fixed rate for every subject (ELDER_BENCH_PROXY_RATE, default
//      25 % of the slowest subject's measured throughput), 8 connections; p99 from every response
//      time autocannon reports (sub-millisecond, not its integer histogram), and the p99 added over
//      direct in the same round.
// Each step lasts ELDER_BENCH_PROXY_SECONDS (default 5) and there are ELDER_BENCH_PROXY_ROUNDS
// rounds (default 3); medians over rounds are reported.
//
// Targets (issue 5): our throughput within 2x of nginx's (ratio >= 0.5x), added p99 < 2 ms.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import { startNginxProxy } from './lib/proxy-nginx.mjs';
import { bundleElderProxy } from './lib/proxy-bundle.mjs';
import { formatRatio, median, quantile } from './lib/measure.mjs';

const TARGET = { throughputRatio: 0.5, addedP99Ms: 2 };

function positive(name, fallback) {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got '${text}'`);
  return value;
}

/** Starts a Node process that prints {"event":"listening","port":N}; returns its URL and stop(). */
async function startListening(args, label) {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env.PATH } });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const lines = createInterface({ input: child.stdout });
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${label} did not start within 15 s: ${stderr}`)), 15_000);
    lines.on('line', (line) => {
      try {
        const event = JSON.parse(line);
        if (event.event === 'listening') {
          clearTimeout(timer);
          resolve(event.port);
        }
      } catch {
        // not an event line
      }
    });
    child.once('exit', (code) => reject(new Error(`${label} exited (${code}): ${stderr}`)));
  });
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    pids: () => [child.pid],
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(killer);
    },
  };
}

/** CPU time (user + system) of processes so far, in ms; Linux /proc, clock ticks of 10 ms. */
function cpuMs(pids) {
  let ticks = 0;
  for (const pid of pids) {
    try {
      // Fields after the command name, which may hold spaces: state is field 3, utime 14, stime 15.
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      return Number.NaN;
    }
  }
  return ticks * 10;
}

/** One autocannon run; returns req/s and every 2xx response time (ms, float). Errors throw. */
async function load(url, { connections, seconds, rate, pids = () => [] }) {
  const times = [];
  const watched = pids();
  const cpuBefore = cpuMs(watched);
  const instance = autocannon({
    url,
    connections,
    duration: seconds,
    ...(rate ? { overallRate: rate } : {}),
  });
  instance.on('response', (_client, status, _bytes, ms) => {
    if (status >= 200 && status < 300) times.push(ms);
  });
  const result = await instance;
  const failed = result.errors + result.timeouts + result.non2xx;
  if (failed > 0)
    throw new Error(`${url}: ${failed} failed requests (errors ${result.errors}, non-2xx ${result.non2xx})`);
  const cpuPerRequestUs = ((cpuMs(watched) - cpuBefore) * 1_000) / result.requests.total;
  return { rps: result.requests.total / seconds, times, cpuPerRequestUs };
}

export async function proxyOverhead({ root }) {
  const seconds = positive('ELDER_BENCH_PROXY_SECONDS', 5);
  const rounds = positive('ELDER_BENCH_PROXY_ROUNDS', 3);
  const connections = positive('ELDER_BENCH_PROXY_CONNECTIONS', 32);
  const scratch = mkdtempSync(join(tmpdir(), 'elder-bench-proxy-'));
  const stops = [];
  try {
    const bundle = await bundleElderProxy(root, scratch);
    const backend = await startListening(
      [join(root, 'examples', 'service', 'server.mjs'), '--port', '0', '--version', 'v1'],
      'example service',
    );
    stops.push(backend.stop);
    const ours = await startListening(
      [join(root, 'bench', 'lib', 'proxy-subject.mjs'), bundle, String(backend.port)],
      'elder proxy',
    );
    stops.push(ours.stop);
    const bare = await startListening(
      [join(root, 'bench', 'lib', 'proxy-bare-node.mjs'), String(backend.port)],
      'bare proxy',
    );
    stops.push(bare.stop);
    const nginx = await startNginxProxy(scratch, backend.port);
    stops.push(nginx.stop);
    const subjects = [
      { name: 'direct', url: backend.url, pids: backend.pids },
      { name: 'elder proxy', url: ours.url, pids: ours.pids },
      { name: 'nginx', url: nginx.url, pids: nginx.pids },
      { name: 'bare node proxy', url: bare.url, pids: bare.pids },
    ];
    const rotated = (round) => subjects.map((_, k) => subjects[(round + k) % subjects.length]);

    for (const subject of subjects) await load(subject.url, { connections, seconds: 1 }); // warm-up
    const rps = Object.fromEntries(subjects.map((s) => [s.name, []]));
    // CPU per request of the serving process(es) only (the backend's for direct, the proxy's
    // otherwise): on a shared, overloaded machine req/s mostly measures who got the CPU, while
    // CPU time per request measures what each proxy costs.
    const cpu = Object.fromEntries(subjects.map((s) => [s.name, []]));
    for (let round = 0; round < rounds; round += 1) {
      for (const subject of rotated(round)) {
        const run = await load(subject.url, { connections, seconds, pids: subject.pids });
        rps[subject.name].push(run.rps);
        cpu[subject.name].push(run.cpuPerRequestUs);
      }
    }
    const cpuUs = Object.fromEntries(subjects.map((s) => [s.name, median(cpu[s.name])]));
    const medianRps = Object.fromEntries(subjects.map((s) => [s.name, median(rps[s.name])]));
    const rate = positive(
      'ELDER_BENCH_PROXY_RATE',
      Math.max(50, Math.round(0.25 * Math.min(...Object.values(medianRps)))),
    );

    const p99 = Object.fromEntries(subjects.map((s) => [s.name, []]));
    for (let round = 0; round < rounds; round += 1) {
      for (const subject of rotated(round)) {
        const { times } = await load(subject.url, { connections: 8, seconds, rate });
        p99[subject.name].push(quantile(times, 0.99));
      }
    }
    const added = (name) => median(p99[name].map((value, i) => value - p99.direct[i]));
    const p99Of = (name) => median(p99[name]);
    const fmt = (ms) => `${ms.toFixed(2)} ms`;
    const rpsCell = (name) =>
      `${Math.round(medianRps[name])} req/s (${Math.round((100 * medianRps[name]) / medianRps.direct)} % of direct)`;
    const throughputRatio = medianRps['elder proxy'] / medianRps.nginx;
    const addedOurs = added('elder proxy');
    const addedNginx = added('nginx');
    const cpuRatio = cpuUs['elder proxy'] / cpuUs.nginx;
    const bareRow = {
      bench: 'proxy overhead',
      subject: 'elder proxy vs the Node http floor',
      peer: 'bare node proxy',
      value: cpuUs['elder proxy'],
      peerValue: cpuUs['bare node proxy'],
      valueRps: medianRps['elder proxy'],
      peerRps: medianRps['bare node proxy'],
      unit: 'µs CPU/request',
      ratio: cpuUs['elder proxy'] / cpuUs['bare node proxy'],
      table: [
        'proxy overhead',
        'CPU per request vs a bare Node proxy',
        `${Math.round(cpuUs['elder proxy'])} µs, ${rpsCell('elder proxy')}`,
        'bare node proxy',
        `${Math.round(cpuUs['bare node proxy'])} µs, ${rpsCell('bare node proxy')}`,
        formatRatio(cpuUs['elder proxy'], cpuUs['bare node proxy']),
      ],
    };
    return [
      {
        bench: 'proxy overhead',
        subject: 'elder proxy CPU per request',
        peer: 'nginx',
        value: cpuUs['elder proxy'],
        peerValue: cpuUs.nginx,
        backend: cpuUs.direct,
        unit: 'µs CPU/request',
        ratio: cpuRatio,
        table: [
          'proxy overhead',
          'proxy CPU per request (lower is better)',
          `${Math.round(cpuUs['elder proxy'])} µs (backend ${Math.round(cpuUs.direct)} µs)`,
          'nginx',
          `${Math.round(cpuUs.nginx)} µs`,
          formatRatio(cpuUs['elder proxy'], cpuUs.nginx),
        ],
      },
      {
        bench: 'proxy overhead',
        subject: 'elder proxy throughput',
        peer: 'nginx',
        value: medianRps['elder proxy'],
        peerValue: medianRps.nginx,
        direct: medianRps.direct,
        unit: 'req/s',
        connections,
        rounds,
        seconds,
        ratio: throughputRatio,
        target: `>= ${TARGET.throughputRatio}x nginx`,
        met: throughputRatio >= TARGET.throughputRatio,
        table: [
          'proxy overhead',
          `throughput, ${connections} conns (target >= ${TARGET.throughputRatio}x)`,
          rpsCell('elder proxy'),
          'nginx',
          rpsCell('nginx'),
          formatRatio(medianRps['elder proxy'], medianRps.nginx),
        ],
      },
      {
        bench: 'proxy overhead',
        subject: 'elder proxy added p99',
        peer: 'nginx',
        value: addedOurs,
        peerValue: addedNginx,
        p99: p99Of('elder proxy'),
        peerP99: p99Of('nginx'),
        directP99: p99Of('direct'),
        unit: 'ms',
        rate,
        rounds,
        seconds,
        ratio: addedOurs / addedNginx,
        target: `< ${TARGET.addedP99Ms} ms added p99`,
        met: addedOurs < TARGET.addedP99Ms,
        table: [
          'proxy overhead',
          `added p99 at ${rate} req/s (target < ${TARGET.addedP99Ms} ms)`,
          `+${fmt(addedOurs)} (p99 ${fmt(p99Of('elder proxy'))}, direct ${fmt(p99Of('direct'))})`,
          'nginx',
          `+${fmt(addedNginx)} (p99 ${fmt(p99Of('nginx'))})`,
          formatRatio(addedOurs, addedNginx),
        ],
      },
      bareRow,
    ];
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    rmSync(scratch, { recursive: true, force: true });
  }
}
