// A minimal metrics registry that renders the Prometheus text exposition format 0.0.4.
// Written by hand so the example service has no dependencies: the suite's own Prometheus
// client and parser are tested against this output, so it must follow the format exactly.

/** Content-Type Prometheus expects for text format 0.0.4. */
export const EXPOSITION_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** The Prometheus client libraries' default buckets (seconds): 5 ms up to 10 s. */
export const DEFAULT_DURATION_BUCKETS = Object.freeze([0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]);

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Values are floats in the format; infinities and NaN have fixed spellings. */
export function formatValue(value) {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

/** Label values may hold anything; backslash, double quote and newline must be escaped. */
export function escapeLabelValue(value) {
  return String(value).replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** HELP text escapes only backslash and newline. */
function escapeHelp(text) {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

function formatLabels(names, values) {
  if (names.length === 0) return '';
  const pairs = names.map((name, i) => `${name}="${escapeLabelValue(values[i])}"`);
  return `{${pairs.join(',')}}`;
}

function checkNames(name, labelNames) {
  if (!METRIC_NAME.test(name)) throw new Error(`invalid metric name ${JSON.stringify(name)}`);
  for (const label of labelNames) {
    if (!LABEL_NAME.test(label) || label.startsWith('__')) {
      throw new Error(`invalid label name ${JSON.stringify(label)} for ${name}`);
    }
  }
}

/** Label values in declaration order; a missing or extra label is a programming error. */
function labelValues(metric, labels) {
  const given = Object.keys(labels);
  if (given.length !== metric.labelNames.length || !metric.labelNames.every((n) => n in labels)) {
    throw new Error(`${metric.name} expects labels [${metric.labelNames.join(', ')}], got [${given.join(', ')}]`);
  }
  return metric.labelNames.map((n) => String(labels[n]));
}

class Metric {
  constructor(type, { name, help, labelNames = [] }) {
    checkNames(name, labelNames);
    this.type = type;
    this.name = name;
    this.help = help;
    this.labelNames = [...labelNames];
    // Keyed by the joined label values so each label set is one series.
    this.series = new Map();
  }

  seriesFor(labels) {
    const values = labelValues(this, labels);
    const key = JSON.stringify(values);
    let entry = this.series.get(key);
    if (!entry) {
      entry = { values, state: this.initialState() };
      this.series.set(key, entry);
    }
    return entry.state;
  }

  header() {
    return `# HELP ${this.name} ${escapeHelp(this.help)}\n# TYPE ${this.name} ${this.type}\n`;
  }
}

export class Counter extends Metric {
  constructor(options) {
    super('counter', options);
  }
  initialState() {
    return { value: 0 };
  }
  inc(labels = {}, amount = 1) {
    if (!(amount >= 0)) throw new Error(`${this.name}: a counter only goes up (got ${amount})`);
    this.seriesFor(labels).value += amount;
  }
  get(labels = {}) {
    return this.seriesFor(labels).value;
  }
  render() {
    let out = this.header();
    for (const { values, state } of this.series.values()) {
      out += `${this.name}${formatLabels(this.labelNames, values)} ${formatValue(state.value)}\n`;
    }
    return out;
  }
}

export class Gauge extends Metric {
  /** `collect`, when given, is called at render time so the value is read fresh (e.g. RSS). */
  constructor(options) {
    super('gauge', options);
    this.collect = options.collect;
  }
  initialState() {
    return { value: 0 };
  }
  set(labels, value) {
    this.seriesFor(labels).value = value;
  }
  inc(labels = {}, amount = 1) {
    this.seriesFor(labels).value += amount;
  }
  dec(labels = {}, amount = 1) {
    this.seriesFor(labels).value -= amount;
  }
  get(labels = {}) {
    return this.seriesFor(labels).value;
  }
  render() {
    if (this.collect) this.collect(this);
    let out = this.header();
    for (const { values, state } of this.series.values()) {
      out += `${this.name}${formatLabels(this.labelNames, values)} ${formatValue(state.value)}\n`;
    }
    return out;
  }
}

export class Histogram extends Metric {
  constructor(options) {
    const labelNames = options.labelNames ?? [];
    if (labelNames.includes('le')) throw new Error(`${options.name}: "le" is reserved for histogram buckets`);
    super('histogram', options);
    const buckets = [...(options.buckets ?? DEFAULT_DURATION_BUCKETS)];
    if (buckets.length === 0 || buckets.some((b, i) => !Number.isFinite(b) || (i > 0 && b <= buckets[i - 1]))) {
      throw new Error(`${this.name}: buckets must be finite and strictly increasing`);
    }
    this.buckets = buckets;
  }
  initialState() {
    // Per-bucket (not cumulative) counts; cumulated when rendered.
    return { counts: new Array(this.buckets.length).fill(0), sum: 0, count: 0 };
  }
  observe(labels, value) {
    const state = this.seriesFor(labels);
    const index = this.buckets.findIndex((upper) => value <= upper);
    if (index >= 0) state.counts[index] += 1;
    state.sum += value;
    state.count += 1;
  }
  render() {
    let out = this.header();
    const bucketLabelNames = [...this.labelNames, 'le'];
    for (const { values, state } of this.series.values()) {
      let cumulative = 0;
      this.buckets.forEach((upper, i) => {
        cumulative += state.counts[i];
        out += `${this.name}_bucket${formatLabels(bucketLabelNames, [...values, formatValue(upper)])} ${cumulative}\n`;
      });
      out += `${this.name}_bucket${formatLabels(bucketLabelNames, [...values, '+Inf'])} ${state.count}\n`;
      const labels = formatLabels(this.labelNames, values);
      out += `${this.name}_sum${labels} ${formatValue(state.sum)}\n`;
      out += `${this.name}_count${labels} ${state.count}\n`;
    }
    return out;
  }
}

/** Holds metrics in registration order and renders them as one exposition. */
export class Registry {
  constructor() {
    this.metrics = new Map();
  }
  register(metric) {
    if (this.metrics.has(metric.name)) throw new Error(`metric ${metric.name} is already registered`);
    this.metrics.set(metric.name, metric);
    return metric;
  }
  counter(options) {
    return this.register(new Counter(options));
  }
  gauge(options) {
    return this.register(new Gauge(options));
  }
  histogram(options) {
    return this.register(new Histogram(options));
  }
  render() {
    return [...this.metrics.values()].map((m) => m.render()).join('');
  }
}
