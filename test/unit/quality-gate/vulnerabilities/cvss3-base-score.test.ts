import { Cvss3P0, Cvss3P1 } from 'ae-cvss-calculator';
import { describe, expect, it } from 'vitest';
import {
  cvss3BaseScoreOfVector,
  parseCvss3Vector,
  roundUpV30,
  roundUpV31,
} from '../../../../actions/quality-gate/src/vulnerabilities/cvss3-base-score.js';
import { parseCvssScore, severityFromScore } from '../../../../actions/quality-gate/src/vulnerabilities/cvss-rating.js';

/** Every combination of the eight base metrics: 4*2*3*2*2*3*3*3 = 2592 vectors. */
function allBaseVectors(): string[] {
  const vectors: string[] = [];
  for (const av of 'NALP')
    for (const ac of 'LH')
      for (const pr of 'NLH')
        for (const ui of 'NR')
          for (const s of 'UC')
            for (const c of 'HLN')
              for (const i of 'HLN')
                for (const a of 'HLN') vectors.push(`AV:${av}/AC:${ac}/PR:${pr}/UI:${ui}/S:${s}/C:${c}/I:${i}/A:${a}`);
  return vectors;
}

describe('CVSS v3 base score', () => {
  it.each([
    // Examples published with the CVSS v3.1 specification (first.org "examples" document).
    ['CVE-2013-1937 phpMyAdmin XSS', 'AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N', 6.1],
    ['CVE-2013-0375 MySQL', 'AV:N/AC:L/PR:L/UI:N/S:C/C:L/I:L/A:N', 6.4],
    ['CVE-2014-3566 POODLE', 'AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N', 3.1],
    ['CVE-2012-1516 VMware', 'AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H', 9.9],
    ['CVE-2009-0783 Tomcat', 'AV:L/AC:L/PR:H/UI:N/S:U/C:L/I:L/A:L', 4.2],
    ['CVE-2014-0160 Heartbleed', 'AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N', 7.5],
    ['CVE-2014-6271 Shellshock', 'AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 9.8],
    ['CVE-2008-1447 DNS', 'AV:N/AC:H/PR:N/UI:N/S:C/C:N/I:H/A:N', 6.8],
    ['CVE-2014-2005 Sophos', 'AV:P/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 6.8],
    ['CVE-2013-6014 Juniper', 'AV:A/AC:L/PR:N/UI:N/S:C/C:H/I:N/A:H', 9.3],
    ['no impact', 'AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N', 0],
  ])('%s: %s = %s', (_name, vector, score) => {
    expect(cvss3BaseScoreOfVector(`CVSS:3.1/${vector}`)).toBe(score);
    expect(cvss3BaseScoreOfVector(`CVSS:3.0/${vector}`)).toBe(score);
  });

  it('equals an independent implementation (ae-cvss-calculator) on all 2592 base vectors, v3.0 and v3.1', () => {
    const mismatches: string[] = [];
    for (const vector of allBaseVectors()) {
      const v31 = new Cvss3P1(`CVSS:3.1/${vector}`).calculateScores().base;
      const v30 = new Cvss3P0(`CVSS:3.0/${vector}`).calculateScores().base;
      if (cvss3BaseScoreOfVector(`CVSS:3.1/${vector}`) !== v31) mismatches.push(`3.1 ${vector}`);
      if (cvss3BaseScoreOfVector(`CVSS:3.0/${vector}`) !== v30) mismatches.push(`3.0 ${vector}`);
    }
    expect(mismatches).toEqual([]);
  });

  it('rounds up as each version specifies', () => {
    expect(roundUpV31(4.02)).toBe(4.1);
    expect(roundUpV31(4.0)).toBe(4.0);
    // The floating-point artefact v3.1's Roundup exists to absorb; v3.0's ceil does not.
    expect(roundUpV31(4.000000000000001)).toBe(4.0);
    expect(roundUpV30(4.000000000000001)).toBe(4.1);
  });

  it('ignores temporal and environmental metrics for the base score', () => {
    expect(cvss3BaseScoreOfVector('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:U/RL:O/RC:R/CR:H/MAV:L')).toBe(9.8);
  });

  it.each([
    ['v2 vector', 'AV:N/AC:L/Au:N/C:P/I:P/A:P'],
    ['v4 vector', 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N'],
    ['missing metric', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H'],
    ['repeated metric', 'CVSS:3.1/AV:N/AV:L/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'],
    ['unknown value', 'CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'],
    ['unknown metric', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/ZZ:1'],
    ['empty', ''],
    ['garbage', 'CVSS:3.1/AV:N:N/AC'],
  ])('rejects an invalid vector (%s)', (_name, vector) => {
    expect(parseCvss3Vector(vector)).toBeUndefined();
    expect(cvss3BaseScoreOfVector(vector)).toBeUndefined();
  });
});

describe('CVSS qualitative rating', () => {
  it.each([
    [10, 'critical'],
    [9.0, 'critical'],
    [8.9, 'high'],
    [7.0, 'high'],
    [6.9, 'medium'],
    [4.0, 'medium'],
    [3.9, 'low'],
    [0.1, 'low'],
    [0, 'info'],
  ] as const)('%s -> %s', (score, severity) => {
    expect(severityFromScore(score)).toBe(severity);
  });

  it('parses scores as producers write them and refuses the rest', () => {
    expect(parseCvssScore('9.8')).toBe(9.8);
    expect(parseCvssScore(7)).toBe(7);
    expect(parseCvssScore(' 5.0 ')).toBe(5);
    for (const bad of ['', 'high', '10.1', '-1', '1e3', 'NaN', null, undefined, {}, 1e308]) {
      expect(parseCvssScore(bad)).toBeUndefined();
    }
  });
});
