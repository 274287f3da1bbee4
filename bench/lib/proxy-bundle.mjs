// The embedded reverse proxy bundled as the deploy action ships it, for bench/proxy-overhead.mjs.
import { bundleTypeScript, reexport } from './bundle-typescript.mjs';

export function bundleElderProxy(root, dir) {
  return bundleTypeScript(
    dir,
    'elder-proxy',
    reexport(root, 'actions/deploy/src/proxy/reverse-proxy.ts', ['ReverseProxy']),
  );
}
