import { propertyNamed, type Expression, type ObjectExpression, type ObjectProperty } from '../../model/expression';

/** An object property whose key is a plain string (not an ARM expression). */
export type NamedProperty = ObjectProperty & { readonly key: string };

export function namedProperties(object: ObjectExpression): NamedProperty[] {
  return object.properties.filter((member): member is NamedProperty => member.kind === 'property' && typeof member.key === 'string');
}

/** The value of a property (names compare case-insensitively, as ARM does), when it is an object. */
export function objectProperty(object: ObjectExpression | undefined, name: string): ObjectExpression | undefined {
  const value = object && propertyNamed(object, name)?.value;
  return value?.kind === 'object' ? value : undefined;
}

/** The value of a property when it is a literal string. */
export function stringProperty(object: ObjectExpression | undefined, name: string): string | undefined {
  const value = object && propertyNamed(object, name)?.value;
  return value?.kind === 'string' ? value.value : undefined;
}

/**
 * A value's text as the template author wrote it: a literal's value, or for anything else the
 * source text (without the quotes of an expression string).
 */
export function writtenText(text: string, value: Expression): string {
  if (value.kind === 'string') return value.value;
  const { start, end } = value.range;
  const quoted = text[start] === '"' && text[end - 1] === '"' && end - start >= 2;
  return quoted ? text.slice(start + 1, end - 1) : text.slice(start, end);
}
