/**
 * Data volumes such as `500GB` or `2TiB` (expected_load.data_volume). Both decimal (KB = 1000 B)
 * and binary (KiB = 1024 B) units are accepted because both appear in capacity plans; the unit
 * the user wrote decides which.
 */
import { UserError } from '../runtime/errors.js';

/** Also the `dataSize` definition's `pattern` in elder.schema.json (a test checks). */
export const DATA_SIZE_PATTERN = '^[0-9]+(?:\\.[0-9]+)? ?(?:B|[KMGTP]i?B|kB)$';

export const DATA_SIZE_EXPECTATION = 'a data size like 500GB, 1.5TB or 200GiB';

const BYTES_PER_UNIT: Record<string, number> = {
  B: 1,
  kB: 1e3,
  KB: 1e3,
  MB: 1e6,
  GB: 1e9,
  TB: 1e12,
  PB: 1e15,
  KiB: 2 ** 10,
  MiB: 2 ** 20,
  GiB: 2 ** 30,
  TiB: 2 ** 40,
  PiB: 2 ** 50,
};

const DATA_SIZE_RE = new RegExp(DATA_SIZE_PATTERN);

/** Parses `500GB` into bytes. */
export function parseDataSize(text: string): number {
  if (typeof text !== 'string' || !DATA_SIZE_RE.test(text)) {
    throw new UserError(
      `expected ${DATA_SIZE_EXPECTATION}; got ${typeof text === 'string' ? `'${text}'` : String(text)}`,
    );
  }
  const match = /^([0-9.]+) ?([A-Za-z]+)$/.exec(text);
  const amount = Number(match?.[1]);
  const perUnit = BYTES_PER_UNIT[match?.[2] ?? ''] ?? Number.NaN;
  return Math.round(amount * perUnit);
}
