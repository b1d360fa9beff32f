import * as path from 'node:path';
import type { FileProblem } from '../model/finding';
import type { FileLimits } from '../model/limits';
import { SourceFile } from '../model/source-file';
import type { Template } from '../model/template';
import { parseSourceFile, templateFileKind } from '../parse';
import { parseArmParametersFile } from '../parse/arm';
import type { LoadedTemplate } from '../eval/evaluator';
import type { WorkspaceParameterFile } from '../workspace-analysis';
import { readAhead, readSource, type ReadOutcome } from './read-source';

export type { LoadedTemplate } from '../eval/evaluator';

/** What reading the files of an audit gathers before the deployments are analysed together. */
export interface LoadedFiles {
  readonly templates: LoadedTemplate[];
  /** ARM deployment parameters files: not templates, but values for one. */
  readonly parameterFiles: WorkspaceParameterFile[];
  readonly skipped: string[];
  readonly problems: FileProblem[];
}

export function emptyLoadedFiles(problems: readonly FileProblem[] = []): LoadedFiles {
  return { templates: [], parameterFiles: [], skipped: [], problems: [...problems] };
}

/**
 * Reads one file (an editor's text for it wins over the disk's) and sorts it: a template, an ARM
 * parameters file, skipped (other JSON, binary JSON) or a problem (unreadable, binary Bicep,
 * invalid template). The CLI's audit and the editor's workspace audit both read files this way.
 */
export async function loadFile(filePath: string, into: LoadedFiles, how: { editorText?: string; alreadyRead?: ReadOutcome; limits?: FileLimits } = {}): Promise<void> {
  let file: SourceFile;
  if (how.editorText !== undefined) {
    file = new SourceFile(filePath, how.editorText);
  } else {
    const read = how.alreadyRead ?? (await readSource(filePath, how.limits));
    if (read.kind !== 'text') {
      // Binary JSON is not a template: skip it quietly. Binary Bicep, or anything unreadable, is a problem.
      if (templateFileKind(filePath) === 'json' && read.kind === 'binary') into.skipped.push(filePath);
      else into.problems.push({ file: filePath, message: read.kind === 'binary' ? 'is not a text file' : read.message });
      return;
    }
    file = read.file;
  }
  const outcome = parseSourceFile(file, how.limits);
  if (outcome.kind === 'template') {
    into.templates.push({ file, template: outcome.template });
  } else if (outcome.kind === 'invalid') {
    into.problems.push({ file: filePath, message: outcome.message });
  } else {
    into.skipped.push(filePath);
    const values = templateFileKind(filePath) === 'json' ? parseArmParametersFile(file) : undefined;
    if (values) into.parameterFiles.push({ file, values });
  }
}

/** JSON compiled by Bicep from a `.bicep` file in the same audit repeats its findings: main.json beside main.bicep. */
export function isGeneratedCopy({ file, template }: LoadedTemplate, bicepSourceExists: (bicepPath: string) => boolean): boolean {
  return isGeneratedCopyOf(file.path, template, bicepSourceExists);
}

/** The same, from what a parse said of the file (an audit task's answer, with no template kept). */
export function isGeneratedCopyOf(filePath: string, template: Pick<Template, 'language' | 'generator'>, bicepSourceExists: (bicepPath: string) => boolean): boolean {
  if (template.language !== 'arm' || template.generator?.toLowerCase() !== 'bicep') return false;
  const stem = path.basename(filePath).split('.')[0] ?? '';
  return bicepSourceExists(path.join(path.dirname(filePath), `${stem}.bicep`));
}

/**
 * A template's syntax problems as one audit problem. Read after the analysis: a Bicep file is
 * parsed only as far as the rules needed, so these are the lexer's and those of the declarations read.
 */
export function syntaxProblemOf({ file, template }: LoadedTemplate): FileProblem[] {
  const found = template.problemsSoFar?.() ?? template.problems;
  const first = found[0];
  if (!first) return [];
  const line = file.lines.positionAt(first.range.start).line + 1;
  return [{ file: file.path, message: `has ${found.length} syntax error${found.length === 1 ? '' : 's'} (first at line ${line}: ${first.message}); the rest was analysed` }];
}

/** Reads files a few ahead of the parser (see readAhead); parsing stays in order, one file after the other. */
export async function loadFiles(files: readonly string[], into: LoadedFiles, limits: FileLimits = {}): Promise<void> {
  await readAhead(files, limits, (filePath, read) => loadFile(filePath, into, { alreadyRead: read, limits }));
}
