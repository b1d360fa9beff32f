import * as path from 'node:path';
import type { FileLimits } from '../model/limits';
import type { SourceFile } from '../model/source-file';
import type { Template } from '../model/template';
import { parseArmTemplate } from './arm';
import { initBicepParser, parseBicep } from './bicep';

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
 * first. `limits.maxDepth` is the setting maxNestingDepth; the Bicep parser keeps its own bound.
 */
export function parseSourceFile(file: SourceFile, limits: FileLimits = {}): ParseOutcome {
  switch (templateFileKind(file.path)) {
    case 'bicep':
    case 'bicepparam':
      return { kind: 'template', template: parseBicep(file) };
    case 'json':
      return parseArmTemplate(file, { maxDepth: limits.maxDepth });
    default:
      return { kind: 'not-template' };
  }
}
