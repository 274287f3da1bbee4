/** Small real-format reports in temporary folders, and an environment, for engine tests. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseConfig, resolveEnvironment } from '../../../../shared/config/index.js';
import type { EnvironmentConfig } from '../../../../shared/config/types.js';
import { MemoryLogger } from '../../../../shared/runtime/logger.js';
import { execFileSafe } from '../../../../shared/runtime/exec.js';
import type { QualityGatePorts } from '../../../../actions/quality-gate/src/engine.js';
import { readFileSync } from 'node:fs';

const ROOT = join(import.meta.dirname, '..', '..', '..', '..');

export function environment(name: 'production' | 'staging' = 'production'): EnvironmentConfig {
  const text = readFileSync(join(ROOT, 'examples', '.github', 'elder.yml'), 'utf8');
  return resolveEnvironment(parseConfig(text, 'elder.yml').config, name);
}

export class Workspace {
  readonly dir = mkdtempSync(join(tmpdir(), 'elder-qg-engine-'));

  write(path: string, content: string): string {
    const full = join(this.dir, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
    return full;
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export function ports(logger = new MemoryLogger()): QualityGatePorts & { logger: MemoryLogger } {
  return { logger, exec: execFileSafe, now: () => new Date('2026-11-25T10:00:00.000Z') };
}

/** LCOV of one file: `hits[line] = count`, lines absent are not executable. */
export function lcov(file: string, hits: Record<number, number>, branches: [number, number, number][] = []): string {
  const lines = Object.entries(hits).map(([line, count]) => `DA:${line},${count}`);
  const brda = branches.flatMap(([line, covered, total]) =>
    Array.from({ length: total }, (_, i) => `BRDA:${line},0,${i},${i < covered ? 1 : 0}`),
  );
  const found = lines.length;
  const hit = Object.values(hits).filter((count) => count > 0).length;
  const brf = branches.reduce((n, [, , total]) => n + total, 0);
  const brh = branches.reduce((n, [, covered]) => n + covered, 0);
  return `TN:\nSF:${file}\n${lines.join('\n')}\n${brda.join('\n')}${brda.length ? '\n' : ''}BRF:${brf}\nBRH:${brh}\nLF:${found}\nLH:${hit}\nend_of_record\n`;
}

export function junit(cases: { name: string; failed?: boolean; file?: string; line?: number }[]): string {
  const failures = cases.filter((c) => c.failed).length;
  const body = cases
    .map(
      (c) =>
        `<testcase classname="suite" name="${c.name}"${c.file ? ` file="${c.file}"` : ''}${c.line ? ` line="${c.line}"` : ''}>` +
        (c.failed ? `<failure message="boom">Error: boom</failure>` : '') +
        '</testcase>',
    )
    .join('\n');
  return `<?xml version="1.0"?>\n<testsuites><testsuite name="suite" tests="${cases.length}" failures="${failures}">\n${body}\n</testsuite></testsuites>\n`;
}

export function sarif(
  results: { rule: string; file: string; line: number; message?: string; level?: string }[],
): string {
  return JSON.stringify({
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'Linter', rules: [] } },
        results: results.map((r) => ({
          ruleId: r.rule,
          level: r.level ?? 'warning',
          message: { text: r.message ?? `${r.rule} here` },
          locations: [{ physicalLocation: { artifactLocation: { uri: r.file }, region: { startLine: r.line } } }],
        })),
      },
    ],
  });
}

export const CLEAN_AUDIT = JSON.stringify({
  auditReportVersion: 2,
  vulnerabilities: {},
  metadata: {
    vulnerabilities: { info: 0, low: 0, moderate: 0, high: 0, critical: 0, total: 0 },
    dependencies: { prod: 1, dev: 0, optional: 0, peer: 0, peerOptional: 0, total: 0 },
  },
});
