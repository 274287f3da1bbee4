import type { ChildProcess } from 'node:child_process';

/**
 * Kills the driver's child processes when this process exits, however it exits normally
 * (process.exit, end of the event loop, an uncaught error), so no instance outlives the run.
 * The 'exit' handler must be synchronous; SIGKILL is the only reliable thing it can do.
 */
export class ProcessReaper {
  private readonly children = new Set<ChildProcess>();
  private disposed = false;
  private readonly onExit = (): void => {
    for (const child of this.children) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  };

  constructor() {
    process.on('exit', this.onExit);
  }

  add(child: ChildProcess): void {
    if (this.disposed) {
      child.kill('SIGKILL');
      return;
    }
    this.children.add(child);
    child.once('exit', () => this.children.delete(child));
  }

  /** Kills what is left (and anything added later) and stops watching this process's exit. */
  dispose(): void {
    this.disposed = true;
    this.onExit();
    process.off('exit', this.onExit);
  }
}
