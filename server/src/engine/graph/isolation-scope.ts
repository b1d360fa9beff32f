import type { TemplateEvaluator } from '../eval/evaluator';
import { describeValue, objectGet, type ResourceInstance } from '../eval/value';
import { propertyNamed } from '../model/expression';
import type { IsolationScopeState } from './model';

/**
 * isolationScope is missing when `properties` is absent or a literal object without the key; when
 * `properties` or the value is an expression that cannot be evaluated, the scope is undecided.
 */
export function isolationScopeOf(evaluator: TemplateEvaluator, instance: ResourceInstance): IsolationScopeState {
  const body = instance.declaration.body;
  if (!body) return { state: 'undecided', reason: 'the identity has no readable body', range: undefined };
  const bodyIsLiteral = !body.properties.some((member) => member.kind === 'spread');
  const propertiesSyntax = evaluator.resourcePropertySyntax(instance.declaration, ['properties']);
  if (!propertiesSyntax && bodyIsLiteral) return { state: 'missing' };

  if (propertiesSyntax?.kind === 'object' && !propertiesSyntax.properties.some((member) => member.kind === 'spread')) {
    const scope = propertyNamed(propertiesSyntax, 'isolationScope');
    if (!scope) return { state: 'missing' };
    const value = evaluator.evaluate(scope.value, evaluator.bindingsOf(instance));
    if (value.t === 'null') return { state: 'missing' };
    if (value.t === 'string') return { state: 'value', value: value.value, range: scope.value.range, origin: value.origin, literal: scope.value.kind === 'string' };
    return { state: 'undecided', reason: `isolationScope is ${describeValue(value)}`, range: scope.value.range, keyPresent: true };
  }

  const properties = evaluator.resourceProperty(instance, ['properties']);
  const range = propertiesSyntax?.range;
  if (properties.t === 'null') return { state: 'missing' };
  if (properties.t !== 'object') return { state: 'undecided', reason: `properties is ${describeValue(properties)}`, range };
  const value = objectGet(properties, 'isolationScope');
  if (!value || value.t === 'null') return properties.open ? { state: 'undecided', reason: 'properties is computed and may set isolationScope', range } : { state: 'missing' };
  if (value.t === 'string') return { state: 'value', value: value.value, range: range ?? instance.declaration.typeRange, origin: value.origin, literal: false };
  return { state: 'undecided', reason: `isolationScope is ${describeValue(value)}`, range, keyPresent: true };
}
