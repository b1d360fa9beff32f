import type { Range } from './range';

/**
 * One expression language for Bicep and ARM JSON templates. Both parsers produce it, the
 * evaluator reads it, and nothing else depends on which syntax a template was written in.
 * Every node keeps the exact range of its source text so that findings and fixes point at it.
 */
export type Expression =
  | StringLiteral
  | Interpolation
  | NumberLiteral
  | BooleanLiteral
  | NullLiteral
  | ObjectExpression
  | ArrayExpression
  | Identifier
  | MemberAccess
  | IndexAccess
  | Call
  | Ternary
  | Binary
  | Unary
  | Lambda
  | ForExpression
  | Unparsed;

export interface StringLiteral {
  readonly kind: 'string';
  readonly value: string;
  readonly range: Range;
}

/** A Bicep interpolated string: literal text parts alternate with expressions. */
export interface Interpolation {
  readonly kind: 'interpolation';
  readonly parts: readonly (string | Expression)[];
  readonly range: Range;
}

export interface NumberLiteral {
  readonly kind: 'number';
  readonly value: number;
  readonly range: Range;
}

export interface BooleanLiteral {
  readonly kind: 'boolean';
  readonly value: boolean;
  readonly range: Range;
}

export interface NullLiteral {
  readonly kind: 'null';
  readonly range: Range;
}

export interface ObjectExpression {
  readonly kind: 'object';
  readonly properties: readonly ObjectMember[];
  readonly range: Range;
}

export type ObjectMember = ObjectProperty | ObjectSpread;

export interface ObjectProperty {
  readonly kind: 'property';
  /** A plain string for identifier and literal keys; an expression for interpolated or ARM expression keys. */
  readonly key: string | Expression;
  readonly keyRange: Range;
  readonly value: Expression;
  /** From the start of the key to the end of the value. */
  readonly range: Range;
}

export interface ObjectSpread {
  readonly kind: 'spread';
  readonly value: Expression;
  readonly range: Range;
}

export interface ArrayExpression {
  readonly kind: 'array';
  readonly items: readonly Expression[];
  readonly range: Range;
}

/** A Bicep symbol reference (parameter, variable, resource, module, loop variable, lambda parameter). */
export interface Identifier {
  readonly kind: 'identifier';
  readonly name: string;
  readonly range: Range;
}

export interface MemberAccess {
  readonly kind: 'member';
  readonly object: Expression;
  readonly property: string;
  /** `.?` in Bicep. */
  readonly safe: boolean;
  readonly range: Range;
}

export interface IndexAccess {
  readonly kind: 'index';
  readonly object: Expression;
  readonly index: Expression;
  readonly safe: boolean;
  readonly range: Range;
}

/** A function call: Bicep `f(x)`, `az.f(x)`, `sys.f(x)`, or an ARM template function. Names keep their case. */
export interface Call {
  readonly kind: 'call';
  readonly name: string;
  readonly namespace?: string;
  readonly args: readonly Expression[];
  readonly range: Range;
}

export interface Ternary {
  readonly kind: 'ternary';
  readonly condition: Expression;
  readonly whenTrue: Expression;
  readonly whenFalse: Expression;
  readonly range: Range;
}

export interface Binary {
  readonly kind: 'binary';
  readonly operator: string;
  readonly left: Expression;
  readonly right: Expression;
  readonly range: Range;
}

export interface Unary {
  readonly kind: 'unary';
  readonly operator: string;
  readonly operand: Expression;
  readonly range: Range;
}

export interface Lambda {
  readonly kind: 'lambda';
  readonly parameters: readonly string[];
  readonly body: Expression;
  readonly range: Range;
}

/** Bicep `[for (item, index) in iterable: body]` used as a value. */
export interface ForExpression {
  readonly kind: 'for';
  readonly itemName: string | undefined;
  readonly indexName: string | undefined;
  readonly iterable: Expression;
  readonly body: Expression;
  readonly range: Range;
}

/** Text that could not be parsed as an expression: evaluates to unknown, never to a guess. */
export interface Unparsed {
  readonly kind: 'unparsed';
  readonly text: string;
  readonly reason: string;
  readonly range: Range;
}

export function propertyNamed(object: ObjectExpression, name: string): ObjectProperty | undefined {
  const wanted = name.toLowerCase();
  for (const member of object.properties) {
    if (member.kind === 'property' && typeof member.key === 'string' && member.key.toLowerCase() === wanted) return member;
  }
  return undefined;
}
