/**
 * A condition's `path`, as a test on repository paths: a package name from quality_gate.paths,
 * or a path prefix (`services/api`, matched by whole segments so it never matches
 * `services/apiary`), or a glob (`packages/*`), which matches a file or any directory above it,
 * so that naming a package directory by glob covers everything in it.
 */
import { globToRegExp } from '../../../../shared/runtime/glob.js';

export interface PathScope {
  /** As written in the condition. */
  written: string;
  /** The prefix or glob it stands for. */
  pattern: string;
  matches(file: string): boolean;
}

export function pathScope(written: string, packages: Readonly<Record<string, string>>): PathScope {
  const pattern = Object.prototype.hasOwnProperty.call(packages, written) ? (packages[written] as string) : written;
  return { written, pattern, matches: pathMatcher(pattern) };
}

export function pathMatcher(pattern: string): (file: string) => boolean {
  const normalised = pattern.replace(/^\.\//, '').replace(/\/+$/, '');
  if (normalised === '' || normalised === '.' || normalised === '**') return () => true;
  if (!/[*?]/.test(normalised)) {
    return (file) => file === normalised || file.startsWith(`${normalised}/`);
  }
  const glob = globToRegExp(normalised);
  return (file) => {
    if (glob(file)) return true;
    for (let slash = file.indexOf('/'); slash !== -1; slash = file.indexOf('/', slash + 1)) {
      if (glob(file.slice(0, slash))) return true;
    }
    return false;
  };
}
