/** Cumulative samples per role: the judge looks at everything since a comparison began. */
import type { RoleSample } from '../metrics/role-sample.js';
import type { Role } from '../model/roles.js';

export function emptySample(role: Role, fromMs: number, toMs: number): RoleSample {
  return { role, granularity: 'request', latenciesMs: [], requests: 0, errors: 0, fromMs, toMs };
}

export function mergeSamples(into: RoleSample | undefined, next: RoleSample): RoleSample {
  if (!into) return { ...next, latenciesMs: [...next.latenciesMs] };
  into.latenciesMs.push(...next.latenciesMs);
  into.requests += next.requests;
  into.errors += next.errors;
  into.fromMs = Math.min(into.fromMs, next.fromMs);
  into.toMs = Math.max(into.toMs, next.toMs);
  into.granularity = next.granularity;
  return into;
}
