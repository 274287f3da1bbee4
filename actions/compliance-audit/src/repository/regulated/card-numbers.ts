import { passesLuhn } from './luhn.js';

/**
 * Payment card numbers (PANs): 13-19 digits, optionally grouped by single spaces or dashes,
 * that pass Luhn AND start with an issuer prefix of a real scheme. The prefix check removes most
 * Luhn-valid accidents (one random digit string in ten passes Luhn).
 */
const CANDIDATE = /(?<![0-9A-Za-z_-])(\d(?:[ -]?\d){12,18})(?![0-9A-Za-z_-])/g;

/** Scheme prefixes (issuer identification number ranges) and the lengths each issues. */
function scheme(digits: string): string | undefined {
  const n2 = Number(digits.slice(0, 2));
  const n4 = Number(digits.slice(0, 4));
  const n6 = Number(digits.slice(0, 6));
  const len = digits.length;
  if (digits.startsWith('4') && (len === 13 || len === 16 || len === 19)) return 'Visa';
  if (((n2 >= 51 && n2 <= 55) || (n4 >= 2221 && n4 <= 2720)) && len === 16) return 'Mastercard';
  if ((n2 === 34 || n2 === 37) && len === 15) return 'American Express';
  if ((digits.startsWith('6011') || digits.startsWith('65') || (n6 >= 622126 && n6 <= 622925)) && len >= 16)
    return 'Discover';
  if (n4 >= 3528 && n4 <= 3589 && len >= 16) return 'JCB';
  if ((n2 === 36 || n2 === 38 || (n4 >= 3000 && n4 <= 3059)) && len === 14) return 'Diners Club';
  return undefined;
}

/**
 * Test PANs the card schemes and processors publish for sandboxes. They are not cardholder data,
 * and flagging them would train users to ignore the rule.
 */
const PUBLISHED_TEST_PANS = new Set([
  '4111111111111111',
  '4242424242424242',
  '4012888888881881',
  '4000056655665556',
  '5555555555554444',
  '5105105105105100',
  '2223003122003222',
  '378282246310005',
  '371449635398431',
  '6011111111111117',
  '6011000990139424',
  '3530111333300000',
  '30569309025904',
  '38520000023237',
  '4000000000000002',
  '4000000000009995',
  '5200828282828210',
]);

export interface CardMatch {
  column: number;
  digits: string;
  scheme: string;
}

export function findCardNumbers(line: string): CardMatch[] {
  const found: CardMatch[] = [];
  for (const match of line.matchAll(CANDIDATE)) {
    const raw = match[1] ?? '';
    // Mixed separators ("4111-1111 1111") are not how cards are written; skip such sequences.
    if (raw.includes(' ') && raw.includes('-')) continue;
    const digits = raw.replace(/[ -]/g, '');
    if (/^(\d)\1+$/.test(digits) || PUBLISHED_TEST_PANS.has(digits)) continue;
    const name = scheme(digits);
    if (!name || !passesLuhn(digits)) continue;
    found.push({ column: (match.index ?? 0) + 1, digits, scheme: name });
  }
  return found;
}

/** PCI DSS 3.4.1 allows showing at most the first six and last four digits. */
export function maskPan(digits: string): string {
  return `${digits.slice(0, 6)}${'*'.repeat(Math.max(0, digits.length - 10))}${digits.slice(-4)}`;
}
