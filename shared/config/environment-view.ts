/**
 * One environment's settings as layers, strongest first: the environment's own section, the
 * file's `defaults:`, the tier's defaults, the common defaults. Checks that run before (or
 * despite) schema errors read values through this view: it answers "what is the effective value
 * of dr.rto, and where in the file did it come from?" without assuming any value has the right
 * type, because it may not.
 */
import { hasPath, isRecord, valueAt, type ConfigPath } from './config-path.js';
import { COMMON_DEFAULTS, TIER_DEFAULTS } from './defaults.js';
import { TIERS, type Tier } from './vocabulary.js';

export interface SettingsLayer {
  data: unknown;
  /** Where this layer sits in the file; undefined for built-in defaults. */
  path?: ConfigPath;
  /** How messages name the layer, e.g. `defaults` or `the production tier's default`. */
  label: string;
}

export interface FoundSetting {
  value: unknown;
  /** Where the value is in the file; undefined when it is a built-in default. */
  path?: ConfigPath;
  label: string;
}

export class EnvironmentView {
  readonly name: string;
  readonly path: ConfigPath;
  /** The environment's tier when it is a valid one. */
  readonly tier?: Tier;
  private readonly layers: SettingsLayer[];

  constructor(name: string, environment: unknown, fileDefaults: unknown) {
    this.name = name;
    this.path = ['environments', name];
    const tier = isRecord(environment) ? environment['tier'] : undefined;
    if (typeof tier === 'string' && (TIERS as readonly string[]).includes(tier)) this.tier = tier as Tier;
    this.layers = [{ data: environment, path: this.path, label: `environments.${name}` }];
    if (fileDefaults !== undefined) this.layers.push({ data: fileDefaults, path: ['defaults'], label: 'defaults' });
    if (this.tier) this.layers.push({ data: TIER_DEFAULTS[this.tier], label: `the ${this.tier} tier's default` });
    this.layers.push({ data: COMMON_DEFAULTS, label: 'the default' });
  }

  /** The strongest layer's value for a field (e.g. ['dr', 'rto']), or undefined when none has it. */
  find(field: ConfigPath): FoundSetting | undefined {
    for (const layer of this.layers) {
      if (hasPath(layer.data, field)) {
        const found: FoundSetting = { value: valueAt(layer.data, field), label: layer.label };
        if (layer.path) found.path = [...layer.path, ...field];
        return found;
      }
    }
    return undefined;
  }

  /** The field merged across every layer, as the resolved configuration will see it. */
  merged(field: ConfigPath): unknown {
    return deepMerge(...[...this.layers].reverse().map((layer) => valueAt(layer.data, field)));
  }

  value(field: ConfigPath): unknown {
    return this.find(field)?.value;
  }

  /**
   * Where a problem about `field` should point: where its value was written, or else where it
   * would go in this environment (the position then falls back to the deepest existing key).
   */
  pathOf(field: ConfigPath): ConfigPath {
    return this.find(field)?.path ?? [...this.path, ...field];
  }

  /** Whether the field was written in the file (here or in `defaults:`), not taken from built-ins. */
  isWritten(field: ConfigPath): boolean {
    return this.find(field)?.path !== undefined;
  }

  /** `environment 'production' (tier production)` */
  describe(): string {
    return `environment '${this.name}'${this.tier ? ` (tier ${this.tier})` : ''}`;
  }
}

/** Layers merged into one value, weakest first: mappings merge by key; anything else replaces. */
export function deepMerge(...layers: unknown[]): unknown {
  let merged: unknown = undefined;
  for (const layer of layers) {
    if (layer === undefined) continue;
    merged = isRecord(merged) && isRecord(layer) ? mergeRecords(merged, layer) : copyData(layer);
  }
  return merged;
}

// Object.fromEntries defines own properties, so a key such as `__proto__` stays a plain key
// instead of replacing the prototype.
function mergeRecords(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const entries = new Map(Object.entries(base));
  for (const [key, value] of Object.entries(over)) entries.set(key, deepMerge(entries.get(key), value));
  return Object.fromEntries(entries);
}

function copyData(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copyData);
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, copyData(item)]));
  return value;
}
