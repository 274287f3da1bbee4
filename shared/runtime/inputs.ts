import { UserError } from './errors.js';

/**
 * Typed action inputs. The runner passes `with:` values as INPUT_<NAME> environment variables
 * (name upper-cased, spaces turned into underscores, hyphens kept), always as strings; an
 * input the workflow did not set arrives as the default from action.yml or as ''. Every error
 * names the input so the user knows which line of their workflow to fix.
 */
export type InputSource = (name: string) => string | undefined;

export function envInputSource(env: NodeJS.ProcessEnv = process.env): InputSource {
  return (name) => env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`];
}

/** For the CLI and tests: inputs from a plain object. */
export function mapInputSource(values: Record<string, string | undefined>): InputSource {
  return (name) => values[name];
}

export class Inputs {
  constructor(private readonly source: InputSource = envInputSource()) {}

  private raw(name: string): string | undefined {
    const value = this.source(name)?.trim();
    return value === undefined || value === '' ? undefined : value;
  }

  string(name: string, fallback: string): string;
  string(name: string): string | undefined;
  string(name: string, fallback?: string): string | undefined {
    return this.raw(name) ?? fallback;
  }

  required(name: string): string {
    const value = this.raw(name);
    if (value === undefined) throw new UserError('is required but was not given', `input '${name}'`);
    return value;
  }

  /** YAML 1.2 core schema booleans, as @actions/core accepts them. */
  boolean(name: string, fallback: boolean): boolean {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if (['true', 'True', 'TRUE'].includes(value)) return true;
    if (['false', 'False', 'FALSE'].includes(value)) return false;
    throw new UserError(`must be true or false, got '${clip(value)}'`, `input '${name}'`);
  }

  number(name: string, fallback: number, range: { min?: number; max?: number } = {}): number {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const parsed = Number(value);
    if (!Number.isFinite(parsed) || !/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(value)) {
      throw new UserError(`must be a number, got '${clip(value)}'`, `input '${name}'`);
    }
    if (range.min !== undefined && parsed < range.min) {
      throw new UserError(`must be at least ${range.min}, got ${parsed}`, `input '${name}'`);
    }
    if (range.max !== undefined && parsed > range.max) {
      throw new UserError(`must be at most ${range.max}, got ${parsed}`, `input '${name}'`);
    }
    return parsed;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if ((allowed as readonly string[]).includes(value)) return value as T;
    throw new UserError(`must be one of ${allowed.join(', ')}; got '${clip(value)}'`, `input '${name}'`);
  }

  /** Newline- or comma-separated list, blanks dropped (the convention of actions/cache `path`). */
  list(name: string): string[] {
    const value = this.raw(name);
    if (value === undefined) return [];
    return value
      .split(/[\n,]/)
      .map((item) => item.trim())
      .filter((item) => item !== '');
  }
}

function clip(value: string): string {
  return value.length > 80 ? `${value.slice(0, 77)}...` : value;
}
