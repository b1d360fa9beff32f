import * as path from 'node:path';
import type { FileLimits } from '../model/limits';
import type { SourceFile } from '../model/source-file';
import type { Template } from '../model/template';
import { DEFAULT_MAX_JSON_DEPTH, parseArmTemplate } from './arm';
import { DEFAULT_MAX_NESTING_DEPTH, initBicepParser, NestingTooDeepError, parseBicep } from './bicep';

export type ParseOutcome =
  | { readonly kind: 'template'; readonly template: Template }
  | { readonly kind: 'not-template' }
  | { readonly kind: 'invalid'; readonly message: string };

export type TemplateFileKind = 'bicep' | 'bicepparam' | 'json' | 'other';

export function templateFileKind(filePath: string): TemplateFileKind {
  switch (path.extname(filePath).toLowerCase()) {
    case '.bicep':
      return 'bicep';
    case '.bicepparam':
      return 'bicepparam';
    case '.json':
    case '.jsonc':
      return 'json';
    default:
      return 'other';
  }
}

let ready: Promise<void> | undefined;

/** Loads the WASM grammar once per process; the folder is passed in, never guessed. */
export function initParsers(wasmDir: string): Promise<void> {
  ready ??= initBicepParser(wasmDir);
  return ready;
}

/**
 * Parses a Bicep, Bicep parameters or ARM JSON file; other JSON is 'not-template'. Call initParsers
 * first. `limits.maxDepth` (the setting maxNestingDepth) can lower each parser's nesting bound but
 * not raise it: past the defaults, the recursion that follows would risk the stack.
 */
export function parseSourceFile(file: SourceFile, limits: FileLimits = {}): ParseOutcome {
  switch (templateFileKind(file.path)) {
    case 'bicep':
    case 'bicepparam':
      return parseBicepFile(file, Math.min(limits.maxDepth ?? DEFAULT_MAX_NESTING_DEPTH, DEFAULT_MAX_NESTING_DEPTH));
    case 'json':
      return parseArmTemplate(file, { maxDepth: Math.min(limits.maxDepth ?? DEFAULT_MAX_JSON_DEPTH, DEFAULT_MAX_JSON_DEPTH) });
    default:
      return { kind: 'not-template' };
  }
}

function parseBicepFile(file: SourceFile, maxNestingDepth: number): ParseOutcome {
  try {
    return { kind: 'template', template: parseBicep(file, { maxNestingDepth }) };
  } catch (error) {
    if (!(error instanceof NestingTooDeepError)) throw error;
    const { line } = file.lines.positionAt(error.offset);
    return { kind: 'invalid', message: `The template is too deeply nested to read: at line ${line + 1}, ${error.message}` };
  }
}
