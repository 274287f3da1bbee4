import http from 'node:http';
import type { Role } from '../model/roles.js';
import { enter, type Backend } from './backend-pool.js';
import { withoutHopByHop } from './hop-headers.js';
import { reply } from './proxy-reply.js';

export interface ForwardContext {
  req: http.IncomingMessage;
  res: http.ServerResponse;
  role: Role;
  /** Next instance of the role (round-robin), or undefined when it has none. */
  pick: () => Backend | undefined;
  agent: http.Agent;
  timeoutMs: number;
  /** Called once when the request is over; failed = status >= 500, connection error or timeout.
   * Not called when the client went away first (that says nothing about the backend). */
  done: (failed: boolean) => void;
}

const RETRYABLE_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNREFUSED']);

/**
 * Forwards one request to one backend instance and streams the answer back. A request without a
 * body that fails before any answer on a reused keep-alive socket (the backend closed it while
 * idle) or because an instance just went away is retried once on the next instance: that is a
 * race of connection management, not an answer from the service.
 */
export function forwardRequest(ctx: ForwardContext): void {
  const { req, res } = ctx;
  let over = false;
  let clientGone = false;

  let current: http.ClientRequest | undefined;
  let leave: (() => void) | undefined;
  // eslint-disable-next-line prefer-const -- assigned below, after finish() which it calls
  let timer: NodeJS.Timeout;
  const finish = (failed: boolean | undefined): void => {
    if (over) return;
    over = true;
    clearTimeout(timer);
    leave?.();
    if (failed !== undefined) ctx.done(failed);
  };
  timer = setTimeout(() => {
    if (over) return;
    current?.destroy();
    reply(res, 504, `the ${ctx.role} backend did not answer within ${ctx.timeoutMs} ms`, { 'x-elder-role': ctx.role });
    finish(true);
  }, ctx.timeoutMs);
  res.once('close', () => {
    if (!res.writableFinished) {
      clientGone = true;
      current?.destroy();
      finish(undefined);
    }
  });

  const hasBody = req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
  const headers = withoutHopByHop(req.headers);
  const client = req.socket.remoteAddress ?? '';
  const forwardedFor = req.headers['x-forwarded-for'];
  headers['x-forwarded-for'] = forwardedFor ? `${String(forwardedFor)}, ${client}` : client;

  // A request without a body is complete already; reading it lets its connection be reused.
  if (!hasBody) req.resume();

  const attempt = (retriesLeft: number): void => {
    const backend = ctx.pick();
    if (!backend) {
      reply(res, 502, `no ready instance for ${ctx.role}`, { 'x-elder-role': ctx.role });
      finish(true);
      return;
    }
    leave?.();
    leave = enter(backend);
    const upstream = http.request({
      host: backend.host,
      port: backend.port,
      method: req.method,
      path: req.url,
      headers,
      agent: ctx.agent,
    });
    current = upstream;
    upstream.on('response', (answer) => {
      const status = answer.statusCode ?? 502;
      const out = withoutHopByHop(answer.headers);
      out['x-elder-role'] = ctx.role;
      out['x-elder-version'] = backend.version;
      res.writeHead(status, answer.statusMessage, out);
      answer.pipe(res);
      answer.once('error', () => {
        // The backend died mid-body: the client must not take a truncated body for a whole one.
        res.destroy();
        finish(true);
      });
      res.once('finish', () => finish(status >= 500));
    });
    upstream.on('error', (err: NodeJS.ErrnoException) => {
      if (over || clientGone) return;
      const code = err.code ?? '';
      const retry = retriesLeft > 0 && !hasBody && !res.headersSent && RETRYABLE_CODES.has(code);
      if (retry && (upstream.reusedSocket || code === 'ECONNREFUSED')) {
        attempt(retriesLeft - 1);
        return;
      }
      reply(res, 502, `the ${ctx.role} backend failed: ${code || err.message}`, {
        'x-elder-role': ctx.role,
        'x-elder-version': backend.version,
      });
      finish(true);
    });
    if (hasBody) req.pipe(upstream);
    else upstream.end();
  };
  attempt(1);
}
