import { describe, expect, it } from 'vitest';
import { UserErrors } from '../../../../shared/runtime/errors.js';
import {
  attestedControls,
  parseAttestations,
  validAttestations,
} from '../../../../actions/compliance-audit/src/attestations/attestation.js';

const NOW = new Date('2026-06-15T12:00:00Z');
const FILE = '.github/elder-attestations.yml';

function errorsOf(text: string): string[] {
  try {
    parseAttestations(text, FILE, NOW);
  } catch (err) {
    expect(err).toBeInstanceOf(UserErrors);
    return (err as UserErrors).problems.map((p) => p.message);
  }
  throw new Error('expected the attestations to be rejected');
}

describe('attestations file', () => {
  it('parses valid attestations with their position', () => {
    const text = [
      'attestations:',
      '  - framework: iso_27001',
      '    control: A.5.24',
      '    owner: security-team',
      '    date: 2026-01-15',
      '    evidence: https://wiki.example.com/ir-plan',
      '    expires: 2027-01-15',
      '  - { framework: gdpr, control: Art. 30, owner: dpo, date: 2025-01-01, evidence: "https://x.example/ropa", expires: 2026-06-14 }',
    ].join('\n');
    const list = parseAttestations(text, FILE, NOW);
    expect(list).toHaveLength(2);
    expect(list[0]).toMatchObject({
      framework: 'iso_27001',
      control: 'A.5.24',
      owner: 'security-team',
      where: `${FILE}:2:5`,
    });
    // The second expired yesterday: kept in the list, not attested.
    expect(validAttestations(list, NOW).map((a) => a.control)).toEqual(['A.5.24']);
    expect([...attestedControls(list, 'iso_27001', NOW)]).toEqual(['A.5.24']);
    expect([...attestedControls(list, 'gdpr', NOW)]).toEqual([]);
    expect([...attestedControls(list, 'gdpr', new Date('2026-06-14T23:59:59Z'))]).toEqual(['Art. 30']);
  });

  it('reports every problem with file:line:column', () => {
    const text = [
      'attestations:',
      '  - framework: iso_27001',
      '    control: A.9.99',
      '    owner: me',
      '    date: 2026-13-01',
      '    evidence: http://insecure.example',
      '    expires: 2027-01-01',
      '  - framework: sox',
      '    control: X',
      '    owner: me',
      '    date: 2026-01-01',
      '    evidence: https://x.example',
      '    expires: 2025-01-01',
      '    signed: yes',
      '  - framework: soc_2',
      '    control: CC6.2',
    ].join('\n');
    const errors = errorsOf(text);
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          new RegExp(`^${FILE.replace(/\./g, '\\.')}:3:14: 'A\\.9\\.99' is not a control of iso_27001`),
        ),
        expect.stringMatching(/:5:11: '2026-13-01' is not a date/),
        expect.stringMatching(/:6:15: evidence must be an https:\/\/ link/),
        expect.stringMatching(/:8:16: unknown framework 'sox'/),
        expect.stringMatching(/:13:14: expires 2025-01-01 is before the date 2026-01-01/),
        expect.stringMatching(/:14:5: unknown key 'signed'/),
        expect.stringMatching(/:15:5: missing or empty 'owner'/),
      ]),
    );
    // 3 + 3 + 4 (the last entry lacks owner, date, evidence and expires).
    expect(errors).toHaveLength(10);
  });

  it('refuses a date in the future and a document that is not a list', () => {
    expect(
      errorsOf(
        '- { framework: soc_2, control: CC6.2, owner: a, date: 2026-07-01, evidence: "https://x.example", expires: 2027-01-01 }',
      )[0],
    ).toMatch(/:1:\d+: the date 2026-07-01 is in the future/);
    expect(errorsOf('attestations: yes')[0]).toMatch(/expected a list of attestations/);
  });

  it('treats an empty file as no attestations', () => {
    expect(parseAttestations('# nothing yet\n', FILE, NOW)).toEqual([]);
  });
});
