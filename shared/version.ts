import pkg from '../package.json' with { type: 'json' };

/** The release, stamped into every PhaseResult's `tool` so a result says what produced it. */
export const TOOL = { name: 'ancient-elder', version: pkg.version } as const;
