import * as path from 'node:path';
import type { RuleSeverities } from './analyze';
import type { FileProblem, Finding } from './model/finding';
import type { FileLimits } from './model/limits';
import type { SourceFile } from './model/source-file';
import { initParsers, templateFileKind } from './parse';
import { analyzeWorkspace, failureProblem, type AnalysedTemplate } from './workspace-analysis';
import { discoverFiles } from './workspace/discover';
import { emptyLoadedFiles, isGeneratedCopy, loadFiles, syntaxProblemOf, type LoadedFiles, type LoadedTemplate } from './workspace/load-file';
import { FileModuleHost } from './workspace/module-host';
import { auditFiles } from './parallel/audit-files';

export interface AuditOptions {
  /** Folder holding tree-sitter-bicep.wasm and web-tree-sitter.wasm. */
  readonly wasmDir: string;
  /** Also analyse JSON that the Bicep compiler generated from a `.bicep` file in the same audit. */
  readonly includeGenerated?: boolean;
  /** Globs of paths to leave out, relative to each folder walked. */
  readonly exclude?: readonly string[];
  /** Per-rule severity; 'off' silences a rule. */
  readonly severities?: RuleSeverities;
  /** Folders that modules may load files from, besides the folders audited (the CLI adds its working directory). */
  readonly workspaceRoots?: readonly string[];
  /** Follow module and templateLink paths that leave the workspace. */
  readonly followModulesOutsideWorkspace?: boolean;
  /** Read restored registry modules from this Bicep cache folder (opt-in). */
  readonly bicepModuleCache?: string;
  /** Parameter file → template pairings beyond `using` and `<template>.parameters.json` (absolute paths). */
  readonly parameterFiles?: ReadonlyMap<string, string>;
  /** Threads that analyse files at once (default: the cores, up to 8); more than 1 needs `workerScript`. */
  readonly jobs?: number;
  /** The bundled worker entry (`server/out/audit-worker.js`); without it the audit runs in this thread. */
  readonly workerScript?: string;
  /** Size and nesting limits per file (settings maxFileSizeMB and maxNestingDepth). */
  readonly limits?: FileLimits;
}

export interface AuditResult {
  /** Templates that were analysed. */
  readonly files: SourceFile[];
  /** Absolute paths of files looked at and deliberately not analysed (not templates, generated copies). */
  readonly skipped: string[];
  readonly findings: Finding[];
  readonly problems: FileProblem[];
}

export type LoadResult = LoadedFiles;

/** Finds, reads and parses the templates under the paths; what cannot be analysed becomes a problem or a skip. */
export async function loadTemplates(paths: readonly string[], options: AuditOptions): Promise<LoadResult> {
  await initParsers(options.wasmDir);
  const discovered = await discoverFiles(paths, { exclude: options.exclude });
  const loaded = emptyLoadedFiles(discovered.problems);
  await loadFiles(discovered.files, loaded, options.limits);
  const bicepSources = new Set(loaded.templates.filter((p) => p.template.language === 'bicep').map((p) => p.file.path));
  const templates: LoadedTemplate[] = [];
  for (const template of loaded.templates) {
    if (!options.includeGenerated && isGeneratedCopy(template, (bicepPath) => bicepSources.has(bicepPath))) loaded.skipped.push(template.file.path);
    else templates.push(template);
  }
  return { ...loaded, templates, skipped: loaded.skipped.sort() };
}

/**
 * Audits files and folders (walked recursively) and returns every finding. Templates that cannot
 * yield a finding are parsed but not analysed, and nothing parsed is kept (see auditFiles).
 */
export async function auditPaths(paths: readonly string[], options: AuditOptions): Promise<AuditResult> {
  return auditFiles(paths, moduleRoots(paths, options), options);
}

/** Like auditPaths, keeping each template's graph (for `graph` output and the editor's hovers). */
export async function analysePaths(
  paths: readonly string[],
  options: AuditOptions,
): Promise<{ analysed: AnalysedTemplate[]; findings: Finding[]; skipped: string[]; problems: FileProblem[] }> {
  const loaded = await loadTemplates(paths, options);
  const byPath = new Map(loaded.templates.map((t) => [t.file.path, t]));
  const modules = new FileModuleHost({
    roots: moduleRoots(paths, options),
    allowOutsideRoots: options.followModulesOutsideWorkspace,
    bicepModuleCache: options.bicepModuleCache,
    limits: options.limits,
    known: (filePath) => byPath.get(filePath),
  });
  const { analysed, findings, failures } = analyzeWorkspace(loaded.templates, loaded.parameterFiles, {
    modules,
    severities: options.severities,
    parameterFilePairs: options.parameterFiles,
  });
  const bicepParams = loaded.templates.filter((t) => t.template.language === 'bicepparam').map((t) => ({ ...t, graph: undefined }));
  // A template that failed is one problem, whatever syntax errors it also has.
  const failed = new Set(failures.map((failure) => failure.file));
  const problems = [...loaded.problems, ...failures.map(failureProblem), ...loaded.templates.filter((t) => !failed.has(t.file.path)).flatMap(syntaxProblemOf)];
  return { analysed: [...analysed, ...bicepParams], findings, skipped: loaded.skipped, problems };
}

/** Modules may load files under the folders audited (a file given alone: its folder) and the workspace roots. */
function moduleRoots(paths: readonly string[], options: AuditOptions): string[] {
  const audited = paths.map((given) => {
    const resolved = path.resolve(given);
    return templateFileKind(resolved) === 'other' ? resolved : path.dirname(resolved);
  });
  return [...audited, ...(options.workspaceRoots ?? [])];
}
