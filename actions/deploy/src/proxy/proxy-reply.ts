import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';

/** A short plain-text answer from the proxy itself (no route, backend down, timeout). When the
 * backend's headers already went out, the only honest signal left is cutting the connection. */
export function reply(res: ServerResponse, status: number, text: string, extra: OutgoingHttpHeaders = {}): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', ...extra });
  res.end(`${text}\n`);
}
