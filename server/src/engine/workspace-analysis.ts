import * as path from 'node:path';
import { analyzeTemplate, deduplicate, type RuleSeverities } from './analyze';
import { TemplateEvaluator, type ModuleHost } from './eval/evaluator';
import { unknown, withOrigin, type Value } from './eval/value';
import { declaredIdentities, existingIdentityIndex } from './graph/identity-index';
import type { ResourceGraph } from './graph/model';
import type { FileProblem, Finding } from './model/finding';
import type { SourceFile } from './model/source-file';
import type { Template } from './model/template';
import type { ParameterFileValue } from './parse/arm';

export interface WorkspaceTemplate {
  readonly file: SourceFile;
  readonly template: Template;
}

export interface WorkspaceParameterFile {
  readonly file: SourceFile;
  readonly values: readonly ParameterFileValue[];
}

export interface WorkspaceAnalysisOptions {
  readonly modules?: ModuleHost;
  readonly severities?: RuleSeverities;
  /** Extra pairings of parameter files with templates (absolute paths), beyond `using` and names. */
  readonly parameterFilePairs?: ReadonlyMap<string, string>;
}

export interface AnalysedTemplate extends WorkspaceTemplate {
  readonly graph: ResourceGraph | undefined;
}

export interface WorkspaceAnalysis {
  readonly analysed: AnalysedTemplate[];
  readonly findings: Finding[];
  /** Templates whose analysis threw (an engine limit or bug): left out, so that the others keep their findings. */
  readonly failures: AnalysisFailure[];
}

export interface AnalysisFailure {
  readonly file: string;
  readonly error: unknown;
}

/** A failure as the audit lists it beside unreadable files: one problem for the file. */
export function failureProblem(failure: AnalysisFailure): FileProblem {
  return { file: failure.file, message: `could not be analysed: ${failure.error instanceof Error ? failure.error.message : String(failure.error)}` };
}

interface ParameterSet {
  readonly file: SourceFile;
  readonly target: string;
  /** Evaluated when the set is analysed, so that a failure there is the parameter file's own. */
  readonly values: () => ReadonlyMap<string, Value>;
}

/**
 * Analyses templates together, the way Azure deploys them: modules are followed, an `existing`
 * identity takes what its one declaration in the workspace says, and every template is evaluated
 * with its defaults and once per parameter file that belongs to it. A template whose analysis
 * throws is a failure of its own: one file past an engine limit must not cost the others theirs.
 */
export function analyzeWorkspace(templates: readonly WorkspaceTemplate[], parameterFiles: readonly WorkspaceParameterFile[], options: WorkspaceAnalysisOptions = {}): WorkspaceAnalysis {
  const analysable = templates.filter((t) => t.template.language !== 'bicepparam');
  const base = { modules: options.modules, severities: options.severities };
  const failures = new Map<string, unknown>();
  const attempt = <T>(file: string, analyse: () => T): T | undefined => {
    try {
      return analyse();
    } catch (error) {
      if (!failures.has(file)) failures.set(file, error);
      return undefined;
    }
  };

  const first = analysable.flatMap((t) => attempt(t.file.path, () => ({ ...t, analysis: analyzeTemplate(t.file, t.template, base) })) ?? []);
  const index = existingIdentityIndex(first.flatMap((r) => declaredIdentities(r.analysis.graph)));
  const results = first.flatMap((r) =>
    r.analysis.graph.identities.some((identity) => identity.declaration.existing)
      ? (attempt(r.file.path, () => ({ ...r, analysis: analyzeTemplate(r.file, r.template, { ...base, existingIdentities: index }) })) ?? [])
      : [r],
  );

  const defaults = deduplicate(results.flatMap((r) => r.analysis.findings));
  const byPath = new Map(results.map((r) => [r.file.path, r]));
  const underParameterFiles: Finding[] = [];
  for (const set of parameterSets(templates, parameterFiles, byPath, options.parameterFilePairs)) {
    const target = byPath.get(set.target);
    if (!target) continue;
    const analysis = attempt(set.file.path, () => analyzeTemplate(target.file, target.template, { ...base, existingIdentities: index, parameterValues: set.values(), parameterFile: set.file.path }));
    underParameterFiles.push(...(analysis?.findings ?? []));
  }
  return {
    analysed: results.map((r) => ({ file: r.file, template: r.template, graph: r.analysis.graph })),
    findings: deduplicate([...defaults, ...onlyUnderParameterFiles(defaults, underParameterFiles)]),
    failures: [...failures].map(([file, error]) => ({ file, error })),
  };
}

function findingKey(finding: Finding): string {
  return `${finding.ruleId}|${finding.file}|${finding.range.start}|${finding.range.end}`;
}

/** A finding that holds with the defaults already says it all; the rest name their parameter file. */
export function onlyUnderParameterFiles(defaults: readonly Finding[], candidates: readonly Finding[]): Finding[] {
  const known = new Set(defaults.map(findingKey));
  return candidates
    .filter((finding) => !known.has(findingKey(finding)))
    .map((finding) => ({ ...finding, message: `${finding.message} (with parameter file ${path.basename(finding.parameterFile ?? '')})` }));
}

function parameterSets(
  templates: readonly WorkspaceTemplate[],
  parameterFiles: readonly WorkspaceParameterFile[],
  byPath: ReadonlyMap<string, WorkspaceTemplate>,
  pairs: ReadonlyMap<string, string> | undefined,
): ParameterSet[] {
  const sets: ParameterSet[] = [];
  for (const { file, template } of templates) {
    if (template.language !== 'bicepparam' || !template.usingPath) continue;
    sets.push({ file, target: path.resolve(path.dirname(file.path), template.usingPath), values: () => bicepParamValues(file, template) });
  }
  for (const parameterFile of parameterFiles) {
    const target = pairs?.get(parameterFile.file.path) ?? conventionalTemplate(parameterFile.file.path, (candidate) => byPath.has(candidate));
    if (target) sets.push({ file: parameterFile.file, target, values: () => armParameterValues(parameterFile) });
  }
  return sets;
}

/** `<stem>.parameters.json` (and `<stem>.parameters.<env>.json`) belongs to `<stem>.json` or `<stem>.bicep` beside it. */
export function conventionalTemplate(parameterFile: string, isTemplate: (filePath: string) => boolean): string | undefined {
  const match = /^(.*)\.parameters(\.[^.]+)?\.jsonc?$/i.exec(path.basename(parameterFile));
  if (!match?.[1]) return undefined;
  const folder = path.dirname(parameterFile);
  return ['.json', '.bicep'].map((extension) => path.join(folder, `${match[1]}${extension}`)).find(isTemplate);
}

export function bicepParamValues(file: SourceFile, template: Template): Map<string, Value> {
  const evaluator = new TemplateEvaluator({ file: file.path, template, scopeKey: file.path });
  const values = new Map<string, Value>();
  for (const declaration of template.declarations) {
    if (declaration.kind !== 'param' || !declaration.defaultValue) continue;
    const value = evaluator.evaluate(declaration.defaultValue);
    values.set(declaration.name, withOrigin(value, { description: `the value of parameter '${declaration.name}' in ${path.basename(file.path)}`, file: file.path, range: declaration.defaultValue.range }));
  }
  return values;
}

const EMPTY_ARM_TEMPLATE: Template = { language: 'arm', declarations: [], problems: [], nested: [], parent: undefined, generator: undefined, caseInsensitiveNames: true };

export function armParameterValues(parameterFile: WorkspaceParameterFile): Map<string, Value> {
  const evaluator = new TemplateEvaluator({ file: parameterFile.file.path, template: EMPTY_ARM_TEMPLATE, scopeKey: parameterFile.file.path });
  const values = new Map<string, Value>();
  for (const { name, value } of parameterFile.values) {
    const evaluated = value ? evaluator.evaluate(value) : unknown(`parameter '${name}' comes from a Key Vault reference`);
    const range = value?.range;
    values.set(name, range ? withOrigin(evaluated, { description: `the value of parameter '${name}' in ${path.basename(parameterFile.file.path)}`, file: parameterFile.file.path, range }) : evaluated);
  }
  return values;
}
