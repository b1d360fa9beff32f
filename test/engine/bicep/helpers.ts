import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Expression } from '../../../server/src/engine/model/expression';
import type { Range } from '../../../server/src/engine/model/range';
import { SourceFile } from '../../../server/src/engine/model/source-file';
import type { Declaration, Template } from '../../../server/src/engine/model/template';
import { initBicepParser, parseBicep } from '../../../server/src/engine/parse/bicep';

/** From the compiled location out/test/engine/bicep/. */
export const GRAMMARS_DIR = path.resolve(__dirname, '../../../../grammars');
/** `../shared` beside the repository: cases, oracles and corpus, read-only. */
export const SHARED_DIR = path.resolve(__dirname, '../../../../../shared');

export function sharedPath(...parts: string[]): string | undefined {
  const target = path.join(SHARED_DIR, ...parts);
  return fs.existsSync(target) ? target : undefined;
}

/** For a mocha `before` hook: loads the real WASM grammar. */
export async function loadGrammar(): Promise<void> {
  assert.ok(fs.existsSync(path.join(GRAMMARS_DIR, 'tree-sitter-bicep.wasm')), `run 'node scripts/build.js' to copy the grammars into ${GRAMMARS_DIR}`);
  await initBicepParser(GRAMMARS_DIR);
}

export interface Parsed {
  readonly file: SourceFile;
  readonly template: Template;
}

export function parseText(text: string, fileName = '/test/main.bicep'): Parsed {
  const file = new SourceFile(fileName, text);
  return { file, template: parseBicep(file) };
}

export function readFile(filePath: string): Parsed {
  return parseText(fs.readFileSync(filePath, 'utf8'), filePath);
}

export function declarationNamed<K extends Declaration['kind']>(template: Template, kind: K, name: string): Extract<Declaration, { kind: K }> {
  const found = template.declarations.find((declaration): declaration is Extract<Declaration, { kind: K }> => declaration.kind === kind && declaration.name === name);
  assert.ok(found, `no ${kind} named ${name} among ${template.declarations.map((d) => `${d.kind} ${d.name}`).join(', ')}`);
  return found;
}

export function textOf(file: SourceFile, range: Range): string {
  return file.text.slice(range.start, range.end);
}

/** Reads every lazy value, so that each declaration is parsed. */
export function readAllValues(template: Template): void {
  for (const declaration of template.declarations) {
    switch (declaration.kind) {
      case 'param':
        void declaration.defaultValue;
        break;
      case 'var':
      case 'output':
        void declaration.value;
        break;
      case 'resource':
      case 'module':
        void declaration.body;
        void declaration.condition;
        void declaration.loop;
        break;
      default:
        break;
    }
  }
}

/** A compact, fully parenthesized rendering of an expression, for exact comparisons in tests. */
export function show(expression: Expression | undefined): string {
  if (expression === undefined) return '<none>';
  switch (expression.kind) {
    case 'string':
      return JSON.stringify(expression.value);
    case 'interpolation':
      return '`' + expression.parts.map((part) => (typeof part === 'string' ? part : '${' + show(part) + '}')).join('') + '`';
    case 'number':
    case 'boolean':
      return String(expression.value);
    case 'null':
      return 'null';
    case 'identifier':
      return expression.name;
    case 'object':
      return '{' + expression.properties.map((member) => (member.kind === 'spread' ? `...${show(member.value)}` : `${typeof member.key === 'string' ? member.key : `[${show(member.key)}]`}: ${show(member.value)}`)).join(', ') + '}';
    case 'array':
      return '[' + expression.items.map(show).join(', ') + ']';
    case 'member':
      return `${show(expression.object)}${expression.safe ? '.?' : '.'}${expression.property}`;
    case 'index':
      return `${show(expression.object)}[${expression.safe ? '?' : ''}${show(expression.index)}]`;
    case 'call':
      return `${expression.namespace ? `${expression.namespace}.` : ''}${expression.name}(${expression.args.map(show).join(', ')})`;
    case 'ternary':
      return `(${show(expression.condition)} ? ${show(expression.whenTrue)} : ${show(expression.whenFalse)})`;
    case 'binary':
      return `(${show(expression.left)} ${expression.operator} ${show(expression.right)})`;
    case 'unary':
      return `(${expression.operator}${show(expression.operand)})`;
    case 'lambda':
      return `((${expression.parameters.join(', ')}) => ${show(expression.body)})`;
    case 'for':
      return `[for (${expression.itemName ?? ''}, ${expression.indexName ?? ''}) in ${show(expression.iterable)}: ${show(expression.body)}]`;
    case 'unparsed':
      return `<unparsed: ${expression.text}>`;
  }
}

/** The value of `var <name>` in `text`, shown. */
export function showVariable(text: string, name = 'x'): string {
  const { template } = parseText(text);
  assert.deepEqual(template.problems, [], 'no syntax problems');
  return show(declarationNamed(template, 'var', name).value);
}
