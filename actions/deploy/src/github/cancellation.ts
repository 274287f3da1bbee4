/**
 * Workflow cancellation as an AbortSignal. On cancel the runner sends the step's node process
 * SIGINT, then SIGTERM 7.5 s later, then kills the process tree 2.5 s after that (GitHub's
 * "workflow cancellation reference"). Listening to both keeps node from exiting at once, so the
 * engine can put stable back within those 10 s; the post step covers a run killed before that.
 */
import type { Logger } from '../../../../shared/runtime/logger.js';

export interface Cancellation {
  signal: AbortSignal;
  /** Stops listening (the process then exits on a signal as usual). */
  dispose(): void;
}

export function cancellationSignal(logger: Logger, target: NodeJS.Process = process): Cancellation {
  const controller = new AbortController();
  const onSignal = (name: NodeJS.Signals) => {
    if (controller.signal.aborted) {
      logger.warning(`${name} again: still rolling back, please wait`);
      return;
    }
    logger.warning(`${name}: the workflow was cancelled; rolling back to stable`);
    controller.abort(new Error(`cancelled (${name})`));
  };
  target.on('SIGINT', onSignal);
  target.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    dispose() {
      target.off('SIGINT', onSignal);
      target.off('SIGTERM', onSignal);
    },
  };
}
