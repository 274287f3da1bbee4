// Child process of bench/proxy-overhead.mjs: the smallest correct-enough Node reverse proxy (one
// keep-alive agent, headers passed through, body piped), as the floor of what any proxy built on
// Node's http module costs. It separates our own overhead from the cost of Node's HTTP stack.
// Usage: node proxy-bare-node.mjs <backend port>; prints {"event":"listening","port":N}.
import http from 'node:http';

const backendPort = Number(process.argv[2]);
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
const server = http.createServer((req, res) => {
  const upstream = http.request(
    { host: '127.0.0.1', port: backendPort, method: req.method, path: req.url, headers: req.headers, agent },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  upstream.on('error', () => {
    res.writeHead(502);
    res.end();
  });
  req.pipe(upstream);
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ event: 'listening', port: server.address().port })}\n`);
});
process.on('SIGTERM', () => process.exit(0));
