/**
 * A finding's Location from a producer's line/column numbers. Both SARIF (`region.endColumn`)
 * and ESLint (`endColumn`) give the end column as the column just past the region; our Location
 * is inclusive (shared/render/sarif.ts adds the 1 back when writing SARIF), so 1 is taken off
 * here. Numbers that are not positive integers (0, -1, 1.5, 1e308, strings) are dropped rather
 * than trusted, and an end before the start is dropped too.
 */
import type { Location } from '../../../../shared/result/phase-result.js';
import { positiveInteger } from '../detect/json-shape.js';

export interface RawRegion {
  startLine?: unknown;
  startColumn?: unknown;
  endLine?: unknown;
  /** Exclusive: the first column after the region. */
  endColumn?: unknown;
}

export function findingLocation(file: string, region: RawRegion = {}): Location {
  const location: Location = { file };
  const line = positiveInteger(region.startLine);
  if (line === undefined) return location;
  location.line = line;
  const column = positiveInteger(region.startColumn);
  if (column !== undefined) location.column = column;
  const endLine = positiveInteger(region.endLine) ?? line;
  if (endLine < line) return location;
  const endExclusive = positiveInteger(region.endColumn);
  if (endLine !== line) location.endLine = endLine;
  if (endExclusive !== undefined) {
    // An empty region (end == start) still marks its start column.
    const endColumn = endLine === line ? Math.max(endExclusive - 1, column ?? 1) : endExclusive - 1;
    if (endColumn >= 1) {
      location.endLine = endLine;
      location.endColumn = endColumn;
    }
  }
  return location;
}
