import * as path from 'node:path';
import { ConfigError, configFor, DEFAULT_CONFIG, limitsOf, type FileLimits, type IsolationConfig, type RuleSeverities } from '../engine';
import { ExcludeMatcher } from '../engine';
import { fileUri } from './convert';
import type { ServerSettings } from './protocol';
import { restrictUntrusted } from './trust';

const DEFAULT_SETTINGS: ServerSettings = { severity: {}, exclude: [], includeGenerated: false };

const LEVELS = new Set(['off', 'info', 'warning', 'error']);

/** What applies to a file: its folder's bicepconfig.json (shared with the CLI), with the editor's settings over it. */
export interface EffectiveSettings {
  readonly severities: RuleSeverities;
  /** Both lists of globs, relative to the workspace folder. */
  readonly exclude: readonly string[];
  readonly includeGenerated: boolean;
  readonly followModulesOutsideWorkspace: boolean;
  readonly bicepModuleCache: string | undefined;
  readonly parameterFiles: ReadonlyMap<string, string>;
  readonly limits: FileLimits;
}

/** Reads the settings of a scope (a workspace folder's URI, or undefined for the user's settings). */
export type SettingsReader = (scopeUri: string | undefined) => Promise<unknown>;

/**
 * The settings per workspace folder (they are resource-scoped, so folders may differ) and the
 * user's settings for files outside every folder, each merged over the bicepconfig.json that the
 * CLI would read when auditing that folder (the nearest one in it or above it).
 */
export class WorkspaceSettings {
  private folders: readonly string[] = [];
  private byFolder = new Map<string, ServerSettings>();
  private global: ServerSettings = DEFAULT_SETTINGS;
  private readonly effectiveByScope = new Map<string, { settings: EffectiveSettings; exclude: ExcludeMatcher }>();
  private latestRefresh = 0;
  private trusted = true;

  constructor(
    private readonly logError: (message: string) => void,
    private readonly logInfo: (message: string) => void = () => undefined,
  ) {}

  /** Restricted Mode (VS Code's untrusted workspace) or not; settings that widen what is read apply only when trusted. */
  setTrusted(trusted: boolean): void {
    this.trusted = trusted;
    this.effectiveByScope.clear();
  }

  get isTrusted(): boolean {
    return this.trusted;
  }

  /** Folder paths, longest first, so that a nested folder wins over the folder around it. */
  setFolders(folders: readonly string[]): void {
    this.folders = [...new Set(folders.map((folder) => path.resolve(folder)))].sort((a, b) => b.length - a.length);
    this.effectiveByScope.clear();
  }

  get workspaceFolders(): readonly string[] {
    return this.folders;
  }

  /** Pulls every scope again; returns false when a later refresh overtook this one (its answer is older). */
  async refresh(read: SettingsReader): Promise<boolean> {
    const refresh = ++this.latestRefresh;
    const folders = this.folders;
    const [global, ...perFolder] = await Promise.all([read(undefined), ...folders.map((folder) => read(fileUri(folder)))]);
    if (refresh !== this.latestRefresh) return false;
    this.global = parseSettings(global);
    this.byFolder = new Map(folders.map((folder, index) => [folder, parseSettings(perFolder[index])]));
    this.effectiveByScope.clear();
    return true;
  }

  /** Settings pushed by a client that cannot be asked (no workspace/configuration): the same for every folder. */
  setPushed(raw: unknown): void {
    this.global = parseSettings(raw);
    this.byFolder = new Map();
    this.effectiveByScope.clear();
  }

  /** A bicepconfig.json may have changed: read them again when next needed. */
  configFilesChanged(): void {
    this.effectiveByScope.clear();
  }

  folderOf(filePath: string): string | undefined {
    return this.folders.find((folder) => filePath === folder || filePath.startsWith(folder + path.sep));
  }

  for(filePath: string): EffectiveSettings {
    return this.scope(filePath).settings;
  }

  /** As the workspace audit's discovery decides: a file is excluded when it or a folder above it (inside the workspace folder) matches. */
  isExcluded(filePath: string): boolean {
    const folder = this.folderOf(filePath);
    if (!folder) return false;
    const { settings, exclude } = this.scope(filePath);
    if (settings.exclude.length === 0) return false;
    const segments = path.relative(folder, filePath).split(path.sep);
    for (let depth = 1; depth < segments.length; depth++) {
      if (exclude.excludesFolder(segments.slice(0, depth).join('/'))) return true;
    }
    return exclude.excludesFile(segments.join('/'));
  }

  /** A file in a workspace folder has that folder's settings; a file outside every folder, its own folder's. */
  private scope(filePath: string): { settings: EffectiveSettings; exclude: ExcludeMatcher } {
    const folder = this.folderOf(filePath);
    const scope = folder ?? path.dirname(filePath);
    let known = this.effectiveByScope.get(scope);
    if (!known) {
      const settings = this.restricted(scope, merge(this.configOf(scope), (folder === undefined ? undefined : this.byFolder.get(folder)) ?? this.global));
      known = { settings, exclude: new ExcludeMatcher(settings.exclude) };
      this.effectiveByScope.set(scope, known);
    }
    return known;
  }

  /** In an untrusted workspace, without what would read outside it; said once per scope, as the settings are cached. */
  private restricted(scope: string, settings: EffectiveSettings): EffectiveSettings {
    if (this.trusted) return settings;
    const restricted = restrictUntrusted(settings, (filePath) => this.folderOf(filePath) !== undefined);
    if (restricted.dropped.length > 0) this.logInfo(`Restricted Mode: ignoring ${restricted.dropped.join(', ')} from bicepconfig.json for ${scope} until the workspace is trusted.`);
    return restricted.settings;
  }

  /** Read once per scope until a configuration file changes, so a broken one is reported once. */
  private configOf(scope: string): IsolationConfig {
    try {
      return configFor(scope);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      this.logError(`Ignoring the identityIsolation section of bicepconfig.json for ${scope}: ${error.message}`);
      return DEFAULT_CONFIG;
    }
  }
}

function merge(config: IsolationConfig, editor: ServerSettings): EffectiveSettings {
  return {
    severities: { ...config.severities, ...editor.severity },
    exclude: [...config.exclude, ...editor.exclude],
    includeGenerated: editor.includeGenerated,
    followModulesOutsideWorkspace: config.followModulesOutsideWorkspace,
    bicepModuleCache: config.bicepModuleCache,
    parameterFiles: config.parameterFiles,
    limits: limitsOf({ maxFileSizeMB: editor.maxFileSizeMB ?? config.maxFileSizeMB, maxNestingDepth: editor.maxNestingDepth ?? config.maxNestingDepth }),
  };
}

/** Settings come from user files: anything malformed falls back to the default rather than failing analysis. */
function parseSettings(raw: unknown): ServerSettings {
  const section = isRecord(raw) ? raw : {};
  const severity: Record<string, 'off' | 'info' | 'warning' | 'error'> = {};
  if (isRecord(section.severity)) {
    for (const [rule, level] of Object.entries(section.severity)) {
      if (typeof level === 'string' && LEVELS.has(level)) severity[rule] = level as 'off' | 'info' | 'warning' | 'error';
    }
  }
  const exclude = Array.isArray(section.exclude) ? section.exclude.filter((glob): glob is string => typeof glob === 'string' && glob.trim() !== '') : [];
  return {
    severity,
    exclude,
    includeGenerated: section.includeGenerated === true,
    maxFileSizeMB: positive(section.maxFileSizeMB, false),
    maxNestingDepth: positive(section.maxNestingDepth, true),
  };
}

/** A limit the user set; anything else (null, the default) leaves bicepconfig.json's or the engine's. */
function positive(value: unknown, integer: boolean): number | undefined {
  return typeof value === 'number' && value > 0 && Number.isFinite(value) && (!integer || Number.isInteger(value)) ? value : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
