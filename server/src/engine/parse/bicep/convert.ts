import type { Node } from 'web-tree-sitter';
import type { ArrayExpression, Expression, ObjectExpression, ObjectMember } from '../../model/expression';
import type { Range } from '../../model/range';
import type { Loop, SyntaxProblem } from '../../model/template';
import type { SanitizedText } from './sanitize';

/** Turns tree-sitter-bicep nodes into the shared expression model. Never throws on odd input. */
export interface ConvertContext {
  /** The file text: unparsed expressions keep their original text. */
  readonly source: string;
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
  const range = rangeOf(node, ctx);
  switch (node.type) {
    case 'identifier':
      return { kind: 'identifier', name: node.text, range };
    case 'number':
      return { kind: 'number', value: Number(node.text), range };
    case 'boolean':
      return { kind: 'boolean', value: node.text === 'true', range };
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
    case 'call_expression':
      return convertCall(node, ctx);
    case 'member_expression':
      return convertMember(node, ctx);
    case 'subscript_expression':
      return convertSubscript(node, ctx);
    case 'resource_expression':
      return convertNestedResourceAccess(node, ctx);
    case 'unary_expression':
      return convertUnary(node, ctx);
    case 'binary_expression':
      return convertBinary(node, ctx);
    case 'ternary_expression':
      return convertTernary(node, ctx);
    case 'lambda_expression':
      return convertLambda(node, ctx);
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
      const text = ctx.source.slice(ctx.base + node.startIndex, ctx.base + node.endIndex).trim();
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
  if (token.segments.every((segment) => typeof segment === 'string')) return { kind: 'string', value: token.segments.join(''), range };
  const holes = node.namedChildren.filter((child) => child.type === 'interpolation');
  const parts: (string | Expression)[] = [];
  let hole = 0;
  for (const segment of token.segments) {
    if (typeof segment === 'string') {
      parts.push(segment);
      continue;
    }
    const expression = holes[hole++]?.namedChildren[0];
    parts.push(expression ? convertExpression(expression, ctx) : { kind: 'unparsed', text: ctx.source.slice(segment.start, segment.end), reason: 'an interpolation the parser did not read', range: { start: segment.start, end: segment.end } });
  }
  return { kind: 'interpolation', parts, range };
}

export function convertObject(node: Node, ctx: ConvertContext): ObjectExpression {
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
    key = keyNode.type === 'compatible_identifier' ? keyNode.text.replace(/\?$/, '') : keyNode.text;
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
  const itemName = parameters ? parameters.namedChildren.find((child) => child.type === 'loop_variable')?.text : node.childForFieldName('initializer')?.text;
  const indexName = parameters?.namedChildren.find((child) => child.type === 'loop_enumerator')?.text;
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

/**
 * The grammar binds `.`, `[…]`, `(…)` and `::` more loosely than every operator, so `c ? a : b.id`
 * arrives as `(c ? a : b).id` and `!az.f(x)` as `(!az).f(x)`. In Bicep they bind tightest (an
 * operator expression as their target needs parentheses, which arrive as a parenthesized node),
 * so the access moves onto the rightmost operand: `c ? a : (b.id)`.
 */
function postfix(target: Expression, end: number, make: (operand: Expression, range: Range) => Expression): Expression {
  const range = { start: target.range.start, end };
  switch (target.kind) {
    case 'unary':
      return { ...target, operand: postfix(target.operand, end, make), range };
    case 'binary':
      return { ...target, right: postfix(target.right, end, make), range };
    case 'ternary':
      return { ...target, whenFalse: postfix(target.whenFalse, end, make), range };
    case 'lambda':
      return { ...target, body: postfix(target.body, end, make), range };
    default:
      return make(target, range);
  }
}

/** `f(x)`, `az.f(x)`, `sys.f(x)`, `storage.listKeys()`: the namespace is the name before the dot. */
function convertCall(node: Node, ctx: ConvertContext): Expression {
  const callee = node.childForFieldName('function');
  const argumentList = node.childForFieldName('arguments');
  if (!callee || !argumentList) return unparsed(node, ctx, 'an incomplete call');
  const args = argumentList.namedChildren.map((child) => convertExpression(child, ctx));
  const end = ctx.base + node.endIndex;
  const object = callee.type === 'member_expression' ? callee.childForFieldName('object') : null;
  const method = callee.type === 'member_expression' ? callee.childForFieldName('property')?.text : undefined;
  if (object && method) {
    return postfix(convertExpression(object, ctx), end, (operand, range): Expression => {
      if (operand.kind === 'identifier') return { kind: 'call', name: method, namespace: operand.name, args, range };
      return { kind: 'unparsed', text: ctx.source.slice(range.start, range.end), reason: 'a call on a computed value', range };
    });
  }
  return postfix(convertExpression(callee, ctx), end, (operand, range): Expression => {
    if (operand.kind === 'identifier') return { kind: 'call', name: operand.name, args, range };
    return { kind: 'unparsed', text: ctx.source.slice(range.start, range.end), reason: 'a call of a value that is not a function name', range };
  });
}

function convertMember(node: Node, ctx: ConvertContext): Expression {
  const object = node.childForFieldName('object');
  const property = node.childForFieldName('property');
  if (!object || !property) return unparsed(node, ctx, 'an incomplete property access');
  const safe = node.children.some((child) => child.type === '.?');
  return postfix(convertExpression(object, ctx), ctx.base + node.endIndex, (operand, range) => ({ kind: 'member', object: operand, property: property.text, safe, range }));
}

function convertSubscript(node: Node, ctx: ConvertContext): Expression {
  const object = node.childForFieldName('object');
  const index = node.childForFieldName('index');
  if (!object || !index) return unparsed(node, ctx, 'an incomplete index');
  const safe = node.children.some((child) => child.type === '?');
  const position = convertExpression(index, ctx);
  const fromEnd = ctx.sanitized.fromEndIndexes.has(position.range.start);
  return postfix(convertExpression(object, ctx), ctx.base + node.endIndex, (operand, range) => {
    // `a[^n]` counts from the end: it is `a[length(a) - n]`.
    const length: Expression = { kind: 'call', name: 'length', args: [operand], range: position.range };
    const counted: Expression = fromEnd ? { kind: 'binary', operator: '-', left: length, right: position, range: position.range } : position;
    return { kind: 'index', object: operand, index: counted, safe, range };
  });
}

/**
 * `parent::child` names a nested resource. The model has no node for it; nested resources are
 * declared under their own symbolic name, so it reads as a reference to `child`.
 */
function convertNestedResourceAccess(node: Node, ctx: ConvertContext): Expression {
  const object = node.childForFieldName('object');
  const child = node.childForFieldName('resource');
  if (!object || !child) return unparsed(node, ctx, 'an incomplete nested resource access');
  return postfix(convertExpression(object, ctx), ctx.base + node.endIndex, (_operand, range) => ({ kind: 'identifier', name: child.text, range }));
}

function convertUnary(node: Node, ctx: ConvertContext): Expression {
  const operator = node.childForFieldName('operator');
  const operand = node.childForFieldName('argument');
  if (!operator || !operand) return unparsed(node, ctx, 'an incomplete unary expression');
  return { kind: 'unary', operator: operator.type, operand: convertExpression(operand, ctx), range: rangeOf(node, ctx) };
}

function convertBinary(node: Node, ctx: ConvertContext): Expression {
  const left = node.childForFieldName('left');
  const operator = node.childForFieldName('operator');
  const right = node.childForFieldName('right');
  if (!left || !operator || !right) return unparsed(node, ctx, 'an incomplete binary expression');
  return { kind: 'binary', operator: operator.type, left: convertExpression(left, ctx), right: convertExpression(right, ctx), range: rangeOf(node, ctx) };
}

function convertTernary(node: Node, ctx: ConvertContext): Expression {
  const condition = node.childForFieldName('condition');
  const whenTrue = node.childForFieldName('consequence');
  const whenFalse = node.childForFieldName('alternative');
  if (!condition || !whenTrue || !whenFalse) return unparsed(node, ctx, 'an incomplete conditional expression');
  return {
    kind: 'ternary',
    condition: convertExpression(condition, ctx),
    whenTrue: convertExpression(whenTrue, ctx),
    whenFalse: convertExpression(whenFalse, ctx),
    range: rangeOf(node, ctx),
  };
}

/** `x => …` or `(x, y) => …`: the grammar reads the parameter list as a parenthesized expression. */
function convertLambda(node: Node, ctx: ConvertContext): Expression {
  const [parameterList, body] = node.namedChildren;
  if (!parameterList || !body) return unparsed(node, ctx, 'an incomplete lambda');
  const parameterNodes = parameterList.type === 'identifier' ? [parameterList] : parameterList.type === 'parenthesized_expression' ? parameterList.namedChildren : [];
  if (parameterNodes.length === 0 && parameterList.type !== 'parenthesized_expression') return unparsed(node, ctx, 'lambda parameters that are not names');
  const parameters: string[] = [];
  for (const parameter of parameterNodes) {
    if (parameter.type !== 'identifier') return unparsed(node, ctx, 'lambda parameters that are not names');
    parameters.push(parameter.text);
  }
  return { kind: 'lambda', parameters, body: convertExpression(body, ctx), range: rangeOf(node, ctx) };
}

function unparsed(node: Node, ctx: ConvertContext, reason: string): Expression {
  const range = rangeOf(node, ctx);
  return { kind: 'unparsed', text: ctx.source.slice(range.start, range.end), reason, range };
}

function rangeOf(node: Node, ctx: ConvertContext): Range {
  return { start: ctx.base + node.startIndex, end: ctx.base + node.endIndex };
}
