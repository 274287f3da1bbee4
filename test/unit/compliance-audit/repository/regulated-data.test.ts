import { describe, expect, it } from 'vitest';
import {
  findCardNumbers,
  maskPan,
} from '../../../../actions/compliance-audit/src/repository/regulated/card-numbers.js';
import { findHealthFields } from '../../../../actions/compliance-audit/src/repository/regulated/health-fields.js';
import { findIbans, ibanChecksumValid } from '../../../../actions/compliance-audit/src/repository/regulated/iban.js';
import { passesLuhn } from '../../../../actions/compliance-audit/src/repository/regulated/luhn.js';
import { findNationalIds } from '../../../../actions/compliance-audit/src/repository/regulated/national-ids.js';
import { scanRegulatedData } from '../../../../actions/compliance-audit/src/repository/regulated/scan-regulated.js';

// Numbers are built at run time so this repository's own audit does not find them in its tests.
function withLuhnDigit(body: string): string {
  for (let d = 0; d <= 9; d += 1) if (passesLuhn(body + String(d))) return body + String(d);
  throw new Error('unreachable');
}
function withIbanCheck(country: string, bban: string): string {
  for (let c = 2; c <= 98; c += 1) {
    const iban = `${country}${String(c).padStart(2, '0')}${bban}`;
    if (ibanChecksumValid(iban)) return iban;
  }
  throw new Error('unreachable');
}

describe('Luhn', () => {
  it('accepts valid and rejects altered numbers', () => {
    const pan = withLuhnDigit('453201511283036');
    expect(passesLuhn(pan)).toBe(true);
    const altered = pan.slice(0, -2) + String((Number(pan.at(-2)) + 1) % 10) + pan.slice(-1);
    expect(passesLuhn(altered)).toBe(false);
    expect(passesLuhn('')).toBe(false);
    expect(passesLuhn('12a4')).toBe(false);
  });
});

describe('card numbers', () => {
  const visa = withLuhnDigit('453201511283036');
  const amex = withLuhnDigit('37144963539843'.replace(/^37/, '34'));

  it('finds Luhn-valid numbers with a scheme prefix, plain or grouped, and masks them', () => {
    const grouped = `${visa.slice(0, 4)} ${visa.slice(4, 8)} ${visa.slice(8, 12)} ${visa.slice(12)}`;
    const line = `card: ${grouped} and "${amex}"`;
    const found = findCardNumbers(line);
    expect(found.map((f) => f.scheme)).toEqual(['Visa', 'American Express']);
    expect(found[0]?.column).toBe(7);
    expect(maskPan(visa)).toBe(`${visa.slice(0, 6)}******${visa.slice(-4)}`);
  });

  it('ignores published test PANs, Luhn failures, unknown prefixes and digits inside longer tokens', () => {
    const notLuhn = visa.slice(0, -1) + String((Number(visa.at(-1)) + 1) % 10);
    const noScheme = withLuhnDigit('999999999999999');
    const line = `4111111111111111 ${notLuhn} ${noScheme} id_${visa} ${visa}x 1111111111111111`;
    expect(findCardNumbers(line)).toEqual([]);
  });
});

describe('IBAN', () => {
  it('finds checksum-valid IBANs of the right national length, grouped or not', () => {
    const de = withIbanCheck('DE', '370400440532013000');
    const grouped = de.replace(/(.{4})/g, '$1 ').trim();
    expect(findIbans(`iban: ${de}`)).toEqual([{ column: 7, iban: de }]);
    expect(findIbans(`"${grouped}"`).map((f) => f.iban)).toEqual([de]);
  });

  it('rejects a wrong checksum or a wrong length for the country', () => {
    const de = withIbanCheck('DE', '370400440532013000');
    const badCheck = de.slice(0, 2) + String((Number(de.slice(2, 4)) % 97) + 1).padStart(2, '0') + de.slice(4);
    expect(findIbans(badCheck)).toEqual([]);
    expect(findIbans(withIbanCheck('DE', '3704004405320130001'))).toEqual([]);
  });
});

describe('national identification numbers', () => {
  it('finds issuable SSNs and NINOs, not the ranges reserved for synthetic data', () => {
    const ok = ['5', '3', '6'].join('') + '-21-' + '4387';
    expect(findNationalIds(`ssn: ${ok}`).map((f) => f.masked)).toEqual(['***-**-4387']);
    expect(findNationalIds('000-12-3456 666-12-3456 912-12-3456 536-00-3456 536-21-0000')).toEqual([]);
    const nino = ['A', 'B'].join('') + '123456C';
    expect(findNationalIds(`ni ${nino}`)[0]?.kind).toBe('UK national insurance number');
    expect(findNationalIds('QQ123456C GB123456A')).toEqual([]);
  });
});

describe('health-record fields', () => {
  it('flags filled-in fields in data files, not empty schemas', () => {
    const lines = ['{', '  "patientId": "p-1",', '  "diagnosis": "E11.9",', '  "notes": ""', '}'];
    expect(findHealthFields('fixtures/patients.json', lines).map((h) => h.field)).toEqual(['patientId', 'diagnosis']);
    expect(findHealthFields('schema.yaml', ['diagnosis:', 'mrn: null'])).toEqual([]);
  });

  it('reads CSV headers only when data rows follow', () => {
    expect(findHealthFields('a.csv', ['name,MRN,diagnosis', 'x,1,y']).map((h) => h.column)).toEqual([6, 10]);
    expect(findHealthFields('a.csv', ['name,MRN,diagnosis'])).toEqual([]);
  });

  it('only looks for health fields in data files', () => {
    expect(scanRegulatedData('src/model.ts', 'const diagnosis = "x";')).toEqual([]);
    const findings = scanRegulatedData('test/fixtures/records.yaml', 'patient_id: 7\ndiagnosis: J45\n');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: 'repo/regulated-data-health', location: { line: 1, column: 1 } });
  });
});
