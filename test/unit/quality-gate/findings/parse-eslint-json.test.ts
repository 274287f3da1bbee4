import { describe, expect, it } from 'vitest';
import { UserError } from '../../../../shared/runtime/errors.js';
import {
  ESLINT_FATAL_RULE_ID,
  ESLINT_NO_RULE_ID,
  parseEslintJson,
} from '../../../../actions/quality-gate/src/findings/parse-eslint-json.js';

const FILE = 'eslint.json';

describe('parseEslintJson', () => {
  it('maps fatal -> high, error -> high, warning -> medium (as its SARIF output reads), with inclusive end columns', () => {
    const { findings, summary } = parseEslintJson(
      [
        {
          filePath: '/w/src/a.js',
          messages: [
            { ruleId: 'eqeqeq', severity: 2, message: 'Expected ===', line: 4, column: 9, endLine: 4, endColumn: 11 },
            { ruleId: 'no-var', severity: 1, message: 'Unexpected var', line: 1, column: 1, endLine: 1, endColumn: 15 },
          ],
          suppressedMessages: [
            { ruleId: 'no-debugger', severity: 2, message: 'x', suppressions: [{ kind: 'directive' }] },
          ],
          errorCount: 1,
          warningCount: 1,
          fatalErrorCount: 0,
        },
        {
          filePath: '/w/src/broken.js',
          messages: [
            {
              ruleId: null,
              fatal: true,
              severity: 2,
              message: 'Parsing error: Unexpected token =',
              line: 1,
              column: 14,
            },
          ],
          suppressedMessages: [],
          errorCount: 1,
          warningCount: 0,
          fatalErrorCount: 1,
        },
        {
          filePath: '/w/dist/x.js',
          messages: [{ ruleId: null, severity: 1, message: 'File ignored because of a matching ignore pattern.' }],
          errorCount: 0,
          warningCount: 1,
        },
      ],
      FILE,
    );
    expect(findings).toEqual([
      {
        tool: 'ESLint',
        ruleId: 'eqeqeq',
        severity: 'high',
        message: 'Expected ===',
        location: { file: '/w/src/a.js', line: 4, column: 9, endLine: 4, endColumn: 10 },
      },
      {
        tool: 'ESLint',
        ruleId: 'no-var',
        severity: 'medium',
        message: 'Unexpected var',
        location: { file: '/w/src/a.js', line: 1, column: 1, endLine: 1, endColumn: 14 },
      },
      {
        tool: 'ESLint',
        ruleId: ESLINT_FATAL_RULE_ID,
        severity: 'high',
        message: 'Parsing error: Unexpected token =',
        location: { file: '/w/src/broken.js', line: 1, column: 14 },
      },
      {
        tool: 'ESLint',
        ruleId: ESLINT_NO_RULE_ID,
        severity: 'medium',
        message: 'File ignored because of a matching ignore pattern.',
        location: { file: '/w/dist/x.js' },
      },
    ]);
    expect(summary).toMatchObject({
      results: 4,
      findings: 4,
      suppressed: 1,
      producerTotals: { errors: 2, warnings: 2, fatal: 1 },
    });
    expect(summary.warnings).toEqual([]);
  });

  it('an empty array (nothing linted) has no findings', () => {
    expect(parseEslintJson([], FILE).findings).toEqual([]);
  });

  it('warns when ESLint totals disagree with the messages', () => {
    const { summary } = parseEslintJson([{ filePath: 'a.js', messages: [], errorCount: 3, warningCount: 0 }], FILE);
    expect(summary.warnings).toEqual([
      `${FILE}: ESLint counted 3 error(s) and 0 warning(s), the messages hold 0 and 0`,
    ]);
  });

  it('an unknown severity is treated as an error with a warning (fail-safe)', () => {
    const { findings, summary } = parseEslintJson(
      [{ filePath: 'a.js', messages: [{ ruleId: 'r', severity: 7, message: 'm' }] }],
      FILE,
    );
    expect(findings[0]?.severity).toBe('high');
    expect(summary.warnings.join('\n')).toMatch(/severity 7 is not 1 or 2/);
  });

  describe('hostile input', () => {
    it.each([
      ['an object', { filePath: 'a', messages: [] }],
      ['an entry that is a string', ['a.js']],
      ['no filePath', [{ messages: [] }]],
      ['filePath a number', [{ filePath: 1, messages: [] }]],
      ['messages missing', [{ filePath: 'a.js' }]],
      ['message null', [{ filePath: 'a.js', messages: [null] }]],
    ])('%s -> UserError naming the file', (_name, document) => {
      let error: unknown;
      try {
        parseEslintJson(document, FILE);
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(UserError);
      expect((error as UserError).where).toBe(FILE);
    });

    it('wrong types in message fields fall back, with warnings', () => {
      const { findings, summary } = parseEslintJson(
        [
          {
            filePath: 'a.js',
            messages: [
              {
                ruleId: 3,
                severity: '2',
                message: null,
                line: -4,
                column: 'x',
                endColumn: JSON.parse('1e400') as number,
              },
            ],
          },
        ],
        FILE,
      );
      expect(findings).toEqual([
        {
          tool: 'ESLint',
          ruleId: ESLINT_NO_RULE_ID,
          severity: 'high',
          message: '(no message)',
          location: { file: 'a.js' },
        },
      ]);
      expect(summary.warnings.length).toBeGreaterThanOrEqual(2);
    });
  });
});
