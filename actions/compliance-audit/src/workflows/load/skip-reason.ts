/** Why a workflow file was not examined; becomes a `SkippedItem`, never a crash. */
export class WorkflowSkip extends Error {
  readonly file: string;
  readonly reason: string;
  constructor(file: string, reason: string) {
    super(`${file}: ${reason}`);
    this.name = 'WorkflowSkip';
    this.file = file;
    this.reason = reason;
  }
}
