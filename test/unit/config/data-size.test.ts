import { describe, expect, it } from 'vitest';
import { parseDataSize } from '../../../shared/config/data-size.js';

describe('parseDataSize', () => {
  it.each([
    ['500GB', 500e9],
    ['1.5TB', 1.5e12],
    ['200GiB', 200 * 2 ** 30],
    ['64 MiB', 64 * 2 ** 20],
    ['10kB', 10_000],
    ['512B', 512],
  ])('reads %s as %d bytes', (text, bytes) => {
    expect(parseDataSize(text)).toBe(bytes);
  });

  it.each(['500', '500 gigabytes', 'GB', '1,5TB', '5gb'])('rejects %j', (text) => {
    expect(() => parseDataSize(text)).toThrow(`expected a data size like 500GB, 1.5TB or 200GiB; got '${text}'`);
  });
});
