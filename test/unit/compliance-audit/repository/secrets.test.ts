import { describe, expect, it } from 'vitest';
import { shannonEntropy } from '../../../../actions/compliance-audit/src/repository/secrets/entropy.js';
import { scanSecrets } from '../../../../actions/compliance-audit/src/repository/secrets/scan-secrets.js';

// Built at run time so this repository's own audit and push protection do not see literals.
const RANDOM = 'q8Zr2LmX0vB7nT4kW9yH3cJ6pD1sF5gA';
const ghToken = ['ghp', '_', RANDOM, 'x1Y2'].join('');
const awsKey = ['AKIA', 'Q2W7ZP4KD9M3XN6B'].join('');

describe('secret scanning', () => {
  it('finds known token formats at the exact column and never echoes the value', () => {
    const text = `line one\nexport GH=${ghToken}\nkey = "${awsKey}"\n`;
    const findings = scanSecrets('deploy/env.sh', text);
    expect(findings.map((f) => [f.location?.line, f.location?.column])).toEqual([
      [2, 11],
      [3, 8],
    ]);
    for (const f of findings) {
      expect(f.ruleId).toBe('repo/secret');
      expect(f.severity).toBe('critical');
      expect(f.evidence).not.toContain(RANDOM);
      expect(JSON.stringify(f)).not.toContain(ghToken);
    }
  });

  it('finds private key blocks', () => {
    const header = ['-----BEGIN', 'OPENSSH PRIVATE KEY-----'].join(' ');
    expect(scanSecrets('id_ed25519', `${header}\nb3Blbn...\n`)).toHaveLength(1);
  });

  it('finds high-entropy generic assignments, not placeholders or low-entropy values', () => {
    const hits = scanSecrets('config.yml', `db_password: "${RANDOM}"\n`);
    expect(hits).toHaveLength(1);
    expect(hits[0]?.message).toContain("'db_password'");
    const quiet = [
      'password: "postgres-password-for-tests"',
      'api_key: "${{ secrets.API_KEY }}"',
      'token: "<your-token-here-please>"',
      'secret = "xxxxxxxxxxxxxxxxxxxxxxxx"',
      `aws = "${['AKIA', 'XXXXXXXXXXXXXXXX'].join('')}"`,
      'client_secret: "changeme-changeme-changeme"',
    ].join('\n');
    expect(scanSecrets('config.yml', quiet)).toEqual([]);
  });

  it('keeps the fingerprint when the secret moves to another line', () => {
    const a = scanSecrets('a.env', `X=${ghToken}\n`)[0]?.fingerprint;
    const b = scanSecrets('a.env', `\n\nX=${ghToken}\n`)[0]?.fingerprint;
    expect(a).toBeDefined();
    expect(a).toBe(b);
  });

  it('scans a hostile 1 MB line in linear time', () => {
    const line = 'password='.repeat(120_000);
    const started = performance.now();
    scanSecrets('big.txt', line);
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('measures entropy', () => {
    expect(shannonEntropy('aaaa')).toBe(0);
    expect(shannonEntropy('abcd')).toBe(2);
  });
});
