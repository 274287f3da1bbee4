/** What every decision rule returns for one simulated rollout. */
export interface Decision {
  action: 'rollback' | 'promote';
  /** Look (1-based minute) at which the rollout was rolled back or promoted. */
  look: number;
  /** The rule's own last word, e.g. `pass`, `inconclusive`, `score 90`. */
  finalState: string;
  /** Ours only: the first look at which the judge said `pass` (an early promotion was possible). */
  firstPassLook?: number;
}
