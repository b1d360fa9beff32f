import type { Node } from 'web-tree-sitter';
import type { ArrayExpression, Expression, ObjectExpression, ObjectMember } from '../../model/expression';
import type { Range } from '../../model/range';
import type { Loop, SyntaxProblem } from '../../model/template';
import { OPERATOR_NODE_TYPES, readOperators, type OperatorContext } from './operators';
import type { SanitizedText } from './sanitize';

/**
 * Turns tree-sitter-bicep nodes into the shared expression model. String values, spreads and
 * array literals come from what the lexer and the sanitizer remembered, not from the tree, whose
 * text was rewritten. What cannot be read becomes an `unparsed` expression; nothing throws.
 */

export interface ConvertContext {
  /** Offset in the file of the parsed text's first character. */
  readonly base: number;
  readonly sanitized: SanitizedText;
}

export interface ResourceValue {
  readonly condition: Expression | undefined;
  readonly loop: Loop | undefined;
  readonly body: ObjectExpression | undefined;
}

export function convertExpression(node: Node, ctx: ConvertContext): Expression {
  if (node.isError || node.isMissing) return unparsed(node, ctx, 'a syntax error');
  if (OPERATOR_NODE_TYPES.has(node.type)) return readOperators(node, operatorContext(ctx)) ?? unparsed(node, ctx, 'operators that do not fit together');
  const range = rangeOf(node, ctx);
  switch (node.type) {
    case 'identifier':
      return { kind: 'identifier', name: textOf(node, ctx), range };
    case 'number':
      return { kind: 'number', value: Number(textOf(node, ctx)), range };
    case 'boolean':
      return { kind: 'boolean', value: textOf(node, ctx) === 'true', range };
    case 'null':
      return { kind: 'null', range };
    case 'string':
      return convertString(node, ctx);
    case 'object':
      return convertObject(node, ctx);
    case 'array':
      return convertArray(node, ctx);
    case 'for_statement':
      return convertFor(node, ctx);
    case 'parenthesized_expression': {
      if (ctx.sanitized.arrays.has(range.start)) return convertArray(node, ctx);
      const [inner, ...rest] = node.namedChildren;
      return inner && rest.length === 0 ? convertExpression(inner, ctx) : unparsed(node, ctx, 'a parenthesized list');
    }
    default:
      return unparsed(node, ctx, `unsupported syntax (${node.type})`);
  }
}

/** The value of a resource or module: `{…}`, `if (c) {…}`, `[for … : {…}]` or `[for … : if (c) {…}]`. */
export function readResourceValue(node: Node, ctx: ConvertContext): ResourceValue {
  if (node.type === 'object') return { condition: undefined, loop: undefined, body: convertObject(node, ctx) };
  if (node.type === 'if_statement') return readIf(node, ctx);
  if (node.type === 'for_statement') {
    const loop = readLoopHeader(node, ctx);
    const body = node.childForFieldName('body');
    const inner = body?.type === 'object' || body?.type === 'if_statement' ? readResourceValue(body, ctx) : undefined;
    return { condition: inner?.condition, loop, body: inner?.body };
  }
  return { condition: undefined, loop: undefined, body: undefined };
}

/** ERROR and MISSING nodes of a parse, as problems in the file. */
export function syntaxProblems(root: Node, ctx: ConvertContext): SyntaxProblem[] {
  const problems: SyntaxProblem[] = [];
  if (!root.hasError) return problems;
  const visit = (node: Node): void => {
    if (node.isMissing) {
      const at = ctx.base + node.startIndex;
      problems.push({ message: `Expected '${node.type}'`, range: { start: at, end: at } });
    } else if (node.isError) {
      const text = textOf(node, ctx).trim();
      const shown = text.length > 40 ? `${text.slice(0, 40)}…` : text;
      problems.push({ message: shown ? `Unexpected '${shown}'` : 'Syntax error', range: rangeOf(node, ctx) });
    } else if (node.hasError) {
      for (const child of node.children) visit(child);
    }
  };
  visit(root);
  return problems;
}

function readIf(node: Node, ctx: ConvertContext): ResourceValue {
  const condition = node.namedChildren.find((child) => child.type === 'parenthesized_expression');
  const object = node.namedChildren.find((child) => child.type === 'object');
  return {
    condition: condition ? convertExpression(condition, ctx) : undefined,
    loop: undefined,
    body: object ? convertObject(object, ctx) : undefined,
  };
}

function convertString(node: Node, ctx: ConvertContext): Expression {
  const token = ctx.sanitized.strings.get(ctx.base + node.startIndex);
  if (!token) return unparsed(node, ctx, 'a string the lexer did not see');
  const range = rangeOf(node, ctx);
  if (token.segments.every((segment) => typeof segment === 'string')) return { kind: 'string', value: detached(token.segments.join('')), range };
  const holes = node.namedChildren.filter((child) => child.type === 'interpolation');
  const parts: (string | Expression)[] = [];
  let hole = 0;
  for (const segment of token.segments) {
    if (typeof segment === 'string') {
      parts.push(detached(segment));
      continue;
    }
    const expression = holes[hole++]?.namedChildren[0];
    const range = { start: segment.start, end: segment.end };
    parts.push(expression ? convertExpression(expression, ctx) : { kind: 'unparsed', text: textAt(range, ctx), reason: 'an interpolation the parser did not read', range });
  }
  return { kind: 'interpolation', parts, range };
}

function convertObject(node: Node, ctx: ConvertContext): ObjectExpression {
  const properties: ObjectMember[] = [];
  for (const child of node.namedChildren) {
    if (child.type !== 'object_property') continue;
    const member = convertProperty(child, ctx);
    if (member) properties.push(member);
  }
  return { kind: 'object', properties, range: rangeOf(node, ctx) };
}

function convertProperty(node: Node, ctx: ConvertContext): ObjectMember | undefined {
  const keyNode = node.child(0);
  if (!keyNode || keyNode.type === 'resource_declaration') return undefined;
  const valueNode = namedChildAfter(node, ':');
  const keyRange = rangeOf(keyNode, ctx);
  const value = valueNode ? convertExpression(valueNode, ctx) : unparsed(node, ctx, 'a property without a value');
  const range = { start: keyRange.start, end: value.range.end };
  if (ctx.sanitized.objectSpreads.has(keyRange.start)) return { kind: 'spread', value, range };
  let key: string | Expression;
  if (keyNode.type === 'string') {
    const converted = convertString(keyNode, ctx);
    key = converted.kind === 'string' ? converted.value : converted;
  } else {
    key = textOf(keyNode, ctx).replace(/\?$/, '');
  }
  return { kind: 'property', key, keyRange, value, range };
}

/**
 * An array literal: an `array` node, or a parenthesized list that the sanitizer wrote for it.
 * `[...a, b]` has no node of its own in the model: it becomes `concat(a, [b])`, which means the same.
 */
function convertArray(node: Node, ctx: ConvertContext): Expression {
  const range = rangeOf(node, ctx);
  const items = node.namedChildren.map((child) => convertExpression(child, ctx));
  if (!items.some((item) => ctx.sanitized.arraySpreads.has(item.range.start))) return { kind: 'array', items, range };
  const args: Expression[] = [];
  let run: Expression[] = [];
  const endRun = (): void => {
    const [first] = run;
    const last = run[run.length - 1];
    if (first && last) args.push({ kind: 'array', items: run, range: { start: first.range.start, end: last.range.end } } satisfies ArrayExpression);
    run = [];
  };
  for (const item of items) {
    if (ctx.sanitized.arraySpreads.has(item.range.start)) {
      endRun();
      args.push(item);
    } else run.push(item);
  }
  endRun();
  return { kind: 'call', name: 'concat', args, range };
}

function convertFor(node: Node, ctx: ConvertContext): Expression {
  const header = readLoopHeader(node, ctx);
  const body = node.childForFieldName('body');
  if (!header || !body) return unparsed(node, ctx, 'an incomplete loop');
  if (body.type === 'if_statement') return unparsed(node, ctx, 'a filtered loop outside a resource or module');
  return { kind: 'for', itemName: header.itemName, indexName: header.indexName, iterable: header.iterable, body: convertExpression(body, ctx), range: rangeOf(node, ctx) };
}

type ForLoop = Extract<Loop, { kind: 'for' }>;

function readLoopHeader(node: Node, ctx: ConvertContext): ForLoop | undefined {
  const parameters = node.namedChildren.find((child) => child.type === 'for_loop_parameters');
  const itemNode = parameters ? parameters.namedChildren.find((child) => child.type === 'loop_variable') : node.childForFieldName('initializer');
  const indexNode = parameters?.namedChildren.find((child) => child.type === 'loop_enumerator');
  const itemName = itemNode ? textOf(itemNode, ctx) : undefined;
  const indexName = indexNode ? textOf(indexNode, ctx) : undefined;
  const iterable = namedChildAfter(node, 'in');
  return iterable ? { kind: 'for', itemName, indexName, iterable: convertExpression(iterable, ctx) } : undefined;
}

/** The first named child after an anonymous token such as `:` or `in`. */
function namedChildAfter(node: Node, token: string): Node | undefined {
  let seen = false;
  for (const child of node.children) {
    if (seen && child.isNamed) return child;
    if (!child.isNamed && child.type === token) seen = true;
  }
  return undefined;
}

const operatorContexts = new WeakMap<ConvertContext, OperatorContext>();

function operatorContext(ctx: ConvertContext): OperatorContext {
  let operators = operatorContexts.get(ctx);
  if (!operators) {
    operators = {
      convert: (node) => convertExpression(node, ctx),
      text: (node) => textOf(node, ctx),
      textAt: (range) => textAt(range, ctx),
      rangeOf: (node) => rangeOf(node, ctx),
      countsFromEnd: (offset) => ctx.sanitized.fromEndIndexes.has(offset),
    };
    operatorContexts.set(ctx, operators);
  }
  return operators;
}

function unparsed(node: Node, ctx: ConvertContext, reason: string): Expression {
  const range = rangeOf(node, ctx);
  return { kind: 'unparsed', text: textAt(range, ctx), reason, range };
}

/** The node's text as written: cheaper than asking the tree, and the tree's text was rewritten. */
function textOf(node: Node, ctx: ConvertContext): string {
  return ctx.sanitized.original.slice(node.startIndex, node.endIndex);
}

function textAt(range: Range, ctx: ConvertContext): string {
  return ctx.sanitized.original.slice(range.start - ctx.base, range.end - ctx.base);
}

/**
 * A string value of the lexer's, copied: the lexer's strings are slices of the whole file, and a
 * cached value holding one would keep that version of the file in memory.
 */
function detached(text: string): string {
  return (' ' + text).slice(1);
}

function rangeOf(node: Node, ctx: ConvertContext): Range {
  return { start: ctx.base + node.startIndex, end: ctx.base + node.endIndex };
}
