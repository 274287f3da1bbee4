/**
 * Picking values out of a parsed exposition: the questions the phases ask of a scrape, such as
 * "how many 5xx has v2 answered" (sum over the other labels of a counter).
 */
import type { Exposition, Labels, Sample } from './prometheus-text.js';

/** True when every label in `match` has exactly that value on the sample. */
export function labelsMatch(labels: Labels, match: Labels): boolean {
  return Object.entries(match).every(([name, value]) => Object.hasOwn(labels, name) && labels[name] === value);
}

/** Samples of one series name (e.g. `http_requests_total`) whose labels include `match`. */
export function selectSamples(exposition: Exposition, name: string, match: Labels = {}): Sample[] {
  return exposition.samples.filter((s) => s.name === name && labelsMatch(s.labels, match));
}

/** Sum of the matching samples' values; 0 when none match, as for a counter not yet touched. */
export function sumSamples(exposition: Exposition, name: string, match: Labels = {}): number {
  return selectSamples(exposition, name, match).reduce((total, s) => total + s.value, 0);
}
