import { UserError } from '../../../../../shared/runtime/errors.js';

/** The hooks a user can configure, one argv array each. */
export const HOOK_NAMES = ['start', 'scale', 'set-weight', 'promote', 'rollback', 'status', 'stop'] as const;
export type HookName = (typeof HOOK_NAMES)[number];

export const PLACEHOLDERS = ['role', 'version', 'weight', 'instances'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];
export type PlaceholderValues = Partial<Record<Placeholder, string>>;

/** Which placeholders mean something for each hook; any other in that hook is a config error. */
const ALLOWED: Record<HookName, readonly Placeholder[]> = {
  start: ['role', 'version', 'instances'],
  scale: ['role', 'version', 'instances'],
  'set-weight': ['role', 'version', 'weight'],
  promote: ['role', 'version'],
  rollback: ['role', 'version'],
  status: [],
  stop: ['role', 'version'],
};

const TOKEN = /\{([A-Za-z_][A-Za-z0-9_-]*)\}/g;

/**
 * Checks a configured hook once, up front: a non-empty argv of strings whose `{name}` tokens are
 * all placeholders this hook can fill. A typo such as `{weigth}` fails here, not mid-rollout.
 */
export function validateHookArgv(hook: HookName, argv: unknown, where: string): string[] {
  if (!Array.isArray(argv) || argv.length === 0 || !argv.every((a): a is string => typeof a === 'string')) {
    throw new UserError(`hook '${hook}' must be a non-empty array of strings (argv, no shell)`, where);
  }
  if (argv[0] === '') throw new UserError(`hook '${hook}': the program (argv[0]) is empty`, where);
  for (const [index, arg] of argv.entries()) {
    for (const match of arg.matchAll(TOKEN)) {
      const name = match[1] as Placeholder;
      if (!ALLOWED[hook].includes(name)) {
        const allowed = ALLOWED[hook].map((p) => `{${p}}`).join(', ') || 'none';
        throw new UserError(
          `hook '${hook}' argv[${index}] uses {${match[1]}}, which this hook cannot fill (allowed: ${allowed})`,
          where,
        );
      }
    }
  }
  return [...argv];
}

/**
 * Replaces placeholders in each argv element in one pass, so a substituted value that itself
 * contains `{role}` stays literal. The result goes to execFileSafe as an argv array: no shell
 * ever sees it, so `; rm -rf /` in a version is just an odd version string.
 */
export function substituteArgv(argv: readonly string[], values: PlaceholderValues): string[] {
  return argv.map((arg) =>
    arg.replace(TOKEN, (whole, name: string) => {
      const value = values[name as Placeholder];
      return value === undefined ? whole : value;
    }),
  );
}
