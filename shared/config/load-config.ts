/**
 * Reading elder.yml: parse safely, validate against the schema, apply the consistency rules
 * and tier policies, and only then build the typed configuration. Every problem from every
 * stage is collected first and thrown together, sorted by position, so one run tells the user
 * everything that is wrong with the file.
 */
import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { UserError, UserErrors } from '../runtime/errors.js';
import { buildEnvironment, mergeEnvironment } from './build-environment.js';
import type { ConfigError, ConfigProblem } from './config-error.js';
import { isRecord } from './config-path.js';
import { checkConsistency, checkDefaultsSection } from './consistency-rules.js';
import { EnvironmentView } from './environment-view.js';
import type { RawConfig } from './raw-config.js';
import { problemsFromSchemaErrors } from './schema-problems.js';
import { schemaErrors } from './schema.js';
import { checkTierPolicies } from './tier-policy.js';
import type { ElderConfig, EnvironmentConfig, LoadedConfig } from './types.js';
import { assertConfigSize, headingFor, YamlSource } from './yaml-source.js';

export const DEFAULT_CONFIG_PATH = '.github/elder.yml';

/** Parses and validates configuration text; `fileName` is used in every message. */
export function parseConfig(text: string, fileName: string): LoadedConfig {
  const source = YamlSource.parse(text, fileName);
  const data = source.data;

  const schemaProblems = problemsFromSchemaErrors(schemaErrors(data), data);
  // A rule must not report a value the schema already rejected: one mistake, one message.
  const rejected = new Set(schemaProblems.map((problem) => JSON.stringify(problem.path)));
  const ruleProblems: ConfigProblem[] = [];
  const warningProblems: ConfigProblem[] = [];

  const root = isRecord(data) ? data : {};
  const fileDefaults = isRecord(root['defaults']) ? root['defaults'] : undefined;
  ruleProblems.push(...checkDefaultsSection(fileDefaults));
  const environments = isRecord(root['environments']) ? root['environments'] : {};
  for (const [name, environment] of Object.entries(environments)) {
    if (!isRecord(environment)) continue; // the schema reports it
    const view = new EnvironmentView(name, environment, fileDefaults);
    ruleProblems.push(...checkConsistency(view));
    const outcome = checkTierPolicies(view);
    ruleProblems.push(...outcome.errors);
    warningProblems.push(...outcome.warnings);
  }

  const problems = [
    ...schemaProblems,
    ...ruleProblems.filter((problem) => !rejected.has(JSON.stringify(problem.path))),
  ];
  if (problems.length > 0) {
    const errors = sortByPosition(problems.map((problem) => source.toError(problem)));
    throw new UserErrors(errors, headingFor(fileName, errors.length));
  }

  const raw = data as RawConfig;
  const built: Record<string, EnvironmentConfig> = {};
  for (const [name, environment] of Object.entries(raw.environments)) {
    // The schema requires a tier in every environment, so `environment.tier` is set.
    const merged = mergeEnvironment(environment.tier ?? 'development', raw.defaults, environment);
    Object.defineProperty(built, name, { value: buildEnvironment(name, merged), enumerable: true });
  }
  const config: ElderConfig = { version: 1, file: fileName, environments: built };
  const warnings = [
    ...source.warnings,
    ...sortByPosition(warningProblems.map((problem) => source.toError(problem))).map((error) => error.message),
  ];
  return { config, warnings, file: fileName };
}

/**
 * Reads and parses a configuration file. A missing, unreadable or oversized file is a
 * UserError naming it; the size is checked before the file is read.
 */
export async function loadConfig(path: string, cwd: string = process.cwd()): Promise<LoadedConfig> {
  const absolute = resolve(cwd, path);
  let size: number;
  try {
    const stats = await stat(absolute);
    if (!stats.isFile()) throw new UserError('is not a file; expected the YAML configuration', path);
    size = stats.size;
  } catch (err) {
    throw fileError(err, path);
  }
  assertConfigSize(size, path);
  let text: string;
  try {
    text = await readFile(absolute, 'utf8');
  } catch (err) {
    throw fileError(err, path);
  }
  return parseConfig(text, path);
}

function fileError(err: unknown, path: string): Error {
  if (err instanceof UserError) return err;
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') {
    const hint =
      path === DEFAULT_CONFIG_PATH
        ? '; create it (examples/.github/elder.yml is a starting point) or pass another with --config'
        : '';
    return new UserError(`configuration file not found${hint}`, path);
  }
  if (code === 'EACCES' || code === 'EPERM')
    return new UserError('configuration file cannot be read (permission denied)', path);
  if (code === 'EISDIR') return new UserError('is a directory; expected the YAML configuration file', path);
  return err instanceof Error ? err : new Error(String(err));
}

function sortByPosition(errors: ConfigError[]): ConfigError[] {
  return [...errors].sort((a, b) => a.line - b.line || a.column - b.column);
}
