import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../../../shared/runtime/errors.js';
import { parseSarif, parseSarifFile } from '../../../../actions/quality-gate/src/findings/parse-sarif.js';
import { formatSarifMessage } from '../../../../actions/quality-gate/src/findings/sarif-message.js';

const FIXTURE = join(fileURLToPath(new URL('../../../fixtures/findings/', import.meta.url)), 'multi-tool.sarif.json');
const FILE = 'results/tool.sarif';

/** A one-run SARIF log around `results` (and extra run properties). */
function log(results: unknown[], run: Record<string, unknown> = {}): unknown {
  return { version: '2.1.0', runs: [{ tool: { driver: { name: 'T', rules: [] } }, results, ...run }] };
}

function only(document: unknown): ReturnType<typeof parseSarif>['findings'][number] {
  const { findings } = parseSarif(document, FILE);
  expect(findings).toHaveLength(1);
  return findings[0] as ReturnType<typeof parseSarif>['findings'][number];
}

describe('parseSarif on a multi-tool log', () => {
  it('accounts for every result: kept, suppressed, absent', async () => {
    const { findings, summary } = await parseSarifFile(FIXTURE);
    expect(summary).toMatchObject({
      tools: ['CodeQL', 'Semgrep OSS'],
      results: 5,
      findings: 3,
      suppressed: 1,
      absent: 1,
    });
    expect(summary.warnings).toEqual([]);
    expect(findings).toEqual([
      {
        tool: 'CodeQL',
        ruleId: 'js/sql-injection',
        severity: 'high', // security-severity 8.8, from the rule in the query-pack extension
        message: 'This query string depends on a [user-provided value](1).',
        location: {
          file: '/home/runner/work/shop/shop/src/db/orders.js',
          line: 42,
          column: 18,
          endLine: 42,
          endColumn: 56,
        },
        fingerprint: 'primaryLocationLineHash=a1b2c3d4e5f60718:1;primaryLocationStartColumnFingerprint=13',
        help: 'Use parameterised queries.',
      },
      {
        tool: 'CodeQL',
        ruleId: 'js/unused-local-variable',
        severity: 'low', // the rule's default level `note`
        message: 'Unused variable tmp.',
        // Through run.artifacts[1], %SRCROOT% and percent-decoding.
        location: {
          file: '/home/runner/work/shop/shop/src/util/format helpers.js',
          line: 3,
          column: 7,
          endLine: 3,
          endColumn: 9,
        },
        fingerprint: 'primaryLocationLineHash=0f1e2d3c4b5a6978:1',
      },
      {
        tool: 'Semgrep OSS',
        ruleId: 'python.lang.security.audit.eval-detected',
        severity: 'medium',
        message: 'Detected eval(user_input) on line 12; literal braces {like this}.',
        location: { file: 'tools/calc.py', line: 12, column: 5, endLine: 12, endColumn: 20 },
        fingerprint: 'matchBasedId/v1=7f3e',
        baselineState: 'unchanged',
      },
    ]);
  });
});

describe('parseSarif rules', () => {
  it.each([
    ['error', 'high'],
    ['warning', 'medium'],
    ['note', 'low'],
    ['none', 'info'],
  ])('level %s -> %s', (level, severity) => {
    expect(only(log([{ ruleId: 'r', level, message: { text: 'm' } }])).severity).toBe(severity);
  });

  it('defaults the level to the rule default, then to warning', () => {
    const rules = [{ id: 'r', defaultConfiguration: { level: 'error' } }];
    expect(
      only(log([{ ruleId: 'r', message: { text: 'm' } }], { tool: { driver: { name: 'T', rules } } })).severity,
    ).toBe('high');
    expect(only(log([{ ruleId: 'other', message: { text: 'm' } }])).severity).toBe('medium');
  });

  it.each([
    ['9.0', 'critical'],
    ['10', 'critical'],
    ['8.9', 'high'],
    ['7.0', 'high'],
    ['4.0', 'medium'],
    ['0.1', 'low'],
    ['0.0', 'info'],
  ])('security-severity %s -> %s, over the level', (score, severity) => {
    const result = { ruleId: 'r', level: 'note', message: { text: 'm' }, properties: { 'security-severity': score } };
    expect(only(log([result])).severity).toBe(severity);
  });

  it('falls back to the level when security-severity is not a score', () => {
    const result = { ruleId: 'r', level: 'error', message: { text: 'm' }, properties: { 'security-severity': 'high' } };
    expect(only(log([result])).severity).toBe('high');
  });

  it('takes the rule from ruleIndex when the result has no ruleId, and from a hierarchical id', () => {
    const rules = [{ id: 'CA2101' }, { id: 'CA5350', defaultConfiguration: { level: 'error' } }];
    const run = { tool: { driver: { name: 'T', rules } } };
    expect(only(log([{ ruleIndex: 0, message: { text: 'm' } }], run)).ruleId).toBe('CA2101');
    const hierarchical = only(log([{ ruleId: 'CA5350/md5', message: { text: 'm' } }], run));
    expect([hierarchical.ruleId, hierarchical.severity]).toEqual(['CA5350/md5', 'high']);
  });

  it('results of kind pass, notApplicable and informational are not findings', () => {
    const kinds = ['pass', 'notApplicable', 'informational', 'review', 'open'];
    const { findings, summary } = parseSarif(
      log(kinds.map((kind) => ({ ruleId: 'r', kind, message: { text: kind } }))),
      FILE,
    );
    expect(summary.notProblems).toBe(3);
    expect(findings.map((f) => [f.message, f.severity])).toEqual([
      ['review', 'info'],
      ['open', 'info'],
    ]);
  });

  it('keeps a result whose suppression is under review or rejected', () => {
    const suppressed = (status?: string): unknown => ({
      ruleId: 'r',
      message: { text: status ?? 'none' },
      suppressions: [status ? { kind: 'external', status } : { kind: 'inSource' }],
    });
    const { findings, summary } = parseSarif(
      log([
        suppressed(),
        suppressed('accepted'),
        suppressed('underReview'),
        suppressed('rejected'),
        { ruleId: 'r', message: { text: 'empty' }, suppressions: [] },
      ]),
      FILE,
    );
    expect(summary.suppressed).toBe(2);
    expect(findings.map((f) => f.message)).toEqual(['underReview', 'rejected', 'empty']);
  });

  it('turns error-level tool notifications into findings and counts them', () => {
    const { findings, summary } = parseSarif(
      log([], {
        invocations: [
          {
            executionSuccessful: false,
            toolConfigurationNotifications: [
              {
                descriptor: { id: 'ESL0999' },
                level: 'error',
                message: { text: 'Parsing error: Unexpected token =' },
                locations: [
                  {
                    physicalLocation: {
                      artifactLocation: { uri: 'file:///w/src/broken.js' },
                      region: { startLine: 1, startColumn: 14 },
                    },
                  },
                ],
              },
              { level: 'warning', message: { text: 'not a finding' } },
            ],
          },
        ],
      }),
      FILE,
    );
    expect(summary.toolErrors).toBe(1);
    expect(findings).toEqual([
      {
        tool: 'T',
        ruleId: 'ESL0999',
        severity: 'high',
        message: 'Parsing error: Unexpected token =',
        location: { file: '/w/src/broken.js', line: 1, column: 14 },
      },
    ]);
    expect(summary.warnings.join('\n')).toMatch(/did not succeed/);
  });
});

describe('SARIF messages', () => {
  it('replaces placeholders and unescapes doubled braces', () => {
    expect(formatSarifMessage("'{0}' is {1} {{not {0}}}", ['x', 'unused'])).toBe("'x' is unused {not x}");
    expect(formatSarifMessage('missing {3}', ['a'])).toBe('missing {3}');
  });

  it('looks a message id up in the rule, then in globalMessageStrings', () => {
    const run = {
      tool: {
        driver: {
          name: 'T',
          rules: [{ id: 'r', messageStrings: { ruleText: { text: 'from rule {0}' } } }],
          globalMessageStrings: { shared: { text: 'from the component' } },
        },
      },
    };
    const { findings } = parseSarif(
      log(
        [
          { ruleId: 'r', message: { id: 'ruleText', arguments: ['A'] } },
          { ruleId: 'r', message: { id: 'shared' } },
          { ruleId: 'r', message: { markdown: '**only markdown**' } },
        ],
        run,
      ),
      FILE,
    );
    expect(findings.map((f) => f.message)).toEqual(['from rule A', 'from the component', '**only markdown**']);
  });
});

describe('SARIF locations', () => {
  const at = (artifactLocation: unknown, run: Record<string, unknown> = {}): string | undefined =>
    only(log([{ ruleId: 'r', message: { text: 'm' }, locations: [{ physicalLocation: { artifactLocation } }] }], run))
      .location?.file;

  it('resolves file URIs, Windows drives, UNC shares and percent-encoding', () => {
    expect(at({ uri: 'file:///home/u/my%20app/a.ts' })).toBe('/home/u/my app/a.ts');
    expect(at({ uri: 'file:///C:/src/a.cs' })).toBe('C:/src/a.cs');
    expect(at({ uri: 'file://build-host/share/a.c' })).toBe('//build-host/share/a.c');
    expect(at({ uri: 'src/%E2%9C%93.ts' })).toBe('src/✓.ts');
    expect(at({ uri: 'src/100%.ts' })).toBe('src/100%.ts');
    expect(at({ uri: './src/a.ts' })).toBe('src/a.ts');
  });

  it('resolves uriBaseId through chained originalUriBaseIds, and keeps an undefined base relative', () => {
    const run = {
      originalUriBaseIds: {
        SRCROOT: { uri: 'src/', uriBaseId: 'REPO' },
        REPO: { uri: 'file:///home/runner/work/r/r/' },
        LOOP: { uri: 'x/', uriBaseId: 'LOOP' },
      },
    };
    expect(at({ uri: 'a.ts', uriBaseId: 'SRCROOT' }, run)).toBe('/home/runner/work/r/r/src/a.ts');
    expect(at({ uri: 'a.ts', uriBaseId: '%SRCROOT%' }, run)).toBe('a.ts');
    expect(at({ uri: 'a.ts', uriBaseId: 'LOOP' }, run)).toMatch(/a\.ts$/);
  });

  it('makes the exclusive SARIF end column inclusive and drops impossible regions', () => {
    const region = (r: unknown): unknown =>
      only(
        log([
          {
            ruleId: 'r',
            message: { text: 'm' },
            locations: [{ physicalLocation: { artifactLocation: { uri: 'a' }, region: r } }],
          },
        ]),
      ).location;
    expect(region({ startLine: 5, startColumn: 3, endColumn: 8 })).toEqual({
      file: 'a',
      line: 5,
      column: 3,
      endLine: 5,
      endColumn: 7,
    });
    expect(region({ startLine: 5, startColumn: 3, endColumn: 3 })).toEqual({
      file: 'a',
      line: 5,
      column: 3,
      endLine: 5,
      endColumn: 3,
    });
    expect(region({ startLine: 5, endLine: 2 })).toEqual({ file: 'a', line: 5 });
    expect(region({ startLine: 0, startColumn: 1 })).toEqual({ file: 'a' });
    expect(region({ startLine: 1e308 })).toEqual({ file: 'a' });
    expect(region({ startLine: '7' })).toEqual({ file: 'a' });
    expect(region({ charOffset: 10 })).toEqual({ file: 'a' });
  });
});

describe('parseSarif on hostile input', () => {
  it.each([
    ['not an object', [1, 2]],
    ['SARIF 2.0', { version: '2.0.0', runs: [] }],
    ['no version', { runs: [] }],
    ['runs an object', { version: '2.1.0', runs: {} }],
    ['run a string', { version: '2.1.0', runs: ['x'] }],
    ['tool missing', { version: '2.1.0', runs: [{ results: [] }] }],
    ['driver an array', { version: '2.1.0', runs: [{ tool: { driver: [] }, results: [] }] }],
    ['results a number', { version: '2.1.0', runs: [{ tool: { driver: {} }, results: 3 }] }],
    ['result null', { version: '2.1.0', runs: [{ tool: { driver: {} }, results: [null] }] }],
  ])('%s -> UserError naming the file and the place', (_name, document) => {
    let error: unknown;
    try {
      parseSarif(document, FILE);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).where).toBe(FILE);
    expect((error as UserError).message).toMatch(/^results\/tool\.sarif: \//);
  });

  it('wrong types in optional fields are warnings with fallbacks; the finding is kept', () => {
    const { findings, summary } = parseSarif(
      {
        version: '2.1.0',
        runs: [
          {
            tool: { driver: { name: 42, rules: 'nope' }, extensions: 'x' },
            originalUriBaseIds: [],
            artifacts: {},
            results: [
              {
                ruleId: 5,
                ruleIndex: -1,
                rule: { toolComponent: { index: 99 } },
                level: 'catastrophic',
                kind: 7,
                message: 'plain string',
                locations: [null, { physicalLocation: { artifactLocation: { index: 9 } } }, { physicalLocation: 'x' }],
                partialFingerprints: { a: 1, b: null },
                suppressions: ['x'],
                baselineState: 'sideways',
                properties: { 'security-severity': {} },
              },
            ],
            invocations: 'x',
          },
        ],
      },
      FILE,
    );
    expect(findings).toEqual([
      { tool: 'unknown tool', ruleId: 'unknown-rule', severity: 'medium', message: '(no message)' },
    ]);
    expect(summary.warnings.length).toBeGreaterThanOrEqual(5);
    expect(summary.warnings.every((warning) => warning.startsWith(`${FILE}: `))).toBe(true);
  });

  it('a run without a results array is a warning (the tool did not finish), not zero findings silently', () => {
    const { summary } = parseSarif({ version: '2.1.0', runs: [{ tool: { driver: { name: 'T' } } }] }, FILE);
    expect(summary.warnings.join('\n')).toMatch(/no results array/);
  });

  it('caps warnings so a file with a million bad results cannot flood the log', () => {
    const results = Array.from({ length: 500 }, () => ({ message: { text: 'm' } }));
    const { findings, summary } = parseSarif(log(results), FILE);
    expect(findings).toHaveLength(500);
    expect(summary.warnings).toHaveLength(51);
    expect(summary.warnings.at(-1)).toMatch(/450 more warning/);
  });

  it('truncated, empty, binary and huge-number files', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'elder-sarif-hostile-'));
    const files: Record<string, string | Buffer> = {
      'cut.sarif': '{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x"}},"results":[{"rule',
      'empty.sarif': '',
      'binary.sarif': Buffer.from([0x7b, 0x00, 0xff, 0xfe, 0x01, 0x02, 0x03]),
      'numbers.sarif': JSON.stringify(log([{ ruleId: 'r', message: { text: 'm' } }])).replace(
        '"results"',
        '"big":1e99999,"results"',
      ),
      'bom.sarif': '\uFEFF' + JSON.stringify(log([{ ruleId: 'r', message: { text: 'm' } }])),
    };
    for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), content);
    await expect(parseSarifFile(join(dir, 'cut.sarif'))).rejects.toThrow(/cut\.sarif: the JSON ends too early/);
    await expect(parseSarifFile(join(dir, 'empty.sarif'))).rejects.toThrow(/empty\.sarif: the file is empty/);
    await expect(parseSarifFile(join(dir, 'binary.sarif'))).rejects.toThrow(/binary\.sarif: /);
    expect((await parseSarifFile(join(dir, 'numbers.sarif'))).findings).toHaveLength(1);
    expect((await parseSarifFile(join(dir, 'bom.sarif'))).findings).toHaveLength(1);
    await expect(parseSarifFile(join(dir, 'missing.sarif'))).rejects.toThrow(/missing\.sarif: cannot read the report/);
  });
});
