/** Inputs for gate tests: a real CoverageStore, changes built from line lists, classified tests. */
import { CoverageStore } from '../../../../actions/quality-gate/src/coverage/coverage-store.js';
import { changeSet, knownChange, type ChangeSet } from '../../../../actions/quality-gate/src/diff/changed-lines.js';
import { LineRanges } from '../../../../actions/quality-gate/src/diff/line-ranges.js';
import { classifyTests, type TestClassification } from '../../../../actions/quality-gate/src/flaky/test-classifier.js';
import type { CoverageView } from '../../../../actions/quality-gate/src/gate/gate-inputs.js';
import type { TestCaseRecord } from '../../../../actions/quality-gate/src/model.js';
import { parseConfig } from '../../../../shared/config/load-config.js';
import type { EnvironmentConfig } from '../../../../shared/config/types.js';

/** Per file: executable lines that ran and that did not, and branches per line. */
export interface FileLines {
  hit?: number[];
  missed?: number[];
  branches?: { line: number; covered: number; total: number }[];
}

export function coverage(files: Record<string, FileLines>): CoverageView {
  const store = new CoverageStore();
  for (const [path, { hit = [], missed = [], branches }] of Object.entries(files)) {
    const lines = [...hit.map((line) => ({ line, hits: 3 })), ...missed.map((line) => ({ line, hits: 0 }))].sort(
      (a, b) => a.line - b.line,
    );
    store.add(path, { path, lines, ...(branches === undefined ? {} : { branches }) });
  }
  return store;
}

/** Files and the lines the change adds to each. */
export function changes(files: Record<string, number[]>): ChangeSet {
  const map = new Map(
    Object.entries(files).map(([path, added]) => [
      path,
      knownChange(path, 'modified', LineRanges.fromLines(added), LineRanges.EMPTY),
    ]),
  );
  return changeSet(map);
}

export function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

export function tests(records: Partial<TestCaseRecord>[]): TestClassification {
  return classifyTests(
    records.map((record, i) => ({ suites: ['suite'], name: `test ${i}`, status: 'passed', ...record })),
  );
}

export function environment(tier: string, qualityGate = ''): EnvironmentConfig {
  const production = tier === 'production' || tier === 'disaster_recovery' || tier === 'pre_production';
  const text = [
    'version: 1',
    'environments:',
    '  env:',
    `    tier: ${tier}`,
    ...(production
      ? [
          '    regions: [us-east-1, eu-west-1]',
          '    compliance: [soc_2]',
          '    dr: { rto: 15m, rpo: 5m }',
          '    backup: { strategy: continuous }',
        ]
      : []),
    ...(qualityGate === ''
      ? []
      : ['    phases:', '      quality_gate:', ...qualityGate.split('\n').map((l) => `        ${l}`)]),
    '',
  ].join('\n');
  return parseConfig(text, 'elder.yml').config.environments['env'] as EnvironmentConfig;
}
