import type { FrameworkScore } from './framework-score.js';

/**
 * The phase's single score is the LOWEST framework score, not a mean: each framework is a
 * separate obligation with its own bar, and a weighted mean would let a strong ISO 27001 result
 * hide a failing PCI DSS one. Frameworks that could not be assessed do not contribute; when none
 * could, the score is null.
 */
export function phaseScore(frameworks: readonly FrameworkScore[]): number | null {
  const scores = frameworks.map((f) => f.score).filter((score): score is number => score !== null);
  return scores.length === 0 ? null : Math.min(...scores);
}
