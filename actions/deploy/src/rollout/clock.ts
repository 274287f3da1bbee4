/**
 * Time as a port, so the controller's waits are instant in unit tests and real in the action.
 */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  /** Resolves after `ms`, or rejects with a CancelledError as soon as `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** Raised by sleeps (and the controller) when the workflow is cancelled. */
export class CancelledError extends Error {
  constructor(message = 'the rollout was cancelled') {
    super(message);
    this.name = 'CancelledError';
  }
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(new CancelledError());
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(new CancelledError());
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

/**
 * A clock that only moves when slept on: sleeping advances time at once. `onSleep` lets a test
 * act at a given moment (e.g. abort mid-step or inject a fault).
 */
export class ManualClock implements Clock {
  constructor(
    private current = 0,
    private readonly onSleep?: (now: number) => void,
  ) {}
  now(): number {
    return this.current;
  }
  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) throw new CancelledError();
    this.current += ms;
    this.onSleep?.(this.current);
    await Promise.resolve();
    if (signal?.aborted) throw new CancelledError();
  }
}
