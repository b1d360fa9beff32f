import { parseSourceFile, SourceFile, templateFileKind, type FileProblem, type Template } from '../engine';
import { parseArmParametersFile } from '../engine/parse/arm';
import type { WorkspaceParameterFile } from '../engine/workspace-analysis';
import { readSource } from '../engine/workspace/read-source';
import { describeError } from './guard';

export interface LoadedTemplate {
  readonly file: SourceFile;
  readonly template: Template;
}

/** What the audit's file-by-file pass gathers before the deployments are analysed together. */
export interface Loaded {
  readonly templates: LoadedTemplate[];
  readonly parameterFiles: WorkspaceParameterFile[];
  readonly skipped: string[];
  readonly problems: FileProblem[];
}

/**
 * Reads one file (an open document's text wins over the disk's) and parses it, sorting it as the
 * engine's own audit (loadTemplates) does: a template, an ARM parameters file, skipped, or a problem.
 */
export async function loadFile(filePath: string, openText: string | undefined, loaded: Loaded, logError: (message: string) => void): Promise<void> {
  let file: SourceFile;
  if (openText !== undefined) {
    file = new SourceFile(filePath, openText);
  } else {
    const read = await readSource(filePath);
    if (read.kind !== 'text') {
      // Binary JSON is not a template: skipped quietly, as the CLI does. Binary Bicep, or anything unreadable, is a problem.
      if (templateFileKind(filePath) === 'json' && read.kind === 'binary') loaded.skipped.push(filePath);
      else loaded.problems.push({ file: filePath, message: read.kind === 'binary' ? 'is not a text file' : read.message });
      return;
    }
    file = read.file;
  }
  try {
    const outcome = parseSourceFile(file);
    if (outcome.kind === 'template') {
      loaded.templates.push({ file, template: outcome.template });
    } else if (outcome.kind === 'invalid') {
      loaded.problems.push({ file: filePath, message: outcome.message });
    } else {
      loaded.skipped.push(filePath);
      const values = templateFileKind(filePath) === 'json' ? parseArmParametersFile(file) : undefined;
      if (values) loaded.parameterFiles.push({ file, values });
    }
  } catch (error) {
    logError(`Workspace audit: cannot parse ${filePath}: ${describeError(error)}`);
    loaded.problems.push({ file: filePath, message: `could not be parsed: ${error instanceof Error ? error.message : String(error)}` });
  }
}
