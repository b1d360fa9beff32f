import type { Node } from 'web-tree-sitter';
import type { Expression, ObjectExpression } from '../../model/expression';
import type { Loop, SyntaxProblem } from '../../model/template';
import { convertExpression, readResourceValue, syntaxProblems, type ConvertContext } from './convert';
import type { DeclarationHeader } from './headers';
import type { Token } from './lexer';
import { sanitizeDeclaration, type SanitizedText } from './sanitize';
import { withSyntaxTree } from './tree-sitter';

/** What tree-sitter reads from one declaration. */
export interface DeclarationValues {
  /** `var`, `param` (default), `output`, `metadata`, `assert`: the expression after `=`. */
  readonly value: Expression | undefined;
  /** `resource`, `module`. */
  readonly condition: Expression | undefined;
  readonly loop: Loop | undefined;
  readonly body: ObjectExpression | undefined;
  readonly problems: readonly SyntaxProblem[];
}

/** The tree-sitter node that holds each kind of declaration, once sanitized (see sanitize.ts). */
const NODE_TYPES: Readonly<Partial<Record<DeclarationHeader['kind'], string>>> = {
  resource: 'resource_declaration',
  module: 'module_declaration',
  param: 'variable_declaration',
  var: 'variable_declaration',
  output: 'variable_declaration',
  metadata: 'metadata_declaration',
  assert: 'assert_statement',
};

const NO_VALUES: DeclarationValues = { value: undefined, condition: undefined, loop: undefined, body: undefined, problems: [] };

/** Whether tree-sitter has anything to read in a declaration of this kind (types, imports … have no values in the model). */
export function hasValues(header: DeclarationHeader): boolean {
  return NODE_TYPES[header.kind] !== undefined && header.equalsIndex !== undefined;
}

/**
 * Parsed declarations by content. The same text parses to the same tree wherever it stands, so an
 * edit elsewhere in a file (or the same declaration in another file) costs only a shift of offsets.
 */
const cache = new Map<string, { readonly base: number; readonly values: DeclarationValues }>();
const CACHE_LIMIT = 20_000;

export function readDeclarationValues(source: string, tokens: readonly Token[], header: DeclarationHeader): DeclarationValues {
  if (!hasValues(header)) return NO_VALUES;
  const base = header.range.start;
  const cached = cache.get(cacheKey(header, source.slice(base, header.range.end)));
  if (cached) return cached.base === base ? cached.values : shifted(cached.values, base - cached.base);
  const sanitized = sanitizeDeclaration(source, tokens, header);
  const values = parseValues(sanitized, header);
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value ?? '');
  cache.set(cacheKey(header, sanitized.original), { base, values });
  return values;
}

function cacheKey(header: DeclarationHeader, text: string): string {
  return `${header.kind}\u0000${text}`;
}

function parseValues(sanitized: SanitizedText, header: DeclarationHeader): DeclarationValues {
  const ctx: ConvertContext = { base: header.range.start, sanitized };
  return withSyntaxTree(sanitized.text, (root) => {
    const problems = syntaxProblems(root, ctx);
    const declaration = root.namedChildren.find((child) => child.type === NODE_TYPES[header.kind]);
    const valueNode = declaration ? valueAfterEquals(declaration) : undefined;
    if (!valueNode) return { ...NO_VALUES, problems, value: header.kind === 'var' ? missingValue(sanitized, header) : undefined };
    if (header.kind === 'resource' || header.kind === 'module') return { ...readResourceValue(valueNode, ctx), value: undefined, problems };
    return { ...NO_VALUES, value: convertExpression(valueNode, ctx), problems };
  });
}

function valueAfterEquals(declaration: Node): Node | undefined {
  let seen = false;
  for (const child of declaration.children) {
    if (seen && child.isNamed) return child;
    if (child.type === '=') seen = true;
  }
  return undefined;
}

function missingValue(sanitized: SanitizedText, header: DeclarationHeader): Expression {
  const { start, end } = header.range;
  return { kind: 'unparsed', text: sanitized.original, reason: 'the value could not be read', range: { start, end } };
}

/** A deep copy with every range moved by `delta`. Hot while typing: plain loops, no intermediate arrays. */
function shifted<T>(value: T, delta: number): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const items: unknown[] = new Array(value.length);
    for (let i = 0; i < value.length; i++) items[i] = shifted(value[i] as unknown, delta);
    return items as T;
  }
  const source = value as Record<string, unknown>;
  const copy: Record<string, unknown> = {};
  for (const key in source) {
    const field = source[key];
    copy[key] = (key === 'range' || key === 'keyRange') && isRange(field) ? { start: field.start + delta, end: field.end + delta } : shifted(field, delta);
  }
  return copy as T;
}

function isRange(value: unknown): value is { start: number; end: number } {
  return typeof value === 'object' && value !== null && typeof (value as { start?: unknown }).start === 'number';
}
