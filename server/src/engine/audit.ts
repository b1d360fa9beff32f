import * as path from 'node:path';
import type { RuleSeverities } from './analyze';
import type { FileProblem, Finding } from './model/finding';
import type { SourceFile } from './model/source-file';
import type { Template } from './model/template';
import { initParsers, parseSourceFile, templateFileKind } from './parse';
import { parseArmParametersFile } from './parse/arm';
import { analyzeWorkspace, type AnalysedTemplate, type WorkspaceParameterFile } from './workspace-analysis';
import { FileModuleHost } from './workspace/module-host';
import { discoverFiles } from './workspace/discover';
import { readSource } from './workspace/read-source';

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
}

export interface AuditResult {
  /** Templates that were analysed. */
  readonly files: SourceFile[];
  /** Absolute paths of files looked at and deliberately not analysed (not templates, generated copies). */
  readonly skipped: string[];
  readonly findings: Finding[];
  readonly problems: FileProblem[];
}

export interface LoadedTemplate {
  readonly file: SourceFile;
  readonly template: Template;
}

export interface LoadResult {
  readonly templates: LoadedTemplate[];
  /** ARM deployment parameters files: not templates, but values for one. */
  readonly parameterFiles: WorkspaceParameterFile[];
  readonly skipped: string[];
  readonly problems: FileProblem[];
}

/** Finds, reads and parses the templates under the paths; what cannot be analysed becomes a problem or a skip. */
export async function loadTemplates(paths: readonly string[], options: AuditOptions): Promise<LoadResult> {
  await initParsers(options.wasmDir);
  const discovered = await discoverFiles(paths, { exclude: options.exclude });
  const problems: FileProblem[] = [...discovered.problems];
  const skipped: string[] = [];
  const parsed: LoadedTemplate[] = [];
  const parameterFiles: WorkspaceParameterFile[] = [];
  for (const filePath of discovered.files) {
    const read = await readSource(filePath);
    if (read.kind !== 'text') {
      // Binary JSON is not a template: skip it quietly. Binary Bicep, or anything unreadable, is a problem.
      if (templateFileKind(filePath) === 'json' && read.kind === 'binary') skipped.push(filePath);
      else problems.push({ file: filePath, message: read.kind === 'binary' ? 'is not a text file' : read.message });
      continue;
    }
    const outcome = parseSourceFile(read.file);
    if (outcome.kind === 'not-template') {
      skipped.push(filePath);
      const values = templateFileKind(filePath) === 'json' ? parseArmParametersFile(read.file) : undefined;
      if (values) parameterFiles.push({ file: read.file, values });
    }
    else if (outcome.kind === 'invalid') problems.push({ file: filePath, message: outcome.message });
    else parsed.push({ file: read.file, template: outcome.template });
  }

  const bicepSources = new Set(parsed.filter((p) => p.template.language === 'bicep').map((p) => p.file.path));
  const templates: LoadedTemplate[] = [];
  for (const loaded of parsed) {
    if (!options.includeGenerated && isGeneratedCopy(loaded, bicepSources)) skipped.push(loaded.file.path);
    else templates.push(loaded);
  }
  return { templates, parameterFiles, skipped: skipped.sort(), problems };
}

/** Audits files and folders (walked recursively) and returns every finding. */
export async function auditPaths(paths: readonly string[], options: AuditOptions): Promise<AuditResult> {
  const { analysed, findings, skipped, problems } = await analysePaths(paths, options);
  return { files: analysed.map((a) => a.file), skipped, findings, problems };
}

/** Like auditPaths, keeping each template's graph (for `graph` output and the editor's hovers). */
export async function analysePaths(
  paths: readonly string[],
  options: AuditOptions,
): Promise<{ analysed: AnalysedTemplate[]; findings: Finding[]; skipped: string[]; problems: FileProblem[] }> {
  const loaded = await loadTemplates(paths, options);
  const byPath = new Map(loaded.templates.map((t) => [t.file.path, t]));
  const modules = new FileModuleHost({
    roots: [...auditRoots(paths), ...(options.workspaceRoots ?? [])],
    allowOutsideRoots: options.followModulesOutsideWorkspace,
    bicepModuleCache: options.bicepModuleCache,
    known: (filePath) => byPath.get(filePath),
  });
  const { analysed, findings } = analyzeWorkspace(loaded.templates, loaded.parameterFiles, {
    modules,
    severities: options.severities,
    parameterFilePairs: options.parameterFiles,
  });
  const bicepParams = loaded.templates.filter((t) => t.template.language === 'bicepparam').map((t) => ({ ...t, graph: undefined }));
  // Syntax problems are read after the analysis: a Bicep file is parsed only as far as the rules
  // needed, so the problems are the lexer's and those of the declarations that were read.
  const problems = [...loaded.problems, ...loaded.templates.flatMap(syntaxProblemOf)];
  return { analysed: [...analysed, ...bicepParams], findings, skipped: loaded.skipped, problems };
}

function syntaxProblemOf({ file, template }: LoadedTemplate): FileProblem[] {
  const found = template.problemsSoFar?.() ?? template.problems;
  const first = found[0];
  if (!first) return [];
  const line = file.lines.positionAt(first.range.start).line + 1;
  return [{ file: file.path, message: `has ${found.length} syntax error${found.length === 1 ? '' : 's'} (first at line ${line}: ${first.message}); the rest was analysed` }];
}

/** Modules may load files under the folders audited (a file given alone: its folder). */
function auditRoots(paths: readonly string[]): string[] {
  return paths.map((given) => {
    const resolved = path.resolve(given);
    return templateFileKind(resolved) === 'other' ? resolved : path.dirname(resolved);
  });
}

/** JSON compiled by Bicep from a `.bicep` file in the same audit repeats its findings: main.json beside main.bicep. */
function isGeneratedCopy({ file, template }: LoadedTemplate, bicepSources: ReadonlySet<string>): boolean {
  if (template.language !== 'arm' || template.generator?.toLowerCase() !== 'bicep') return false;
  const folder = path.dirname(file.path);
  const stem = path.basename(file.path).split('.')[0] ?? '';
  return bicepSources.has(path.join(folder, `${stem}.bicep`));
}
