/** Reads a coverage report of a known format (detection by content happens before this). */
import type { CoverageFormat, CoverageParseSummary, CoverageSink } from '../model.js';
import { parseCloverFile } from './parse-clover.js';
import { parseCoberturaFile } from './parse-cobertura.js';
import { parseIstanbulFinalFile } from './parse-istanbul-final.js';
import { parseIstanbulSummaryFile } from './parse-istanbul-summary.js';
import { parseJacocoFile } from './parse-jacoco.js';
import { parseLcovFile } from './parse-lcov.js';
import type { CoverageParseOptions } from './parse-options.js';

const PARSERS: Record<
  CoverageFormat,
  (path: string, sink: CoverageSink, options: CoverageParseOptions) => Promise<CoverageParseSummary>
> = {
  lcov: parseLcovFile,
  cobertura: parseCoberturaFile,
  jacoco: parseJacocoFile,
  clover: parseCloverFile,
  'istanbul-final': parseIstanbulFinalFile,
  'istanbul-summary': parseIstanbulSummaryFile,
};

export function parseCoverageFile(
  path: string,
  format: CoverageFormat,
  sink: CoverageSink,
  options: CoverageParseOptions = {},
): Promise<CoverageParseSummary> {
  return PARSERS[format](path, sink, options);
}
