/**
 * One rollout per environment at a time. A lock file created exclusively (O_EXCL) holds the
 * owner's pid, host and start time; a lock whose process is gone (same host) or that is older
 * than `staleAfterMs` is stale and taken over, so a killed runner cannot block deploys forever.
 *
 * Default policy is `wait` (see elder.schema.json `concurrency`): a second deploy queues behind
 * the one in flight, like GitHub's concurrency groups, so the newest commit still ships and the
 * rollout in flight is never interrupted halfway; `refuse` fails at once naming the holder.
 */
import { open, readFile, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { UserError } from '../../../../shared/runtime/errors.js';
import type { Clock } from './clock.js';

export interface LockOwner {
  pid: number;
  host: string;
  environment: string;
  startedAt: string;
  origin?: string;
}

export interface LockOptions {
  path: string;
  environment: string;
  mode: 'wait' | 'refuse';
  clock: Clock;
  /** How long `wait` waits before giving up (the progress deadline by default). */
  waitTimeoutMs: number;
  /** A lock older than this is stale whoever holds it. */
  staleAfterMs: number;
  pollMs?: number;
  origin?: string;
  signal?: AbortSignal;
  /** Overridable for tests: whether a pid on this host is alive. */
  isAlive?: (pid: number) => boolean;
  pid?: number;
}

export interface HeldLock {
  owner: LockOwner;
  /** Set when a stale lock was taken over: who held it. */
  tookOverFrom?: LockOwner;
  release(): Promise<void>;
}

export async function acquireEnvironmentLock(options: LockOptions): Promise<HeldLock> {
  const started = options.clock.now();
  const poll = options.pollMs ?? 2000;
  const isAlive = options.isAlive ?? processIsAlive;
  let tookOverFrom: LockOwner | undefined;
  await mkdir(dirname(options.path), { recursive: true });
  for (;;) {
    const owner: LockOwner = {
      pid: options.pid ?? process.pid,
      host: hostname(),
      environment: options.environment,
      startedAt: new Date(options.clock.now()).toISOString(),
    };
    if (options.origin !== undefined) owner.origin = options.origin;
    if (await tryCreate(options.path, owner)) {
      const lock: HeldLock = { owner, release: () => releaseIfOurs(options.path, owner) };
      if (tookOverFrom) lock.tookOverFrom = tookOverFrom;
      return lock;
    }
    const holder = await readOwner(options.path);
    if (holder === undefined || isStale(holder, options, isAlive)) {
      tookOverFrom = holder;
      await rm(options.path, { force: true });
      continue;
    }
    const who = describe(holder);
    if (options.mode === 'refuse') {
      throw new UserError(
        `another rollout to '${options.environment}' is in flight (${who}); concurrency is 'refuse', so this deploy stops. ` +
          'Wait for it, or dispatch abort/rollback for it.',
        options.path,
      );
    }
    if (options.clock.now() - started >= options.waitTimeoutMs) {
      throw new UserError(
        `gave up after waiting ${Math.round(options.waitTimeoutMs / 1000)} s for the rollout in flight to '${options.environment}' (${who})`,
        options.path,
      );
    }
    await options.clock.sleep(poll, options.signal);
  }
}

async function tryCreate(path: string, owner: LockOwner): Promise<boolean> {
  try {
    const handle = await open(path, 'wx', 0o644);
    try {
      await handle.writeFile(`${JSON.stringify(owner)}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}

async function readOwner(path: string): Promise<LockOwner | undefined> {
  try {
    const parsed = JSON.parse(await readFile(path, 'utf8')) as Partial<LockOwner>;
    if (typeof parsed.pid !== 'number' || typeof parsed.startedAt !== 'string') return undefined;
    return parsed as LockOwner;
  } catch {
    // Unreadable or half-written by a crashed writer: treat as stale.
    return undefined;
  }
}

function isStale(holder: LockOwner, options: LockOptions, isAlive: (pid: number) => boolean): boolean {
  const age = options.clock.now() - Date.parse(holder.startedAt);
  if (!(age < options.staleAfterMs)) return true;
  return holder.host === hostname() && !isAlive(holder.pid);
}

async function releaseIfOurs(path: string, owner: LockOwner): Promise<void> {
  const holder = await readOwner(path);
  if (holder && holder.pid === owner.pid && holder.startedAt === owner.startedAt && holder.host === owner.host) {
    await rm(path, { force: true });
  }
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function describe(owner: LockOwner): string {
  const origin = owner.origin ? `, ${owner.origin}` : '';
  return `pid ${owner.pid} on ${owner.host}, started ${owner.startedAt}${origin}`;
}
