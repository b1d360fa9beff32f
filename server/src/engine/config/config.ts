import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse as parseJsonc, type ParseError } from 'jsonc-parser';
import type { RuleSeverities } from '../analyze';
import type { Severity } from '../model/finding';
import type { FileLimits } from '../model/limits';

/** The settings the CLI and the language server share. VS Code settings override them in the editor. */
export interface IsolationConfig {
  readonly severities: RuleSeverities;
  /** Globs of files to leave out, relative to the folder audited. */
  readonly exclude: readonly string[];
  /** Parameter file → template pairings beyond `using` and `<template>.parameters.json` (absolute paths). */
  readonly parameterFiles: ReadonlyMap<string, string>;
  /** Follow module and templateLink paths that leave the workspace. */
  readonly followModulesOutsideWorkspace: boolean;
  /** Opt-in: read registry modules that Bicep has restored into this cache folder (`~/.bicep`). */
  readonly bicepModuleCache: string | undefined;
  /** Larger files are not analysed; undefined: 20 MB. */
  readonly maxFileSizeMB: number | undefined;
  /** Templates nested deeper are "too deeply nested"; undefined: each parser's own limit (ARM JSON: 512). */
  readonly maxNestingDepth: number | undefined;
  /** Where the settings came from, for messages; undefined for the defaults. */
  readonly source: string | undefined;
}

export const DEFAULT_CONFIG: IsolationConfig = {
  severities: {},
  exclude: [],
  parameterFiles: new Map(),
  followModulesOutsideWorkspace: false,
  bicepModuleCache: undefined,
  maxFileSizeMB: undefined,
  maxNestingDepth: undefined,
  source: undefined,
};

/** The engine's form of the limits in a configuration. */
export function limitsOf(config: Pick<IsolationConfig, 'maxFileSizeMB' | 'maxNestingDepth'>): FileLimits {
  return { maxBytes: config.maxFileSizeMB === undefined ? undefined : Math.round(config.maxFileSizeMB * 1024 * 1024), maxDepth: config.maxNestingDepth };
}

/**
 * Our section in bicepconfig.json. Bicep's schema for that file closes its inner sections but not
 * the top level, so an extra top-level section is accepted without a warning, and teams keep one
 * configuration file per folder.
 */
export const CONFIG_SECTION = 'identityIsolation';
export const BICEP_CONFIG_FILE = 'bicepconfig.json';

const LEVELS = new Set<string>(['off', 'info', 'warning', 'error']);

export class ConfigError extends Error {}

/** The nearest bicepconfig.json in the folder or its ancestors, as Bicep finds its own. */
export function findConfigFile(startFolder: string): string | undefined {
  for (let folder = path.resolve(startFolder); ; folder = path.dirname(folder)) {
    const candidate = path.join(folder, BICEP_CONFIG_FILE);
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(folder) === folder) return undefined;
  }
}

/** Reads our settings from a bicepconfig.json (its `identityIsolation` section) or a file holding just that section. */
export function loadConfigFile(file: string): IsolationConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const errors: ParseError[] = [];
  const root: unknown = parseJsonc(text, errors, { allowTrailingComma: true });
  if (errors.length > 0 || typeof root !== 'object' || root === null) throw new ConfigError(`${file} is not valid JSON`);
  const record = root as Record<string, unknown>;
  const section = CONFIG_SECTION in record ? record[CONFIG_SECTION] : path.basename(file) === BICEP_CONFIG_FILE ? undefined : record;
  if (section === undefined) return { ...DEFAULT_CONFIG, source: undefined };
  return readSection(section, file);
}

/** The configuration for an audit of a folder: the nearest bicepconfig.json with our section, else the defaults. */
export function configFor(folder: string): IsolationConfig {
  const file = findConfigFile(folder);
  return file ? loadConfigFile(file) : DEFAULT_CONFIG;
}

function readSection(section: unknown, file: string): IsolationConfig {
  if (typeof section !== 'object' || section === null) throw new ConfigError(`${file}: '${CONFIG_SECTION}' must be an object`);
  const record = section as Record<string, unknown>;
  const folder = path.dirname(file);
  return {
    severities: readRules(record.rules, file),
    exclude: readStrings(record.exclude, `${file}: 'exclude'`),
    parameterFiles: new Map(Object.entries(readObject(record.parameterFiles, `${file}: 'parameterFiles'`)).map(([parameters, template]) => {
      if (typeof template !== 'string') throw new ConfigError(`${file}: 'parameterFiles' maps a parameter file to a template path`);
      return [path.resolve(folder, parameters), path.resolve(folder, template)];
    })),
    followModulesOutsideWorkspace: record.followModulesOutsideWorkspace === true,
    bicepModuleCache: readModuleCache(record.useBicepModuleCache, folder, `${file}: 'useBicepModuleCache'`),
    maxFileSizeMB: readPositive(record.maxFileSizeMB, false, `${file}: 'maxFileSizeMB'`),
    maxNestingDepth: readPositive(record.maxNestingDepth, true, `${file}: 'maxNestingDepth'`),
    source: file,
  };
}

/** `"rules": { "identity-cross-region": { "level": "error" } }`, the shape Bicep's own analyzer settings have. */
function readRules(rules: unknown, file: string): RuleSeverities {
  const result: Record<string, Severity | 'off'> = {};
  for (const [id, rule] of Object.entries(readObject(rules, `${file}: 'rules'`))) {
    const level = typeof rule === 'string' ? rule : (rule as { level?: unknown } | null)?.level;
    if (typeof level !== 'string' || !LEVELS.has(level)) throw new ConfigError(`${file}: rule '${id}' needs a level of off, info, warning or error`);
    result[id] = level as Severity | 'off';
  }
  return result;
}

/** `true` means Bicep's default cache (`~/.bicep`); a string names another folder (Bicep's `cacheRootDirectory`). */
function readModuleCache(value: unknown, folder: string, where: string): string | undefined {
  if (value === undefined || value === false) return undefined;
  if (value === true) return path.join(os.homedir(), '.bicep');
  if (typeof value === 'string') return path.resolve(folder, value);
  throw new ConfigError(`${where} must be true, false or a folder`);
}

function readPositive(value: unknown, integer: boolean, where: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !(value > 0) || !Number.isFinite(value) || (integer && !Number.isInteger(value))) {
    throw new ConfigError(`${where} must be a positive ${integer ? 'whole ' : ''}number`);
  }
  return value;
}

function readObject(value: unknown, where: string): Record<string, unknown> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ConfigError(`${where} must be an object`);
  return value as Record<string, unknown>;
}

function readStrings(value: unknown, where: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) throw new ConfigError(`${where} must be a list of strings`);
  return value as string[];
}
