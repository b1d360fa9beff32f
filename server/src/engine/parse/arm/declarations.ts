import { propertyNamed, type Expression } from '../../model/expression';
import type { Template } from '../../model/template';
import { namedProperties, stringProperty } from './object-access';

/** `"parameters": { "name": { "type": …, "defaultValue": … } }` */
export function readParameters(section: Expression, template: Template): void {
  if (section.kind !== 'object') return;
  for (const property of namedProperties(section)) {
    const definition = property.value.kind === 'object' ? property.value : undefined;
    template.declarations.push({
      kind: 'param',
      name: property.key,
      nameRange: property.keyRange,
      keywordOffset: property.keyRange.start,
      range: property.range,
      defaultValue: definition && propertyNamed(definition, 'defaultValue')?.value,
    });
  }
}

/** `"variables": { "name": value, "copy": [ { "name", "count", "input" } ] }` */
export function readVariables(section: Expression, template: Template): void {
  if (section.kind !== 'object') return;
  for (const property of namedProperties(section)) {
    if (property.key.toLowerCase() === 'copy' && property.value.kind === 'array') {
      readVariableCopyLoops(property.value.items, template);
      continue;
    }
    template.declarations.push({
      kind: 'var',
      name: property.key,
      nameRange: property.keyRange,
      keywordOffset: property.keyRange.start,
      range: property.range,
      value: property.value,
    });
  }
}

/**
 * Each entry of the variables' `copy` array declares an array variable built by a loop. The
 * variable is declared so that references to it resolve, with a value nobody should guess.
 */
function readVariableCopyLoops(loops: readonly Expression[], template: Template): void {
  for (const loop of loops) {
    if (loop.kind !== 'object') continue;
    const name = stringProperty(loop, 'name');
    const nameProperty = propertyNamed(loop, 'name');
    if (name === undefined || nameProperty === undefined) continue;
    template.declarations.push({
      kind: 'var',
      name,
      nameRange: nameProperty.value.range,
      keywordOffset: loop.range.start,
      range: loop.range,
      value: { kind: 'unparsed', text: name, reason: 'The variable is built by a copy loop', range: loop.range },
    });
  }
}

/** `"outputs": { "name": { "type": …, "value": … } }` */
export function readOutputs(section: Expression, template: Template): void {
  if (section.kind !== 'object') return;
  for (const property of namedProperties(section)) {
    const definition = property.value.kind === 'object' ? property.value : undefined;
    template.declarations.push({
      kind: 'output',
      name: property.key,
      nameRange: property.keyRange,
      keywordOffset: property.keyRange.start,
      range: property.range,
      value: definition && propertyNamed(definition, 'value')?.value,
    });
  }
}
