import * as core from '@actions/core';

/**
 * main/post state. The runner keeps values saved by `main` (GITHUB_STATE) and hands them to the
 * `post` step as STATE_<name>, which is how a post step finds work to clean up or roll back even
 * after the job was cancelled.
 */
export interface StateStore {
  save(name: string, value: unknown): void;
  load<T>(name: string): T | undefined;
}

export const actionsState: StateStore = {
  save(name, value) {
    core.saveState(name, JSON.stringify(value));
  },
  load<T>(name: string): T | undefined {
    const raw = core.getState(name);
    if (raw === '') return undefined;
    try {
      return JSON.parse(raw) as T;
    } catch {
      return undefined;
    }
  },
};

/** Masks a secret in all later log output; empty strings are ignored (masking '' hides nothing). */
export function maskSecret(value: string | undefined): void {
  if (value) core.setSecret(value);
}
