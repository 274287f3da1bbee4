import { describe, expect, it } from 'vitest';
import {
  assertRevision,
  isFullObjectId,
  refNameProblem,
} from '../../../../actions/quality-gate/src/diff/revision-name.js';
import { UserError } from '../../../../shared/runtime/errors.js';

describe('revision names', () => {
  it('accepts branch names and full commit ids', () => {
    for (const name of ['main', 'origin/main', 'refs/heads/feature/x-1', 'release/v1.2', 'HEAD', 'héllo', 'a@b']) {
      expect(refNameProblem(name), name).toBeUndefined();
    }
    expect(isFullObjectId('0123456789abcdef0123456789abcdef01234567')).toBe(true);
    expect(isFullObjectId('a'.repeat(64))).toBe(true);
    expect(isFullObjectId('abc123')).toBe(false);
    expect(() => assertRevision('0123456789ABCDEF0123456789abcdef01234567', 'base')).not.toThrow();
  });

  it('refuses what git check-ref-format refuses, and anything git would read as an option', () => {
    const refused: [string, RegExp][] = [
      ['', /empty/],
      ['-x', /option/],
      ['--upload-pack=evil', /option/],
      ['@', /HEAD/],
      ['a..b', /\.\./],
      ['main~1', /~/],
      ['main^', /\^/],
      ['a:b', /:/],
      ['a?b', /\?/],
      ['a*', /\*/],
      ['a[b', /\[/],
      ['a\\b', /\\/],
      ['a b', /space/],
      ['a\tb', /control/],
      ['a\u007fb', /control/],
      ['HEAD@{1}', /@\{/],
      ['/main', /starts or ends with \//],
      ['main/', /starts or ends with \//],
      ['a//b', /\/\//],
      ['main.', /ends with \./],
      ['.hidden', /starts with \./],
      ['a/.b', /starts with \./],
      ['x.lock', /\.lock/],
      ['a/b.lock/c', /\.lock/],
      ['x'.repeat(2000), /longer than/],
    ];
    for (const [name, reason] of refused) expect(refNameProblem(name), JSON.stringify(name)).toMatch(reason);
    expect(() => assertRevision('--output=x', 'head')).toThrow(UserError);
    expect(() => assertRevision('--output=x', 'head')).toThrow(
      /^head "--output=x" is not a commit id or a valid ref name/,
    );
  });
});
