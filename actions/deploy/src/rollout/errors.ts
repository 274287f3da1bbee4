/** Why the controller leaves the step loop early; each maps to a StopReason in the outcome. */
import type { StopReason } from '../engine/types.js';

export class StopRollout extends Error {
  constructor(
    readonly reason: StopReason,
    message: string,
    /** For dispatch commands: abort ends `aborted`, rollback ends `rolled_back`. */
    readonly finalState: 'rolled_back' | 'aborted' = 'rolled_back',
  ) {
    super(message);
    this.name = 'StopRollout';
  }
}

/** A `promote` command: skip the remaining steps and promote now. */
export class PromoteNow extends Error {
  constructor() {
    super('promote requested');
    this.name = 'PromoteNow';
  }
}

export class DeadlineExceeded extends Error {
  constructor(seconds: number) {
    super(`the rollout exceeded its progress deadline of ${seconds} s`);
    this.name = 'DeadlineExceeded';
  }
}

/** The platform reports something other than what we applied (e.g. it rolled back on its own). */
export class PlatformDiverged extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlatformDiverged';
  }
}
