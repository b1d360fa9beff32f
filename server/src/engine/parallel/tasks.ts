import { analyzeTemplate, type AnalyzeOptions, type RuleSeverities } from '../analyze';
import type { LoadedTemplate } from '../eval/evaluator';
import type { ExistingIdentityIndex } from '../graph/build';
import { declaredIdentities, existingIdentityIndex, type DeclaredIdentity } from '../graph/identity-index';
import type { FileProblem, Finding } from '../model/finding';
import type { FileLimits } from '../model/limits';
import { SourceFile } from '../model/source-file';
import type { Template, TemplateLanguage } from '../model/template';
import { parseSourceFile, templateFileKind } from '../parse';
import { parseArmParametersFile } from '../parse/arm';
import { armParameterValues, bicepParamValues, failureProblem } from '../workspace-analysis';
import { syntaxProblemOf } from '../workspace/load-file';
import { FileModuleHost } from '../workspace/module-host';

/**
 * The work of an audit that can run in any thread: each task carries the text it is about and
 * returns plain data (findings, problems, declared identities), so nothing parsed outlives it.
 */
export interface TaskContext {
  readonly roots: readonly string[];
  readonly allowOutsideRoots?: boolean;
  readonly bicepModuleCache?: string;
  readonly severities?: RuleSeverities;
  readonly limits?: FileLimits;
}

/** A file's text as read, BOM included. */
export interface TaskFile {
  readonly path: string;
  readonly text: string;
}

export type AuditTask =
  /** Parse a file; analyse it with its defaults when it can yield findings. */
  | { readonly kind: 'file'; readonly file: TaskFile; readonly relevant: boolean }
  /** Analyse again with the workspace's declared identities (the template has `existing` ones). */
  | { readonly kind: 'existing'; readonly file: TaskFile }
  /** Analyse a template with the values of a parameter file. */
  | { readonly kind: 'parameters'; readonly target: TaskFile; readonly parameterFile: TaskFile };

export type FileOutcome =
  | { readonly outcome: 'not-template'; readonly parametersFile: boolean }
  | { readonly outcome: 'invalid'; readonly message: string }
  /** The engine failed on the task's file: one problem for that file, and the audit goes on. */
  | { readonly outcome: 'failed'; readonly file: string; readonly message: string }
  | {
      readonly outcome: 'template';
      readonly language: TemplateLanguage;
      readonly generator: string | undefined;
      readonly usingPath: string | undefined;
      readonly findings: Finding[];
      readonly identities: DeclaredIdentity[];
      readonly hasExisting: boolean;
      readonly problems: FileProblem[];
    };

export type TaskResult = FileOutcome | { readonly outcome: 'findings'; readonly findings: Finding[] };

/** Parsed modules kept per thread: enough for a folder's templates that share them, bounded for memory. */
const MODULE_CACHE_LIMIT = 64;

export class TaskRunner {
  private readonly modules: FileModuleHost;
  private index: ExistingIdentityIndex | undefined;

  constructor(private readonly context: TaskContext) {
    this.modules = new FileModuleHost({ roots: context.roots, allowOutsideRoots: context.allowOutsideRoots, bicepModuleCache: context.bicepModuleCache, cacheLimit: MODULE_CACHE_LIMIT, limits: context.limits });
  }

  /** The workspace's declared identities, in the order the templates were analysed. */
  setDeclaredIdentities(declared: readonly DeclaredIdentity[]): void {
    this.index = existingIdentityIndex(declared);
  }

  run(task: AuditTask): TaskResult {
    try {
      return this.runOrThrow(task);
    } catch (error) {
      const file = task.kind === 'parameters' ? task.parameterFile.path : task.file.path;
      return { outcome: 'failed', file, message: failureProblem({ file, error }).message };
    }
  }

  private runOrThrow(task: AuditTask): TaskResult {
    switch (task.kind) {
      case 'file':
        return this.loadAndAnalyse(task.file, task.relevant);
      case 'existing': {
        const { file, template } = this.template(task.file);
        return { outcome: 'findings', findings: this.analyse(file, template, {}) };
      }
      case 'parameters':
        return { outcome: 'findings', findings: this.underParameterFile(task.target, task.parameterFile) };
    }
  }

  private loadAndAnalyse(text: TaskFile, relevant: boolean): FileOutcome {
    const file = new SourceFile(text.path, text.text);
    const parsed = parseSourceFile(file, this.context.limits);
    if (parsed.kind === 'invalid') return { outcome: 'invalid', message: parsed.message };
    if (parsed.kind === 'not-template') return { outcome: 'not-template', parametersFile: templateFileKind(file.path) === 'json' && parseArmParametersFile(file) !== undefined };
    const template = parsed.template;
    let findings: Finding[] = [];
    let identities: DeclaredIdentity[] = [];
    let hasExisting = false;
    if (template.language === 'bicepparam') {
      // Its values are read when a parameter set is built: read them here too, so that their syntax problems show.
      if (template.usingPath) bicepParamValues(file, template);
    } else if (relevant) {
      const analysis = analyzeTemplate(file, template, { modules: this.modules, severities: this.context.severities });
      findings = analysis.findings;
      identities = declaredIdentities(analysis.graph);
      hasExisting = analysis.graph.identities.some((identity) => identity.declaration.existing);
    }
    return {
      outcome: 'template',
      language: template.language,
      generator: template.generator,
      usingPath: template.usingPath,
      findings,
      identities,
      hasExisting,
      problems: syntaxProblemOf({ file, template }),
    };
  }

  private underParameterFile(target: TaskFile, parameterFile: TaskFile): Finding[] {
    const loaded = this.template(target);
    const source = new SourceFile(parameterFile.path, parameterFile.text);
    let values: AnalyzeOptions['parameterValues'];
    if (templateFileKind(source.path) === 'json') {
      values = armParameterValues({ file: source, values: parseArmParametersFile(source) ?? [] });
    } else {
      const parsed = parseSourceFile(source, this.context.limits);
      if (parsed.kind !== 'template') return [];
      values = bicepParamValues(source, parsed.template);
    }
    return this.analyse(loaded.file, loaded.template, { parameterValues: values, parameterFile: source.path });
  }

  private analyse(file: SourceFile, template: Template, options: Pick<AnalyzeOptions, 'parameterValues' | 'parameterFile'>): Finding[] {
    return analyzeTemplate(file, template, { modules: this.modules, severities: this.context.severities, existingIdentities: this.index, ...options }).findings;
  }

  private template(text: TaskFile): LoadedTemplate {
    const file = new SourceFile(text.path, text.text);
    const parsed = parseSourceFile(file, this.context.limits);
    if (parsed.kind !== 'template') throw new Error(`${text.path} is no longer a template`);
    return { file, template: parsed.template };
  }
}
