import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { span, type Range } from '../../../server/src/engine/model/range';
import { SourceFile } from '../../../server/src/engine/model/source-file';
import type { Template } from '../../../server/src/engine/model/template';
import { parseArmTemplate, type ArmParseOptions } from '../../../server/src/engine/parse/arm';

/** `../shared` beside the repository (cases and corpus), when it is there. */
export function sharedFolder(): string | undefined {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) {
      const shared = path.resolve(dir, '../shared');
      return fs.existsSync(shared) ? shared : undefined;
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}

export function readCase(caseName: string, file: string): SourceFile | undefined {
  const shared = sharedFolder();
  if (shared === undefined) return undefined;
  const filePath = path.join(shared, 'cases', caseName, file);
  return new SourceFile(filePath, fs.readFileSync(filePath, 'utf8'));
}

export function parseTemplateText(text: string, options?: ArmParseOptions): Template {
  return expectTemplate(new SourceFile('/test/template.json', text), options);
}

export function expectTemplate(file: SourceFile, options?: ArmParseOptions): Template {
  const result = parseArmTemplate(file, options);
  if (result.kind !== 'template') assert.fail(`expected a template, got ${result.kind === 'invalid' ? result.message : result.kind}`);
  return result.template;
}

/** The range of the only (or the `occurrence`-th) appearance of `needle` in `text`. */
export function rangeOf(text: string, needle: string, occurrence = 0): Range {
  let start = -1;
  for (let i = 0; i <= occurrence; i++) start = text.indexOf(needle, start + 1);
  assert.ok(start >= 0, `${JSON.stringify(needle)} not found`);
  return span(start, start + needle.length);
}

export const TEMPLATE_SCHEMA = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';
