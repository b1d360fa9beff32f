import { propertyNamed, type Expression, type ObjectExpression } from '../../model/expression';
import { span } from '../../model/range';
import type { Loop, ResourceDeclaration, Template } from '../../model/template';
import { namedProperties, objectProperty, stringProperty, writtenText, type NamedProperty } from './object-access';

interface ResourceContext {
  readonly text: string;
  readonly template: Template;
  /** The resource whose own `resources` array is being read. */
  readonly parent?: ResourceDeclaration;
}

/** Classic `"resources": [ … ]` or languageVersion 2.0 `"resources": { "symbolicName": { … } }`. */
export function readResources(section: Expression, context: ResourceContext): void {
  if (section.kind === 'array') {
    for (const item of section.items) {
      if (item.kind === 'object') readResource(item, undefined, context);
    }
  } else if (section.kind === 'object') {
    for (const property of namedProperties(section)) {
      if (property.value.kind === 'object') readResource(property.value, property, context);
    }
  }
}

function readResource(body: ObjectExpression, symbol: NamedProperty | undefined, context: ResourceContext): void {
  const { text, template, parent } = context;
  const typeValue = propertyNamed(body, 'type')?.value;
  const nameValue = propertyNamed(body, 'name')?.value;
  const apiVersionValue = propertyNamed(body, 'apiVersion')?.value;
  const openingBrace = span(body.range.start, body.range.start + 1);
  const declaration: ResourceDeclaration = {
    kind: 'resource',
    name: symbol?.key ?? (nameValue ? writtenText(text, nameValue) : ''),
    nameRange: symbol?.keyRange ?? nameValue?.range ?? openingBrace,
    keywordOffset: symbol?.keyRange.start ?? body.range.start,
    range: symbol?.range ?? body.range,
    hasSymbolicName: symbol !== undefined,
    type: fullType(typeValue ? writtenText(text, typeValue) : '', parent),
    apiVersion: stringProperty(body, 'apiVersion'),
    typeRange: typeValue?.range ?? openingBrace,
    apiVersionRange: apiVersionValue?.range,
    existing: isLiteralTrue(propertyNamed(body, 'existing')?.value),
    condition: propertyNamed(body, 'condition')?.value,
    loop: copyLoop(body),
    body,
    parentName: parent?.name,
    template,
  };
  template.declarations.push(declaration);

  const children = propertyNamed(body, 'resources')?.value;
  if (children) readResources(children, { text, template, parent: declaration });
}

/** A child resource's type is a segment appended to its parent's, unless written out in full. */
function fullType(writtenType: string, parent: ResourceDeclaration | undefined): string {
  return parent && writtenType !== '' && !writtenType.includes('/') ? `${parent.type}/${writtenType}` : writtenType;
}

function isLiteralTrue(value: Expression | undefined): boolean {
  return value?.kind === 'boolean' && value.value;
}

/** `"copy": { "name": …, "count": … }` */
function copyLoop(body: ObjectExpression): Loop | undefined {
  const copy = propertyNamed(body, 'copy');
  if (copy === undefined) return undefined;
  const definition = objectProperty(body, 'copy');
  const count = definition && propertyNamed(definition, 'count')?.value;
  return {
    kind: 'copy',
    copyName: stringProperty(definition, 'name') ?? '',
    count: count ?? { kind: 'unparsed', text: '', reason: 'The copy loop has no count', range: copy.value.range },
  };
}
