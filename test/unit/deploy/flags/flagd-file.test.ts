import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CommandFlagProvider, FlagdFileProvider } from '../../../../actions/deploy/src/flags/flag-provider.js';
import {
  currentPercentage,
  parseFlagdFile,
  rolloutVariants,
  withRollout,
} from '../../../../actions/deploy/src/flags/flagd-file.js';
import { UserError } from '../../../../shared/runtime/errors.js';

const VALID = `{
  "$schema": "https://flagd.dev/schema/v0/flags.json",
  "flags": {
    "new-checkout": {
      "state": "ENABLED",
      "variants": { "on": true, "off": false },
      "defaultVariant": "off",
      "targeting": { "fractional": [{ "var": "email" }, ["on", 10], ["off", 90]] },
      "metadata": { "owner": "payments" }
    },
    "color": {
      "state": "ENABLED",
      "variants": { "red": "#f00", "blue": "#00f" },
      "defaultVariant": "red",
      "targeting": { "if": [{ "in": ["@acme.com", { "var": "email" }] }, "blue", { "fractional": [["blue", 50], ["red", 50]] }] }
    }
  }
}
`;

function errorOf(text: string): UserError {
  try {
    parseFlagdFile(text, 'flags.json');
  } catch (err) {
    expect(err).toBeInstanceOf(UserError);
    return err as UserError;
  }
  throw new Error('expected the flagd file to be rejected');
}

describe('flagd file', () => {
  it('parses a valid file, nested fractional rules included', () => {
    const doc = parseFlagdFile(VALID, 'flags.json');
    expect(Object.keys(doc.raw.flags)).toEqual(['new-checkout', 'color']);
    expect(rolloutVariants(doc, 'new-checkout')).toEqual({ on: 'on', off: 'off' });
    expect(rolloutVariants(doc, 'color')).toEqual({ on: 'blue', off: 'red' });
    expect(currentPercentage(doc, 'new-checkout')).toBe(10);
  });

  it('points JSON syntax errors at line and column', () => {
    const error = errorOf('{\n  "flags": {\n    "a": { "state": "ENABLED", }\n  }\n}\n');
    expect(error.where).toBe('flags.json:3:32');
    expect(error.message).toMatch(/^flags\.json:3:32: not valid JSON/);
  });

  it.each([
    [
      'a missing defaultVariant',
      VALID.replace('"defaultVariant": "off",', ''),
      'flags.json:4:21',
      /defaultVariant undefined is not one of its variants \(on, off\)/,
    ],
    [
      'an unknown defaultVariant',
      VALID.replace('"defaultVariant": "off"', '"defaultVariant": "maybe"'),
      'flags.json:7:25',
      /"maybe" is not one of its variants/,
    ],
    [
      'a bad state',
      VALID.replace('"state": "ENABLED",\n      "variants": { "on"', '"state": "ON",\n      "variants": { "on"'),
      'flags.json:5:16',
      /state must be ENABLED or DISABLED, got "ON"/,
    ],
    [
      'fractional weights not adding up',
      VALID.replace('["off", 90]', '["off", 80]'),
      'flags.json:8:36',
      /fractional weights must add up to 100, got 90/,
    ],
    [
      'a fractional bucket naming an unknown variant',
      VALID.replace('["blue", 50]', '["green", 50]'),
      'flags.json:15:',
      /fractional names unknown variant 'green'/,
    ],
    ['no flags object', '{ "flag": {} }', 'flags.json:1:1', /needs a 'flags' object/],
    [
      'empty variants',
      VALID.replace('"variants": { "on": true, "off": false }', '"variants": {}'),
      'flags.json:6:19',
      /variants must be a non-empty object/,
    ],
  ])('rejects %s with its position', (_name, text, where, message) => {
    const error = errorOf(text);
    expect(error.where?.startsWith(where)).toBe(true);
    expect(error.message).toMatch(message);
  });

  it('rewrites one flag to a rollout percentage and keeps everything else', () => {
    const doc = parseFlagdFile(VALID, 'flags.json');
    const next = withRollout(doc, 'new-checkout', 25);
    expect(next.flags['new-checkout']).toMatchObject({
      state: 'ENABLED',
      defaultVariant: 'off',
      targeting: {
        fractional: [
          ['on', 25],
          ['off', 75],
        ],
      },
      metadata: { owner: 'payments' },
    });
    expect(next.flags['color']).toEqual(doc.raw.flags['color']);
    expect(next['$schema']).toBe('https://flagd.dev/schema/v0/flags.json');
    const full = withRollout(doc, 'new-checkout', 100);
    expect(full.flags['new-checkout']?.defaultVariant).toBe('on');
  });

  it('the kill switch disables the flag and serves the off variant', () => {
    const killed = withRollout(parseFlagdFile(VALID, 'flags.json'), 'new-checkout', 0);
    expect(killed.flags['new-checkout']).toMatchObject({ state: 'DISABLED', defaultVariant: 'off' });
    const reparsed = parseFlagdFile(JSON.stringify(killed), 'flags.json');
    expect(currentPercentage(reparsed, 'new-checkout')).toBe(0);
  });

  it('names the known flags when asked for an unknown one', () => {
    expect(() => rolloutVariants(parseFlagdFile(VALID, 'flags.json'), 'nope')).toThrow(
      /flag 'nope' is not in the file \(flags: new-checkout, color\)/,
    );
  });
});

describe('flag providers', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'elder-flags-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('the file provider rewrites the flagd file atomically, leaving no temp file', async () => {
    const path = join(dir, 'flags.json');
    writeFileSync(path, VALID);
    const provider = new FlagdFileProvider(path);
    await provider.setRollout('new-checkout', 50);
    const doc = parseFlagdFile(readFileSync(path, 'utf8'), path);
    expect(currentPercentage(doc, 'new-checkout')).toBe(50);
    expect(readdirSync(dir)).toEqual(['flags.json']);
  });

  it('the file provider leaves an invalid file untouched and names its position', async () => {
    const path = join(dir, 'flags.json');
    const broken = VALID.replace('["off", 90]', '["off", 9]');
    writeFileSync(path, broken);
    await expect(new FlagdFileProvider(path).setRollout('new-checkout', 50)).rejects.toThrow(
      new RegExp(`${path}:8:36: flag 'new-checkout': fractional weights`),
    );
    expect(readFileSync(path, 'utf8')).toBe(broken);
  });

  it('the command provider runs argv with placeholders and no shell', async () => {
    const out = join(dir, 'calls.txt');
    const script = join(dir, 'flagctl.mjs');
    writeFileSync(
      script,
      `import { appendFileSync } from 'node:fs';\nappendFileSync(${JSON.stringify(out)}, process.argv.slice(2).join(' ') + '\\n');\n`,
    );
    const provider = new CommandFlagProvider([
      process.execPath,
      script,
      'set',
      '{flag}',
      '--percent={percentage}',
      '{state}',
      '$(touch pwned)',
    ]);
    await provider.setRollout('new-checkout', 10);
    await provider.setRollout('new-checkout', 0);
    expect(readFileSync(out, 'utf8')).toBe(
      'set new-checkout --percent=10 ENABLED $(touch pwned)\nset new-checkout --percent=0 DISABLED $(touch pwned)\n',
    );
    expect(readdirSync(dir)).not.toContain('pwned');
  });

  it('the command provider reports a failing command with its stderr', async () => {
    const script = join(dir, 'fail.sh');
    writeFileSync(script, '#!/bin/sh\necho "flag service says no" >&2\nexit 3\n');
    chmodSync(script, 0o755);
    await expect(new CommandFlagProvider([script]).setRollout('x', 5)).rejects.toThrow(
      /exited 3: flag service says no/,
    );
  });
});
