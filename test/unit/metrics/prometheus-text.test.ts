import { describe, expect, it } from 'vitest';

import { UserError } from '../../../shared/runtime/errors.js';
import { selectSamples, sumSamples } from '../../../shared/metrics/exposition-samples.js';
import { PrometheusTextError, parsePrometheusText, parseSampleValue } from '../../../shared/metrics/prometheus-text.js';

// Shaped like client_golang's output: HELP/TYPE, labels, a histogram, a summary, timestamps.
const EXPOSITION = `# HELP http_requests_total The total number of HTTP requests.
# TYPE http_requests_total counter
http_requests_total{method="post",code="200"} 1027 1395066363000
http_requests_total{method="post",code="400"}    3 1395066363000

# Escaping in label values:
msdos_file_access_time_seconds{path="C:\\\\DIR\\\\FILE.TXT",error="Cannot find file:\\n\\"FILE.TXT\\""} 1.458255915e9

# Minimalistic line:
metric_without_timestamp_and_labels 12.47

# A weird metric from before the epoch:
something_weird{problem="division by zero"} +Inf -3982045

# HELP http_request_duration_seconds A histogram of the request duration.
# TYPE http_request_duration_seconds histogram
http_request_duration_seconds_bucket{le="0.05"} 24054
http_request_duration_seconds_bucket{le="0.1"} 33444
http_request_duration_seconds_bucket{le="+Inf"} 144320
http_request_duration_seconds_sum 53423
http_request_duration_seconds_count 144320

# HELP rpc_duration_seconds A summary of the RPC duration in seconds.
# TYPE rpc_duration_seconds summary
rpc_duration_seconds{quantile="0.5"} 4773
rpc_duration_seconds{quantile="0.99"} NaN
rpc_duration_seconds_sum 1.7560473e+07
rpc_duration_seconds_count 2693
`;

function errorOf(text: string, options = {}): PrometheusTextError {
  try {
    parsePrometheusText(text, options);
  } catch (err) {
    if (err instanceof PrometheusTextError) return err;
    throw err;
  }
  throw new Error('expected the parser to reject the input');
}

describe('parsePrometheusText', () => {
  const parsed = parsePrometheusText(EXPOSITION);

  it('reads families with their HELP and TYPE in order of appearance', () => {
    expect([...parsed.families.keys()]).toEqual([
      'http_requests_total',
      'msdos_file_access_time_seconds',
      'metric_without_timestamp_and_labels',
      'something_weird',
      'http_request_duration_seconds',
      'rpc_duration_seconds',
    ]);
    const requests = parsed.families.get('http_requests_total');
    expect(requests?.type).toBe('counter');
    expect(requests?.help).toBe('The total number of HTTP requests.');
    expect(parsed.families.get('metric_without_timestamp_and_labels')?.type).toBe('untyped');
  });

  it('reads labels, values and timestamps', () => {
    expect(parsed.samples[0]).toEqual({
      name: 'http_requests_total',
      family: 'http_requests_total',
      labels: { method: 'post', code: '200' },
      value: 1027,
      timestampMs: 1395066363000,
      line: 3,
    });
    expect(parsed.samples[1]?.value).toBe(3);
    const weird = selectSamples(parsed, 'something_weird')[0];
    expect(weird?.value).toBe(Infinity);
    expect(weird?.timestampMs).toBe(-3982045);
    expect(selectSamples(parsed, 'metric_without_timestamp_and_labels')[0]?.timestampMs).toBeUndefined();
  });

  it('unescapes backslashes, quotes and newlines in label values', () => {
    const [sample] = selectSamples(parsed, 'msdos_file_access_time_seconds');
    expect(sample?.labels['path']).toBe('C:\\DIR\\FILE.TXT');
    expect(sample?.labels['error']).toBe('Cannot find file:\n"FILE.TXT"');
    expect(sample?.value).toBe(1458255915);
  });

  it('groups histogram and summary series under their family', () => {
    const histogram = parsed.families.get('http_request_duration_seconds');
    expect(histogram?.samples.map((s) => s.name)).toEqual([
      'http_request_duration_seconds_bucket',
      'http_request_duration_seconds_bucket',
      'http_request_duration_seconds_bucket',
      'http_request_duration_seconds_sum',
      'http_request_duration_seconds_count',
    ]);
    expect(histogram?.samples[2]?.labels['le']).toBe('+Inf');
    const summary = parsed.families.get('rpc_duration_seconds');
    expect(summary?.samples).toHaveLength(4);
    expect(Number.isNaN(summary?.samples[1]?.value)).toBe(true);
    expect(parsed.families.has('rpc_duration_seconds_count')).toBe(false);
  });

  it('sums and selects by label subsets', () => {
    expect(sumSamples(parsed, 'http_requests_total')).toBe(1030);
    expect(sumSamples(parsed, 'http_requests_total', { code: '400' })).toBe(3);
    expect(sumSamples(parsed, 'http_requests_total', { code: '500' })).toBe(0);
    expect(selectSamples(parsed, 'http_requests_total', { method: 'post' })).toHaveLength(2);
  });

  it('accepts CRLF, tabs, trailing commas, empty label sets, no final newline and other comments', () => {
    const text = '# just a comment\r\n\tup{job="a",} 1\r\nempty{} 2\r\n# TYPE x gauge\r\nx\t-0.5e-3';
    const result = parsePrometheusText(text);
    expect(result.samples.map((s) => [s.name, s.value])).toEqual([
      ['up', 1],
      ['empty', 2],
      ['x', -0.0005],
    ]);
    expect(result.samples[0]?.labels).toEqual({ job: 'a' });
    expect(parsePrometheusText('').samples).toEqual([]);
  });

  it('parses Inf and NaN spellings as Prometheus does', () => {
    expect(parseSampleValue('+Inf')).toBe(Infinity);
    expect(parseSampleValue('-inf')).toBe(-Infinity);
    expect(parseSampleValue('Infinity')).toBe(Infinity);
    expect(parseSampleValue('NaN')).toBeNaN();
    expect(parseSampleValue('1e3')).toBe(1000);
    expect(parseSampleValue('.5')).toBe(0.5);
    for (const bad of ['', '0x10', '1_000', 'one', '1.2.3', ' 1']) expect(parseSampleValue(bad)).toBeUndefined();
  });

  it('keeps a label named __proto__ as a plain label', () => {
    const [sample] = parsePrometheusText('m{__proto__="x",constructor="y"} 1\n').samples;
    expect(sample?.labels['__proto__']).toBe('x');
    expect(Object.keys(sample?.labels ?? {})).toEqual(['__proto__', 'constructor']);
    expect(({} as Record<string, unknown>)['x']).toBeUndefined();
  });
});

describe('parsePrometheusText on bad or hostile input', () => {
  it.each([
    ['a metric name that starts with a digit', 'ok 1\n9lives 1\n', 2, /expected a metric name/],
    ['a missing value', 'up\n', 1, /up has no value/],
    ['a value that is not a number', 'up one\n', 1, /invalid value "one"/],
    ['an unterminated label value', 'up{job="a} 1\n', 1, /missing its closing quote/],
    ['an unknown escape', 'up{job="a\\tb"} 1\n', 1, /invalid escape "\\\\t"/],
    ['a duplicate label', 'up{a="1",a="2"} 1\n', 1, /label a appears twice/],
    ['a label without a quote', 'up{a=1} 1\n', 1, /expected a quoted label value/],
    ['a bad label name', 'up{1a="x"} 1\n', 1, /expected a label name/],
    ['garbage after the labels', 'up{a="1" b="2"} 1\n', 1, /expected "," or "}"/],
    ['a fractional timestamp', 'up 1 1.5\n', 1, /invalid timestamp "1.5"/],
    ['an out-of-range timestamp', 'up 1 99999999999999999999\n', 1, /out of range/],
    ['text after the timestamp', 'up 1 2 3\n', 1, /unexpected text after the timestamp/],
    ['an unknown TYPE', '# TYPE up speedometer\n', 1, /must be one of counter/],
    ['a TYPE without a type', '# TYPE up\n', 1, /got "\(nothing\)"/],
    ['text after the type', '# TYPE up gauge extra\n', 1, /unexpected text after TYPE up gauge: "extra"/],
    ['a second TYPE', '# TYPE up gauge\n# TYPE up counter\n', 2, /second TYPE line for up/],
    ['a second HELP', '# HELP up a\n# HELP up b\n', 2, /second HELP line for up/],
    ['TYPE after samples', 'up 1\n# TYPE up gauge\n', 2, /comes after its samples/],
    ['an invalid name in HELP', '# HELP 1up text\n', 1, /invalid metric name "1up"/],
    ['a bucket without le', '# TYPE h histogram\nh_bucket{x="1"} 1\n', 2, /needs a numeric "le"/],
    ['a bucket with a bad le', '# TYPE h histogram\nh_bucket{le="high"} 1\n', 2, /needs a numeric "le"/],
    ['a summary without quantile', '# TYPE s summary\ns 1\n', 2, /needs a numeric "quantile"/],
    ['a NUL byte in a name', 'up\u0000x 1\n', 1, /up has an invalid value/],
  ])('rejects %s and names the line', (_what, text, line, message) => {
    const err = errorOf(text);
    expect(err.line).toBe(line);
    expect(err.message).toMatch(new RegExp(`^line ${line}: `));
    expect(err.message).toMatch(message);
    expect(err).toBeInstanceOf(UserError);
  });

  it('names the source in errors when given one', () => {
    const err = errorOf('up 1\nup two\n', { source: 'http://127.0.0.1:9/metrics' });
    expect(err.message).toMatch(/^http:\/\/127\.0\.0\.1:9\/metrics:2: up has an invalid value "two"/);
  });

  it('shortens a hostile line in the message', () => {
    const err = errorOf(`up ${'9'.repeat(500)}x\n`);
    expect(err.message.length).toBeLessThan(200);
  });

  it('refuses input over the size cap before parsing', () => {
    expect(errorOf('up 1\n'.repeat(100), { maxBytes: 100 }).message).toMatch(/larger than 100 bytes/);
    // Multi-byte characters count as bytes, not as UTF-16 units.
    expect(errorOf(`m{a="${'é'.repeat(60)}"} 1`, { maxBytes: 100 }).line).toBe(0);
  });

  it('stops at the line cap and the line-length cap', () => {
    const lines = errorOf('up 1\n'.repeat(11), { maxLines: 10 });
    expect(lines.line).toBe(11);
    expect(lines.message).toMatch(/more than 10 lines/);
    const long = errorOf(`up 1\nup{a="${'x'.repeat(200)}"} 1\n`, { maxLineLength: 100 });
    expect(long.line).toBe(2);
    expect(long.message).toMatch(/longer than 100 characters/);
  });

  it('limits labels per sample', () => {
    const labels = Array.from({ length: 5 }, (_, i) => `l${i}="v"`).join(',');
    expect(errorOf(`m{${labels}} 1`, { maxLabelsPerSample: 4 }).message).toMatch(/more than 4 labels/);
  });

  it('handles a large valid exposition in linear time', () => {
    const text = Array.from({ length: 20_000 }, (_, i) => `m{i="${i}",path="/a\\"b"} ${i}`).join('\n');
    const started = performance.now();
    const parsed = parsePrometheusText(text);
    expect(parsed.samples).toHaveLength(20_000);
    expect(sumSamples(parsed, 'm')).toBe((19_999 * 20_000) / 2);
    // Generous for a loaded CI machine; a quadratic parser would take minutes.
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('gets through a pathological line without backtracking', () => {
    const line = `m{a="${'\\\\'.repeat(20_000)}${'x'.repeat(20_000)}} 1`;
    const started = performance.now();
    expect(errorOf(line).message).toMatch(/missing its closing quote/);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
