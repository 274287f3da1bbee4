/**
 * OpenFeature flagd flag files (https://flagd.dev/reference/flag-definitions/): parse, validate
 * with file:line:column positions, and compute the rewrite that sets one flag's rollout
 * percentage through a `fractional` targeting rule. Unknown keys are kept as they are, so the
 * file stays the user's.
 */
import { LineCounter, parseDocument } from 'yaml';
import { UserError } from '../../../../shared/runtime/errors.js';

export const FLAG_STATES = ['ENABLED', 'DISABLED'] as const;

export interface FlagdFlag {
  state: (typeof FLAG_STATES)[number];
  variants: Record<string, unknown>;
  defaultVariant: string;
  targeting?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface FlagdDocument {
  file: string;
  /** The whole file as parsed, with every key the user wrote. */
  raw: Record<string, unknown> & { flags: Record<string, FlagdFlag> };
}

/** Which variants mean "feature on" and "feature off" for a rollout. */
export interface RolloutVariants {
  on: string;
  off: string;
}

export function parseFlagdFile(text: string, file: string): FlagdDocument {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    const message = (err as Error).message;
    const offset = /position (\d+)/.exec(message)?.[1];
    const where = offset === undefined ? file : `${file}:${lineColumn(text, Number(offset))}`;
    throw new UserError(`not valid JSON: ${message.replace(/ in JSON at position \d+.*$/, '')}`, where);
  }
  const at = positions(text, file);
  if (!isObject(raw)) throw new UserError('a flagd file must be a JSON object', at([]));
  const flags = raw['flags'];
  if (!isObject(flags))
    throw new UserError("a flagd file needs a 'flags' object", at(raw['flags'] === undefined ? [] : ['flags']));
  for (const [key, flag] of Object.entries(flags)) validateFlag(key, flag, at);
  return { file, raw: raw as FlagdDocument['raw'] };
}

function validateFlag(key: string, flag: unknown, at: (path: (string | number)[]) => string): void {
  const path = ['flags', key];
  if (!isObject(flag)) throw new UserError(`flag '${key}' must be an object`, at(path));
  const state = flag['state'];
  if (!(FLAG_STATES as readonly unknown[]).includes(state)) {
    throw new UserError(
      `flag '${key}': state must be ENABLED or DISABLED, got ${JSON.stringify(state)}`,
      at(state === undefined ? path : [...path, 'state']),
    );
  }
  const variants = flag['variants'];
  if (!isObject(variants) || Object.keys(variants).length === 0) {
    throw new UserError(
      `flag '${key}': variants must be a non-empty object`,
      at(variants === undefined ? path : [...path, 'variants']),
    );
  }
  const defaultVariant = flag['defaultVariant'];
  if (typeof defaultVariant !== 'string' || !(defaultVariant in variants)) {
    throw new UserError(
      `flag '${key}': defaultVariant ${JSON.stringify(defaultVariant)} is not one of its variants (${Object.keys(variants).join(', ')})`,
      at(defaultVariant === undefined ? path : [...path, 'defaultVariant']),
    );
  }
  const targeting = flag['targeting'];
  if (targeting === undefined) return;
  if (!isObject(targeting))
    throw new UserError(`flag '${key}': targeting must be an object`, at([...path, 'targeting']));
  for (const [fractionalPath, buckets] of findFractional(targeting, [...path, 'targeting'])) {
    validateFractional(key, buckets, variants, fractionalPath, at);
  }
}

function validateFractional(
  key: string,
  buckets: unknown,
  variants: Record<string, unknown>,
  path: (string | number)[],
  at: (path: (string | number)[]) => string,
): void {
  if (!Array.isArray(buckets))
    throw new UserError(`flag '${key}': fractional must be a list of [variant, weight]`, at(path));
  let total = 0;
  buckets.forEach((bucket, i) => {
    // The first element may be the bucketing expression, e.g. {"var": "email"}.
    if (i === 0 && isObject(bucket)) return;
    const [variant, weight] = Array.isArray(bucket) ? bucket : [];
    if (!Array.isArray(bucket) || typeof variant !== 'string' || typeof weight !== 'number' || weight < 0) {
      throw new UserError(`flag '${key}': each fractional bucket must be [variant, weight >= 0]`, at([...path, i]));
    }
    if (!(variant in variants))
      throw new UserError(`flag '${key}': fractional names unknown variant '${variant}'`, at([...path, i, 0]));
    total += weight;
  });
  if (total !== 100)
    throw new UserError(`flag '${key}': fractional weights must add up to 100, got ${total}`, at(path));
}

function* findFractional(node: unknown, path: (string | number)[]): Generator<[(string | number)[], unknown]> {
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) yield* findFractional(node[i], [...path, i]);
  } else if (isObject(node)) {
    for (const [k, v] of Object.entries(node)) {
      if (k === 'fractional') yield [[...path, k], v];
      else yield* findFractional(v, [...path, k]);
    }
  }
}

/** On/off variants: booleans true/false when the flag has them, else the first non-default and the default. */
export function rolloutVariants(document: FlagdDocument, key: string): RolloutVariants {
  const flag = document.raw.flags[key];
  if (!flag) {
    const known = Object.keys(document.raw.flags).join(', ') || 'none';
    throw new UserError(`flag '${key}' is not in the file (flags: ${known})`, document.file);
  }
  const entries = Object.entries(flag.variants);
  const on = entries.find(([, v]) => v === true)?.[0];
  const off = entries.find(([, v]) => v === false)?.[0];
  if (on !== undefined && off !== undefined) return { on, off };
  const other = entries.find(([name]) => name !== flag.defaultVariant)?.[0];
  if (other === undefined) throw new UserError(`flag '${key}' needs two variants to roll out`, document.file);
  return { on: other, off: flag.defaultVariant };
}

/**
 * The file with `key` serving `on` to `percentage` % of targeting keys. 0 is the kill switch:
 * state DISABLED (evaluations fall back to the code's default) and the default variant off.
 */
export function withRollout(document: FlagdDocument, key: string, percentage: number): FlagdDocument['raw'] {
  const { on, off } = rolloutVariants(document, key);
  const flag = document.raw.flags[key] as FlagdFlag;
  const next: FlagdFlag = { ...flag };
  if (percentage <= 0) {
    next.state = 'DISABLED';
    next.defaultVariant = off;
    next.targeting = {
      fractional: [
        [on, 0],
        [off, 100],
      ],
    };
  } else {
    next.state = 'ENABLED';
    next.defaultVariant = percentage >= 100 ? on : off;
    next.targeting = {
      fractional: [
        [on, percentage],
        [off, 100 - percentage],
      ],
    };
  }
  return { ...document.raw, flags: { ...document.raw.flags, [key]: next } };
}

/** The rollout percentage the file gives `key` now (0 when disabled or without fractional). */
export function currentPercentage(document: FlagdDocument, key: string): number {
  const flag = document.raw.flags[key];
  if (!flag || flag.state === 'DISABLED') return 0;
  const { on } = rolloutVariants(document, key);
  const buckets = flag.targeting?.['fractional'];
  if (!Array.isArray(buckets)) return flag.defaultVariant === on ? 100 : 0;
  const bucket = buckets.find((b): b is [string, number] => Array.isArray(b) && b[0] === on);
  return bucket ? bucket[1] : 0;
}

function positions(text: string, file: string): (path: (string | number)[]) => string {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  return (path) => {
    const node = path.length === 0 ? doc.contents : doc.getIn(path, true);
    const range = (node as { range?: [number, number, number] } | undefined)?.range;
    if (!range) return file;
    const pos = lineCounter.linePos(range[0]);
    return `${file}:${pos.line}:${pos.col}`;
  };
}

function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return `${line}:${column}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
