import type { Node } from 'web-tree-sitter';
import type { Expression } from '../../model/expression';
import type { Range } from '../../model/range';

/**
 * Operator expressions, rebuilt with Bicep's precedence. tree-sitter-bicep gives `.`, `[…]` and
 * `::` the lowest precedence of all, so `c ? a : b.d ?? e` arrives as `((c ? a : b).d) ?? e` and
 * `!az.f(x)` as `(!az).f(x)`. The order of the pieces is still the order of the text, so the
 * tree is flattened into operands and operators and parsed again by precedence climbing. Only
 * the operators are re-read: operands (literals, names, objects, arrays, parenthesized
 * expressions, strings) come from the grammar, which reads them correctly.
 */

export interface OperatorContext {
  /** Converts an operand, an index or an argument: anything that is not an operator here. */
  readonly convert: (node: Node) => Expression;
  /** A node's text, and a range's, as written. */
  readonly text: (node: Node) => string;
  readonly textAt: (range: Range) => string;
  /** A node's range in the file. */
  readonly rangeOf: (node: Node) => Range;
  /** Whether the index starting at this offset was written `^n`, counting from the end. */
  readonly countsFromEnd: (offset: number) => boolean;
}

export const OPERATOR_NODE_TYPES: ReadonlySet<string> = new Set([
  'unary_expression', 'binary_expression', 'ternary_expression', 'lambda_expression',
  'member_expression', 'subscript_expression', 'call_expression', 'resource_expression',
]);

type Piece =
  | { readonly kind: 'operand'; readonly expression: Expression }
  | { readonly kind: 'parameters'; readonly names: readonly string[]; readonly start: number }
  | { readonly kind: 'prefix'; readonly operator: string; readonly start: number }
  | { readonly kind: 'infix'; readonly operator: string }
  | { readonly kind: 'postfix'; readonly end: number; readonly apply: (target: Expression, range: Range) => Expression };

/** Binding strength of infix operators, loosest first, as the Bicep compiler ranks them. */
const PRECEDENCE: Readonly<Record<string, number>> = {
  '?': 1,
  '??': 2,
  '||': 3,
  '&&': 4,
  '|': 5,
  '==': 6, '!=': 6, '=~': 6, '!~': 6,
  '<': 7, '<=': 7, '>': 7, '>=': 7,
  '+': 8, '-': 8,
  '*': 9, '/': 9, '%': 9,
};

export function readOperators(node: Node, ctx: OperatorContext): Expression | undefined {
  const pieces: Piece[] = [];
  if (!flatten(node, ctx, pieces)) return undefined;
  const climber = new Climber(pieces, ctx);
  const expression = climber.expression(0);
  return expression && climber.done() ? expression : undefined;
}

/** Pushes the pieces of an operator tree in text order; false for a shape it does not know. */
function flatten(node: Node, ctx: OperatorContext, out: Piece[]): boolean {
  const field = (name: string): Node | null => node.childForFieldName(name);
  const sub = (child: Node | null): boolean => child !== null && flatten(child, ctx, out);
  const { start, end } = ctx.rangeOf(node);
  switch (node.type) {
    case 'unary_expression': {
      const operator = field('operator');
      if (!operator) return false;
      out.push({ kind: 'prefix', operator: operator.type, start });
      return sub(field('argument'));
    }
    case 'binary_expression': {
      const operator = field('operator');
      if (!operator || !sub(field('left'))) return false;
      out.push({ kind: 'infix', operator: operator.type });
      return sub(field('right'));
    }
    case 'ternary_expression':
      if (!sub(field('condition'))) return false;
      out.push({ kind: 'infix', operator: '?' });
      if (!sub(field('consequence'))) return false;
      out.push({ kind: 'infix', operator: ':' });
      return sub(field('alternative'));
    case 'lambda_expression': {
      const [parameterList, body] = node.namedChildren;
      const names = parameterList ? parameterNames(parameterList, ctx) : undefined;
      if (!parameterList || !names) return false;
      out.push({ kind: 'parameters', names, start }, { kind: 'infix', operator: '=>' });
      return sub(body ?? null);
    }
    case 'member_expression': {
      const propertyNode = field('property');
      const property = propertyNode ? ctx.text(propertyNode) : undefined;
      const safe = node.children.some((child) => child.type === '.?');
      if (property === undefined || !sub(field('object'))) return false;
      out.push({ kind: 'postfix', end, apply: (object, range) => ({ kind: 'member', object, property, safe, range }) });
      return true;
    }
    case 'subscript_expression': {
      const index = field('index');
      const safe = node.children.some((child) => child.type === '?');
      if (!index || !sub(field('object'))) return false;
      const position = ctx.convert(index);
      const fromEnd = ctx.countsFromEnd(position.range.start);
      out.push({ kind: 'postfix', end, apply: (object, range) => ({ kind: 'index', object, index: fromEnd ? countedFromEnd(object, position) : position, safe, range }) });
      return true;
    }
    case 'call_expression': {
      const argumentList = field('arguments');
      if (!argumentList || !sub(field('function'))) return false;
      const args = argumentList.namedChildren.map(ctx.convert);
      out.push({ kind: 'postfix', end, apply: (callee, range) => call(callee, args, range) });
      return true;
    }
    case 'resource_expression': {
      // `parent::child` names a nested resource, declared under its own symbolic name.
      const childNode = field('resource');
      const child = childNode ? ctx.text(childNode) : undefined;
      if (child === undefined || !sub(field('object'))) return false;
      out.push({ kind: 'postfix', end, apply: (_parent, range) => ({ kind: 'identifier', name: child, range }) });
      return true;
    }
    default:
      out.push({ kind: 'operand', expression: ctx.convert(node) });
      return true;
  }
}

/** `f(x)`, `az.f(x)`, `sys.f(x)`, `storage.listKeys()`: the namespace is the name before the dot. */
function call(callee: Expression, args: readonly Expression[], range: Range): Expression {
  if (callee.kind === 'identifier') return { kind: 'call', name: callee.name, args, range };
  if (callee.kind === 'member' && callee.object.kind === 'identifier') return { kind: 'call', name: callee.property, namespace: callee.object.name, args, range };
  return { kind: 'unparsed', text: '', reason: 'a call of a value that is not a function name', range };
}

/** `a[^n]` counts from the end: it is `a[length(a) - n]`. */
function countedFromEnd(object: Expression, index: Expression): Expression {
  const length: Expression = { kind: 'call', name: 'length', args: [object], range: index.range };
  return { kind: 'binary', operator: '-', left: length, right: index, range: index.range };
}

/** `x` or `(x, y)`: the grammar reads a lambda's parameter list as an expression. */
function parameterNames(node: Node, ctx: OperatorContext): string[] | undefined {
  if (node.type === 'identifier') return [ctx.text(node)];
  if (node.type !== 'parenthesized_expression') return undefined;
  const names = node.namedChildren.map((child) => (child.type === 'identifier' ? ctx.text(child) : undefined));
  return names.every((name) => name !== undefined) ? names : undefined;
}

/** Precedence climbing over the pieces; undefined when they do not form an expression. */
class Climber {
  private next = 0;

  constructor(
    private readonly pieces: readonly Piece[],
    private readonly ctx: OperatorContext,
  ) {}

  done(): boolean {
    return this.next === this.pieces.length;
  }

  expression(minimum: number): Expression | undefined {
    let left = this.unary();
    for (;;) {
      const piece = this.pieces[this.next];
      if (!left || piece?.kind !== 'infix') return left;
      const precedence = PRECEDENCE[piece.operator];
      if (precedence === undefined || precedence < minimum) return left;
      this.next++;
      left = piece.operator === '?' ? this.ternary(left) : this.binary(left, piece.operator, precedence);
    }
  }

  private ternary(condition: Expression): Expression | undefined {
    const whenTrue = this.expression(0);
    const colon = this.pieces[this.next];
    if (!whenTrue || colon?.kind !== 'infix' || colon.operator !== ':') return undefined;
    this.next++;
    const whenFalse = this.expression(PRECEDENCE['?'] ?? 0);
    return whenFalse && { kind: 'ternary', condition, whenTrue, whenFalse, range: { start: condition.range.start, end: whenFalse.range.end } };
  }

  private binary(left: Expression, operator: string, precedence: number): Expression | undefined {
    const right = this.expression(precedence + 1);
    return right && { kind: 'binary', operator, left, right, range: { start: left.range.start, end: right.range.end } };
  }

  /** Prefix operators and lambdas, which take everything to their right that binds tighter. */
  private unary(): Expression | undefined {
    const piece = this.pieces[this.next];
    if (piece?.kind === 'prefix') {
      this.next++;
      const operand = this.unary();
      return operand && { kind: 'unary', operator: piece.operator, operand, range: { start: piece.start, end: operand.range.end } };
    }
    if (piece?.kind === 'parameters') {
      const arrow = this.pieces[this.next + 1];
      if (arrow?.kind !== 'infix' || arrow.operator !== '=>') return undefined;
      this.next += 2;
      const body = this.expression(0);
      return body && { kind: 'lambda', parameters: piece.names, body, range: { start: piece.start, end: body.range.end } };
    }
    return this.postfix();
  }

  private postfix(): Expression | undefined {
    const piece = this.pieces[this.next];
    if (piece?.kind !== 'operand') return undefined;
    this.next++;
    let target = piece.expression;
    for (let after = this.pieces[this.next]; after?.kind === 'postfix'; after = this.pieces[this.next]) {
      this.next++;
      const range = { start: target.range.start, end: after.end };
      target = after.apply(target, range);
      if (target.kind === 'unparsed') target = { ...target, text: this.ctx.textAt(range) };
    }
    return target;
  }
}
