/** Shared by the config tests: run a parse and list its problems as `where message`. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { ConfigError } from '../../../shared/config/config-error.js';
import { parseConfig } from '../../../shared/config/load-config.js';
import { UserErrors } from '../../../shared/runtime/errors.js';

export const FIXTURES = fileURLToPath(new URL('../../fixtures/config/', import.meta.url));
export const EXAMPLE = fileURLToPath(new URL('../../../examples/.github/elder.yml', import.meta.url));

export function fixture(name: string): string {
  return readFileSync(`${FIXTURES}${name}`, 'utf8');
}

/** The UserErrors a parse throws; fails the test when it does not throw one. */
export function parseErrors(text: string, file = 'elder.yml'): UserErrors {
  try {
    parseConfig(text, file);
  } catch (err) {
    expect(err).toBeInstanceOf(UserErrors);
    return err as UserErrors;
  }
  throw new Error('expected the configuration to be rejected, but it loaded');
}

/** Each problem as [where, message without the where prefix]. */
export function problemsOf(text: string, file = 'elder.yml'): [string, string][] {
  return parseErrors(text, file).problems.map((problem) => {
    expect(problem).toBeInstanceOf(ConfigError);
    const error = problem as ConfigError;
    return [error.where ?? '', error.detail];
  });
}
