import type { TemplateEvaluator } from '../eval/evaluator';
import type { ResourceInstance } from '../eval/value';

/**
 * How messages name a resource: its symbolic name (with the loop position for copies); classic
 * ARM resources have none, so their evaluated name, or the name expression as written.
 */
export function displayName(evaluator: TemplateEvaluator, instance: ResourceInstance): string {
  const declaration = instance.declaration;
  let name = declaration.name;
  if (!declaration.hasSymbolicName) {
    const evaluated = evaluator.resourceProperty(instance, ['name']);
    if (evaluated.t === 'string') name = evaluated.value;
  }
  return instance.index === undefined ? name : `${name}[${instance.index}]`;
}
