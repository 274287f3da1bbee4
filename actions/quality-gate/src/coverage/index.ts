/** Coverage reports: streaming parsers for six formats, a compact merged store, and the glue. */
export { readJsonReport } from '../detect/read-json-report.js';
export { addCoverageReport, type AddCoverageReportOptions, type AddedCoverageReport } from './add-coverage-report.js';
export { CoverageStore, type LineSetCoverage, type PathScope } from './coverage-store.js';
export { percentCovered, type CoverageTotals } from './coverage-totals.js';
export { DEFAULT_JSON_LIMIT_BYTES } from './istanbul-json.js';
export { formatLineRanges, groupLineRanges, type LineRange } from './line-ranges.js';
export { parseClover, parseCloverFile } from './parse-clover.js';
export { parseCobertura, parseCoberturaFile } from './parse-cobertura.js';
export { parseCoverageFile } from './parse-coverage-file.js';
export { parseIstanbulFinal, parseIstanbulFinalFile } from './parse-istanbul-final.js';
export { parseIstanbulSummary, parseIstanbulSummaryFile } from './parse-istanbul-summary.js';
export { parseJacoco, parseJacocoFile } from './parse-jacoco.js';
export { parseLcov, parseLcovFile } from './parse-lcov.js';
export type { CoverageParseOptions } from './parse-options.js';
export { RecordTally, type CountedTotals } from './record-totals.js';
export type { XmlReportInput } from './xml-report-input.js';
