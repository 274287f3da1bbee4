/**
 * A place in the configuration, as the list of keys and indexes leading to it. Problems carry
 * such a path; the YAML source turns it into file:line:column, and formatPath into the dotted
 * form users read in messages (`environments.production.phases.deploy.steps[2]`).
 */
export type PathSegment = string | number;
export type ConfigPath = readonly PathSegment[];

const PLAIN_KEY = /^[A-Za-z0-9_-]+$/;

export function formatPath(path: ConfigPath): string {
  if (path.length === 0) return 'the top level';
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (PLAIN_KEY.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/**
 * Turns an Ajv instancePath (a JSON Pointer such as `/environments/prod/regions/0`) into a path,
 * using the data to tell array indexes from keys that happen to be digits.
 */
export function pathFromPointer(pointer: string, data: unknown): PathSegment[] {
  if (pointer === '') return [];
  const path: PathSegment[] = [];
  let node: unknown = data;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node) && /^[0-9]+$/.test(key)) {
      const index = Number(key);
      path.push(index);
      node = node[index];
    } else {
      path.push(key);
      node = isRecord(node) ? node[key] : undefined;
    }
  }
  return path;
}

/** Reads the value at a path in plain data, or undefined when any step is missing. */
export function valueAt(data: unknown, path: ConfigPath): unknown {
  let node = data;
  for (const segment of path) {
    if (typeof segment === 'number') {
      if (!Array.isArray(node)) return undefined;
      node = node[segment];
    } else {
      if (!isRecord(node) || !Object.prototype.hasOwnProperty.call(node, segment)) return undefined;
      node = node[segment];
    }
  }
  return node;
}

export function hasPath(data: unknown, path: ConfigPath): boolean {
  if (path.length === 0) return data !== undefined;
  const parent = valueAt(data, path.slice(0, -1));
  const last = path[path.length - 1] as PathSegment;
  if (typeof last === 'number') return Array.isArray(parent) && last < parent.length;
  return isRecord(parent) && Object.prototype.hasOwnProperty.call(parent, last);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
