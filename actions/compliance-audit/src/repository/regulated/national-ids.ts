/**
 * National identification numbers with a recognisable, checkable shape:
 * - US Social Security numbers written as AAA-GG-SSSS, excluding numbers the SSA never issues
 *   (area 000, 666 and 900-999, group 00, serial 0000), which is what synthetic data should use;
 * - UK National Insurance numbers (two letters, six digits, a suffix A-D) without the prefixes
 *   HMRC never allocates (D, F, I, Q, U, V first; O second; BG, GB, NK, KN, TN, NT, ZZ).
 * Unformatted nine-digit runs are not matched: too many of them are ids of other kinds.
 */
const SSN = /(?<![0-9A-Za-z-])(\d{3})-(\d{2})-(\d{4})(?![0-9A-Za-z-])/g;
const NINO = /(?<![A-Za-z0-9])([A-Z]{2}) ?(\d{2}) ?(\d{2}) ?(\d{2}) ?([A-D])(?![A-Za-z0-9])/g;
const NINO_BAD_PREFIXES = new Set(['BG', 'GB', 'NK', 'KN', 'TN', 'NT', 'ZZ']);

export interface NationalIdMatch {
  column: number;
  kind: 'US social security number' | 'UK national insurance number';
  masked: string;
}

export function findNationalIds(line: string): NationalIdMatch[] {
  const found: NationalIdMatch[] = [];
  for (const match of line.matchAll(SSN)) {
    const area = Number(match[1]);
    if (area === 0 || area === 666 || area >= 900 || match[2] === '00' || match[3] === '0000') continue;
    found.push({ column: (match.index ?? 0) + 1, kind: 'US social security number', masked: `***-**-${match[3]}` });
  }
  for (const match of line.matchAll(NINO)) {
    const prefix = match[1] ?? '';
    if (/[DFIQUV]/.test(prefix[0] ?? '') || /[DFIQUVO]/.test(prefix[1] ?? '') || NINO_BAD_PREFIXES.has(prefix))
      continue;
    found.push({
      column: (match.index ?? 0) + 1,
      kind: 'UK national insurance number',
      masked: `${prefix}******${match[5]}`,
    });
  }
  return found;
}
