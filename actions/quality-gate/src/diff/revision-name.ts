/**
 * Which base and head revisions we pass to git. They come from the event payload, inputs and
 * branch names, which the pull request's author chooses, so they are checked before git sees
 * them: a full commit id, or a name that obeys git's own ref-name rules (`git check-ref-format`)
 * and cannot be read as an option. Revision syntax (`main~1`, `@{upstream}`, `a..b`) is refused
 * along the way, because every character it needs is one the rules forbid.
 */
import { UserError } from '../../../../shared/runtime/errors.js';

/** SHA-1 (40) or SHA-256 (64) object names. */
const FULL_OBJECT_ID = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/i;

/** Far beyond any real branch name; keeps a hostile input from being expensive to report. */
const MAX_REF_NAME_LENGTH = 1024;

export function isFullObjectId(value: string): boolean {
  return FULL_OBJECT_ID.test(value);
}

/** Why `name` is not an acceptable ref name, or undefined when it is. */
export function refNameProblem(name: string): string | undefined {
  if (name === '') return 'it is empty';
  if (name.length > MAX_REF_NAME_LENGTH) return `it is longer than ${MAX_REF_NAME_LENGTH} characters`;
  if (name.startsWith('-')) return 'it starts with -, so git would read it as an option';
  if (name === '@') return "it is '@', which git reads as HEAD";
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (/[\u0000-\u001f\u007f ~^:?*[\\]/.test(name)) {
    return 'it contains a space, a control character or one of ~ ^ : ? * [ \\';
  }
  if (name.includes('..')) return 'it contains ..';
  if (name.includes('@{')) return 'it contains @{';
  if (name.startsWith('/') || name.endsWith('/') || name.includes('//')) {
    return 'it starts or ends with / or contains //';
  }
  if (name.endsWith('.')) return 'it ends with .';
  for (const component of name.split('/')) {
    if (component.startsWith('.')) return `its component '${component}' starts with .`;
    if (component.endsWith('.lock')) return `its component '${component}' ends with .lock`;
  }
  return undefined;
}

/** Throws a UserError naming `label` unless `value` is a full commit id or a valid ref name. */
export function assertRevision(value: string, label: string): void {
  if (isFullObjectId(value)) return;
  const problem = refNameProblem(value);
  if (problem !== undefined) {
    throw new UserError(
      `${label} ${JSON.stringify(value.slice(0, 200))} is not a commit id or a valid ref name: ${problem}`,
    );
  }
}
