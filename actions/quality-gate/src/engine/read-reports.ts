/**
 * Report globs to GateEvidence: expand, detect each file's format by its content, parse it with
 * the streaming parser of its format into the aggregators (CoverageStore, TestClassifier), and
 * make every path repository-relative.
 *
 * Failure policy (fail closed, never crash): a file that cannot be used at all (unrecognised,
 * too large, outside the workspace) is an InputProblem, which fails the gate with the file
 * named; a file of a known kind that fails to parse makes that kind unreadable, which fails the
 * gate when the kind is required (and is a note otherwise). Either way every other report is
 * still read, so one run tells the user everything that is wrong.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { errorMessage, UserError, UserErrors } from '../../../../shared/runtime/errors.js';
import { expandGlobs } from '../../../../shared/runtime/glob.js';
import type { Logger } from '../../../../shared/runtime/logger.js';
import { addCoverageReport } from '../coverage/add-coverage-report.js';
import { CoverageStore } from '../coverage/coverage-store.js';
import { expandReportInputs } from '../detect/expand-report-inputs.js';
import { assertPatternInsideWorkspace } from '../detect/workspace-path.js';
import type { AttemptFailures } from '../flaky/attempt-failures.js';
import { TestClassifier } from '../flaky/test-classifier.js';
import { parseEslintJsonFile } from '../findings/parse-eslint-json.js';
import { parseSarifFile } from '../findings/parse-sarif.js';
import type { ParsedFinding } from '../findings/findings-parse-result.js';
import type { GateFinding } from '../gate/gate-inputs.js';
import type { CoverageFormat, DetectedReport, Vulnerability } from '../model.js';
import type { RepoFileIndex } from '../paths/repo-file-index.js';
import { ReportPathNormalizer } from '../paths/report-path-normalizer.js';
import { parseJUnit } from '../tests/parse-junit.js';
import { parseNpmAuditFile } from '../vulnerabilities/parse-npm-audit.js';
import { parseOsvScannerFile } from '../vulnerabilities/parse-osv-scanner.js';
import { addWarnings, emptyEvidence, markUnreadable, type GateEvidence, type ReportRead } from './evidence.js';

export interface ReadReportsOptions {
  workspace: string;
  repoFiles?: RepoFileIndex;
  /** GITHUB_RUN_ATTEMPT of this run, and its commit: flakiness is judged on the same commit. */
  attempt: number;
  commit?: string;
  /** Failures of earlier attempts of this run (previous-attempts). */
  earlier?: readonly AttemptFailures[];
  /** Most files all patterns may match together. */
  maxFiles?: number;
}

export async function readReports(
  patterns: readonly string[],
  options: ReadReportsOptions,
  logger: Logger,
): Promise<GateEvidence> {
  const evidence = emptyEvidence();
  const workspace = resolve(options.workspace);
  const detected = await detectAll(patterns, workspace, evidence, options.maxFiles ?? 10_000, logger);
  const byKind = (kind: DetectedReport['kind']) => detected.filter((report) => report.kind === kind);
  const name = (path: string) => displayPath(workspace, path);

  const coverageReports = byKind('coverage');
  if (coverageReports.length > 0) {
    const store = new CoverageStore();
    for (const report of coverageReports) {
      try {
        const added = await addCoverageReport(store, report as { path: string; format: CoverageFormat }, {
          workspace,
          repoFiles: options.repoFiles,
          name: name(report.path),
        });
        addWarnings(evidence, added.warnings);
        logger.info(
          `${name(report.path)}: ${report.format}, ${added.summary.files} files, ${added.counted.linesHit}/${added.counted.linesFound} lines covered`,
        );
      } catch (err) {
        markUnreadable(evidence, 'coverage', describe(err, name(report.path)));
      }
    }
    evidence.coverage = store;
  }

  const testReports = byKind('tests');
  if (testReports.length > 0) {
    const classifier = new TestClassifier({
      attempt: options.attempt,
      ...(options.commit === undefined ? {} : { commit: options.commit }),
      earlier: options.earlier ?? [],
    });
    for (const report of testReports) {
      const paths = new ReportPathNormalizer(name(report.path), {
        workspace,
        repoFiles: options.repoFiles,
        reportFile: report.path,
      });
      let cases = 0;
      try {
        const summary = await parseJUnit(
          report.path,
          (record) => {
            cases += 1;
            if (record.file !== undefined) {
              const file = paths.normalize(record.file);
              if (file === undefined) delete record.file;
              else record.file = file;
            }
            classifier.add(record);
          },
          { repoRoot: workspace, source: name(report.path) },
        );
        addWarnings(evidence, [...summary.warnings, ...paths.warnings()]);
        logger.info(`${name(report.path)}: JUnit, ${cases} test cases`);
      } catch (err) {
        markUnreadable(evidence, 'tests', describe(err, name(report.path)));
      }
    }
    evidence.tests = classifier.classify();
  }

  const findingReports = byKind('findings');
  if (findingReports.length > 0) {
    const findings: GateFinding[] = [];
    for (const report of findingReports) {
      try {
        const parsed =
          report.format === 'sarif' ? await parseSarifFile(report.path) : await parseEslintJsonFile(report.path);
        const paths = new ReportPathNormalizer(name(report.path), {
          workspace,
          repoFiles: options.repoFiles,
          reportFile: report.path,
        });
        for (const finding of parsed.findings) findings.push(normaliseFinding(finding, paths));
        addWarnings(evidence, [...parsed.summary.warnings, ...paths.warnings()]);
        logger.info(
          `${name(report.path)}: ${report.format}, ${parsed.findings.length} findings (${parsed.summary.suppressed} suppressed)`,
        );
      } catch (err) {
        markUnreadable(evidence, 'findings', describe(err, name(report.path)));
      }
    }
    evidence.findings = findings;
  }

  const vulnerabilityReports = byKind('vulnerabilities');
  if (vulnerabilityReports.length > 0) {
    const vulnerabilities: Vulnerability[] = [];
    for (const report of vulnerabilityReports) {
      try {
        const parsed =
          report.format === 'npm-audit' ? await parseNpmAuditFile(report.path) : await parseOsvScannerFile(report.path);
        const paths = new ReportPathNormalizer(name(report.path), {
          workspace,
          repoFiles: options.repoFiles,
          reportFile: report.path,
        });
        for (const vulnerability of parsed.vulnerabilities) {
          if (vulnerability.manifest !== undefined) {
            const manifest = paths.normalize(vulnerability.manifest);
            if (manifest === undefined) delete vulnerability.manifest;
            else vulnerability.manifest = manifest;
          }
          vulnerabilities.push(vulnerability);
        }
        addWarnings(evidence, parsed.summary.warnings);
        logger.info(`${name(report.path)}: ${report.format}, ${parsed.vulnerabilities.length} vulnerabilities`);
      } catch (err) {
        markUnreadable(evidence, 'vulnerabilities', describe(err, name(report.path)));
      }
    }
    evidence.vulnerabilities = vulnerabilities;
  }

  for (const report of detected) {
    const { sha256, bytes } = await hashFile(report.path);
    const read: ReportRead = { path: name(report.path), kind: report.kind, format: report.format, sha256, bytes };
    evidence.reports.push(read);
  }
  return evidence;
}

/**
 * Expands every pattern and detects every file one by one, so that one unusable file is named
 * and the others are still read (expandReportInputs alone stops at the first batch of problems).
 */
async function detectAll(
  patterns: readonly string[],
  workspace: string,
  evidence: GateEvidence,
  maxFiles: number,
  logger: Logger,
): Promise<DetectedReport[]> {
  const detected: DetectedReport[] = [];
  const seen = new Set<string>();
  for (const pattern of patterns.map((p) => p.trim()).filter((p) => p !== '')) {
    let files: string[];
    try {
      assertPatternInsideWorkspace(pattern, workspace);
      files = await expandGlobs([pattern], { cwd: workspace, maxFiles });
    } catch (err) {
      evidence.problems.push({ file: pattern, message: stripWhere(err, pattern) });
      continue;
    }
    if (files.length === 0) {
      logger.warning(`reports: '${pattern}' matched no file`);
      addWarnings(evidence, [`'${pattern}' matched no report file`]);
    }
    for (const file of files) {
      if (seen.has(file)) continue;
      seen.add(file);
      if (seen.size > maxFiles) {
        evidence.problems.push({ file: pattern, message: `the report patterns match more than ${maxFiles} files` });
        return detected;
      }
      try {
        for (const report of await expandReportInputs([file], workspace)) {
          if (!detected.some((known) => known.path === report.path)) detected.push(report);
        }
      } catch (err) {
        const problems = err instanceof UserErrors ? err.problems : [err];
        for (const problem of problems) {
          evidence.problems.push({ file: displayPath(workspace, file), message: stripWhere(problem, file) });
        }
      }
    }
  }
  return detected;
}

function normaliseFinding(finding: ParsedFinding, paths: ReportPathNormalizer): GateFinding {
  const { tool, ...rest } = finding;
  const out: GateFinding = { ...rest };
  if (tool !== '' && out.evidence === undefined) out.evidence = `reported by ${tool}`;
  if (out.location !== undefined) {
    const file = paths.normalize(out.location.file);
    if (file === undefined) delete out.location;
    else out.location = { ...out.location, file };
  }
  return out;
}

/** `path: message` without repeating the path when the error already names it. */
function describe(err: unknown, name: string): string {
  const message = errorMessage(err);
  return message.includes(name) ? message : `${name}: ${message}`;
}

function stripWhere(err: unknown, file: string): string {
  if (err instanceof UserError && err.where !== undefined) {
    const prefix = `${err.where}: `;
    const message = err.message.startsWith(prefix) ? err.message.slice(prefix.length) : err.message;
    return err.where === file ? message : `${err.where}: ${message}`;
  }
  return errorMessage(err);
}

/** Workspace-relative with forward slashes; absolute when outside it. */
export function displayPath(workspace: string, path: string): string {
  const rel = relative(workspace, path);
  if (rel === '' || rel.startsWith('..')) return path;
  return rel.split(sep).join('/');
}

export async function hashFile(path: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 })) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), bytes };
}
