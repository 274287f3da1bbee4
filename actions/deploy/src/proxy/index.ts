export { ReverseProxy, type ReverseProxyOptions } from './reverse-proxy.js';
export { compileRoute, validateRouteTable, routedRoles, type RoutePlan } from './route-plan.js';
export { SampleRecorder } from './sample-recorder.js';
export { fnv1a32, stickyBucket } from './sticky-hash.js';
export type { BackendTarget } from './backend-pool.js';
