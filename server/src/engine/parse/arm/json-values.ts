import type { Expression, ObjectProperty } from '../../model/expression';
import { span, type Range } from '../../model/range';
import { parseArmString, type ArmExpressionOptions } from './expression';
import { decodeStringNode, type JsonNode } from './json-document';

/**
 * Converts a JSON tree to the shared expression IR: strings become literals or parsed ARM
 * expressions, object keys that are expressions become expressions. Recursion is bounded by the
 * depth check that precedes parsing.
 */
export function jsonToExpression(text: string, node: JsonNode, options: ArmExpressionOptions = {}): Expression {
  const range = nodeRange(node);
  switch (node.type) {
    case 'object':
      return { kind: 'object', properties: propertiesOf(text, node, options), range };
    case 'array':
      return { kind: 'array', items: (node.children ?? []).map((item) => jsonToExpression(text, item, options)), range };
    case 'string':
      return parseArmString(decodeStringNode(text, node), range, options);
    case 'number':
      return { kind: 'number', value: Number(node.value), range };
    case 'boolean':
      return { kind: 'boolean', value: node.value === true, range };
    case 'null':
      return { kind: 'null', range };
    case 'property':
      return { kind: 'unparsed', text: text.slice(range.start, range.end), reason: 'A property outside an object', range };
  }
}

function propertiesOf(text: string, object: JsonNode, options: ArmExpressionOptions): ObjectProperty[] {
  const properties: ObjectProperty[] = [];
  for (const property of object.children ?? []) {
    const [keyNode, valueNode] = property.children ?? [];
    // A key without a value only occurs in broken JSON, which is reported as a problem already.
    if (keyNode === undefined || valueNode === undefined) continue;
    const keyRange = nodeRange(keyNode);
    const key = parseArmString(decodeStringNode(text, keyNode), keyRange, options);
    properties.push({
      kind: 'property',
      key: key.kind === 'string' ? key.value : key,
      keyRange,
      value: jsonToExpression(text, valueNode, options),
      range: span(keyRange.start, nodeRange(valueNode).end),
    });
  }
  return properties;
}

function nodeRange(node: JsonNode): Range {
  return span(node.offset, node.offset + Math.max(node.length, 0));
}
