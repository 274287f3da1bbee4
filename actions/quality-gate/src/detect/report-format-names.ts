/**
 * Each report format the gate reads: what kind of report it is and how users name it. The names
 * appear in the "not a recognised report" error, so they are the ones a user would search for.
 */
import type { ReportFormat, ReportKind } from '../model.js';

export const REPORT_FORMAT_INFO: Readonly<Record<ReportFormat, { kind: ReportKind; name: string }>> = {
  lcov: { kind: 'coverage', name: 'LCOV (lcov.info)' },
  cobertura: { kind: 'coverage', name: 'Cobertura XML' },
  jacoco: { kind: 'coverage', name: 'JaCoCo XML' },
  clover: { kind: 'coverage', name: 'Clover XML' },
  'istanbul-final': { kind: 'coverage', name: 'Istanbul coverage-final.json' },
  'istanbul-summary': { kind: 'coverage', name: 'Istanbul coverage-summary.json' },
  junit: { kind: 'tests', name: 'JUnit XML' },
  sarif: { kind: 'findings', name: 'SARIF 2.1.0' },
  'eslint-json': { kind: 'findings', name: 'ESLint JSON (--format json)' },
  'npm-audit': { kind: 'vulnerabilities', name: 'npm audit --json (npm 7 or later)' },
  'osv-scanner': { kind: 'vulnerabilities', name: 'OSV-Scanner JSON (--format json)' },
};

/** "LCOV (lcov.info), Cobertura XML, ..." in a stable order. */
export function acceptedFormatList(): string {
  return Object.values(REPORT_FORMAT_INFO)
    .map((info) => info.name)
    .join(', ');
}
