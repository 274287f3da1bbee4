import { join } from 'node:path';

/**
 * A complete nginx.conf for running nginx under a private prefix (tests, the demo): every path
 * nginx writes (pid, logs, temp dirs) lives inside `prefix`, and the http block includes the
 * file the driver renders. Production nginx has its own main config with one `include` line.
 */
export function renderNginxMainConfig(prefix: string, includeFile: string, options: { workers?: number } = {}): string {
  const p = (name: string) => join(prefix, name);
  // Running as root, nginx would switch workers to `nobody`, who cannot read a private temp dir.
  const user = process.getuid?.() === 0 ? 'user root;\n' : '';
  return `${user}worker_processes ${options.workers ?? 2};
pid ${p('nginx.pid')};
error_log ${p('error.log')} warn;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path ${p('client_body')};
    proxy_temp_path ${p('proxy')};
    fastcgi_temp_path ${p('fastcgi')};
    uwsgi_temp_path ${p('uwsgi')};
    scgi_temp_path ${p('scgi')};
    keepalive_timeout 30s;
    include ${includeFile};
}
`;
}
