import { describe, expect, it } from 'vitest';

import { PromqlTemplate, escapeRegex } from '../../../../actions/deploy/src/metrics/promql-template.js';
import { UserError } from '../../../../shared/runtime/errors.js';

const values = { version: 'v2', role: 'candidate', window: 60, range: 300 };

describe('PromqlTemplate', () => {
  it('fills label values and durations', () => {
    const t = PromqlTemplate.parse(
      'sum(rate(x{version="{{version}}", role=\'{{ role }}\'}[{{window}}])) [{{range}}]',
      'q',
    );
    expect(t.render(values)).toBe('sum(rate(x{version="v2", role=\'candidate\'}[60s])) [300s]');
  });

  it('escapes a value so it cannot leave its string literal', () => {
    const t = PromqlTemplate.parse('x{version="{{version}}"} + y{role=\'{{role}}\'}', 'q');
    const rendered = t.render({ ...values, version: 'v1"} or vector(1) #\\', role: "a' or b" });
    expect(rendered).toBe('x{version="v1\\"} or vector(1) #\\\\"} + y{role=\'a\\\' or b\'}');
    expect(t.render({ ...values, version: 'a\nb\u0001' })).toBe('x{version="a\\nb\\x01"} + y{role=\'candidate\'}');
  });

  it('escapes regex metacharacters after =~ and !~', () => {
    const t = PromqlTemplate.parse('x{version=~"{{version}}", role!~ "{{role}}", code=~"5.."}', 'q');
    expect(t.render({ ...values, version: 'v1.2+a|b' })).toBe(
      'x{version=~"v1\\\\.2\\\\+a\\\\|b", role!~ "candidate", code=~"5.."}',
    );
    expect(escapeRegex('(a)[b]{c}^$*?')).toBe('\\(a\\)\\[b\\]\\{c\\}\\^\\$\\*\\?');
  });

  it('refuses label variables outside quotes, in backtick strings, and unknown variables', () => {
    expect(() => PromqlTemplate.parse('x{version={{version}}}', 'deploy.q')).toThrow(UserError);
    expect(() => PromqlTemplate.parse('x{version={{version}}}', 'deploy.q')).toThrow(
      /deploy\.q: .*inside a quoted label value/,
    );
    expect(() => PromqlTemplate.parse('x{version=`{{version}}`}', 'q')).toThrow(/backtick/);
    expect(() => PromqlTemplate.parse('x{version="{{versoin}}"}', 'q')).toThrow(/unknown variable \{\{versoin\}\}/);
    expect(() => PromqlTemplate.parse('x{version="{{version}}}', 'q')).toThrow(/unterminated/);
  });

  it('keeps escaped quotes in the template itself and ignores comments', () => {
    const t = PromqlTemplate.parse('x{a="q\\"{{version}}"} # it\'s "a comment"\n+ y', 'q');
    expect(t.render(values)).toBe('x{a="q\\"v2"} # it\'s "a comment"\n+ y');
  });
});
