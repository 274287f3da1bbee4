// Decides whether a request came straight from this machine. The admin endpoint can change the
// service's behaviour, so it only answers local callers that did not come through a proxy.

/** True for 127.0.0.0/8, ::1 and IPv4-mapped loopback (::ffff:127.x.y.z). */
export function isLoopbackAddress(address) {
  if (typeof address !== 'string') return false;
  if (address === '::1') return true;
  const v4 = address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

/** A proxy on the same host would make every remote client look local; a request that says
 * it was forwarded is therefore not treated as local, whatever its socket address. */
export function isDirectLocalRequest(req) {
  if (req.headers['x-forwarded-for'] !== undefined || req.headers.forwarded !== undefined) return false;
  return isLoopbackAddress(req.socket.remoteAddress);
}
