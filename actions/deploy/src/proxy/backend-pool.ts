import type { Role } from '../model/roles.js';

/** Where a backend instance listens and which version it runs. */
export interface BackendTarget {
  host: string;
  port: number;
  version: string;
}

/** One backend as the proxy tracks it: its address plus the requests it is serving now. */
export interface Backend extends BackendTarget {
  readonly key: string;
  inFlight: number;
  /** Resolvers waiting for inFlight to reach 0 (draining). */
  idleWaiters: (() => void)[];
}

export function backendKey(target: BackendTarget): string {
  return `${target.host}:${target.port}`;
}

/**
 * The instances of each role. Each role's list is replaced as a whole (never mutated), so a
 * request that picked a backend keeps it even if the list changes under it; round-robin state
 * lives beside the list.
 */
export class BackendPool {
  private lists = new Map<Role, readonly Backend[]>();
  private cursors = new Map<Role, number>();

  /** Next backend of `role` in round-robin order, or undefined when it has none. */
  pick(role: Role): Backend | undefined {
    const list = this.lists.get(role);
    if (!list || list.length === 0) return undefined;
    const cursor = (this.cursors.get(role) ?? 0) % list.length;
    this.cursors.set(role, cursor + 1);
    return list[cursor];
  }

  size(role: Role): number {
    return this.lists.get(role)?.length ?? 0;
  }

  backends(role: Role): readonly Backend[] {
    return this.lists.get(role) ?? [];
  }

  /** Replaces the role's instances; returns the ones removed (still possibly serving). */
  replace(role: Role, targets: readonly BackendTarget[]): Backend[] {
    const previous = this.lists.get(role) ?? [];
    const byKey = new Map(previous.map((backend) => [backend.key, backend]));
    const next: Backend[] = targets.map((target) => {
      const key = backendKey(target);
      const kept = byKey.get(key);
      if (kept && kept.version === target.version) return kept;
      return { ...target, key, inFlight: 0, idleWaiters: [] };
    });
    const nextSet = new Set(next);
    this.lists.set(role, Object.freeze(next));
    return previous.filter((backend) => !nextSet.has(backend));
  }
}

/** Marks the start of a request on a backend; the returned function marks its end (once). */
export function enter(backend: Backend): () => void {
  backend.inFlight += 1;
  let done = false;
  return () => {
    if (done) return;
    done = true;
    backend.inFlight -= 1;
    if (backend.inFlight === 0) {
      const waiters = backend.idleWaiters.splice(0);
      for (const wake of waiters) wake();
    }
  };
}

/** Resolves when the backend has no request in flight, or after `timeoutMs` (bounded drain). */
export function drained(backend: Backend, timeoutMs: number): Promise<boolean> {
  if (backend.inFlight === 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    backend.idleWaiters.push(() => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}
